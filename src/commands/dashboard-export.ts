import { writeFile } from 'node:fs/promises';
import type { Config } from '../config/schema.js';
import { usageDashboard } from '../insight/lakeview/usage.js';
import { parseTableName } from '../route/table-name.js';

/**
 * `otlp-delta dashboard export` and `bootstrap --dashboard`: the usage dashboard as a Databricks
 * AI/BI dashboard over `catalog.schema.<prefix>_otel_*` (one or several prefixes), written to a
 * `.lvdash.json` file for import, or created (or updated) and published in the workspace.
 */

export interface DashboardTarget {
  catalog: string;
  schema: string;
  prefixes: string[];
}

/** The names are table-name parts (SPEC.md "Endpoints"); the first bad one is the message. */
export function checkTarget(target: DashboardTarget): string | undefined {
  if (target.prefixes.length === 0) return 'needs at least one --prefix';
  for (const prefix of target.prefixes) {
    const parsed = parseTableName(`${target.catalog}.${target.schema}.${prefix}_otel_metrics`);
    if (!parsed.ok) return `bad --catalog/--schema/--prefix: ${parsed.reason}`;
  }
  return undefined;
}

/** The serialized dashboard: stable key order and indentation, so that a file diffs well in a repository. */
export function serializedUsageDashboard(target: DashboardTarget): string {
  return `${JSON.stringify(usageDashboard(target.catalog, target.schema, target.prefixes), null, 2)}\n`;
}

export async function dashboardExport(target: DashboardTarget & { out?: string }): Promise<number> {
  const problem = checkTarget(target);
  if (problem) {
    console.error(`otlp-delta: dashboard export ${problem}`);
    return 2;
  }
  const text = serializedUsageDashboard(target);
  if (!target.out || target.out === '-') {
    process.stdout.write(text);
    return 0;
  }
  await writeFile(target.out, text);
  const parsed = JSON.parse(text) as { datasets: unknown[]; pages: unknown[] };
  console.error(
    `wrote ${target.out}: ${parsed.datasets.length} datasets, ${parsed.pages.length} pages over ${target.prefixes.map((p) => `${target.catalog}.${target.schema}.${p}_otel_*`).join(', ')}; import it in the workspace (Dashboards > Create > Import dashboard from file)`,
  );
  return 0;
}

export interface DeployOptions {
  /** Workspace folder of the dashboard (made if missing). */
  folder: string;
  /** Its display name; a dashboard of that name in that folder is updated. */
  name?: string;
}

export const DEFAULT_DASHBOARD_FOLDER = '/Shared/otlp-delta';

export function defaultDashboardName(target: DashboardTarget): string {
  return `Coding agent usage (${target.catalog}.${target.schema})`;
}

/**
 * Creates or updates, then publishes, the usage dashboard in the workspace of the configured
 * warehouse, with the sink's credentials. Returns the exit code; prints the dashboard's URL.
 */
export async function deployUsageDashboard(config: Config, target: DashboardTarget, options: DeployOptions): Promise<number> {
  if (!config.databricks) {
    console.error('otlp-delta: --dashboard needs DATABRICKS_HOST and DATABRICKS_HTTP_PATH (the workspace and warehouse to create it on); for a file to import, run `otlp-delta dashboard export`');
    return 2;
  }
  const { LakeviewClient, LakeviewError, warehouseIdOf } = await import('../sinks/databricks/index.js');
  const warehouseId = warehouseIdOf(config.databricks.httpPath);
  if (!warehouseId) {
    console.error(`otlp-delta: DATABRICKS_HTTP_PATH ${config.databricks.httpPath} does not name a SQL warehouse (/sql/1.0/warehouses/<id>); dashboards run on a SQL warehouse`);
    return 2;
  }
  const folder = options.folder.replace(/\/+$/, '');
  if (!folder.startsWith('/')) {
    console.error(`otlp-delta: --dashboard-folder must be an absolute workspace path such as ${DEFAULT_DASHBOARD_FOLDER}`);
    return 2;
  }
  const client = new LakeviewClient(config.databricks);
  try {
    const result = await client.deploy({
      displayName: options.name ?? defaultDashboardName(target),
      parentPath: folder,
      warehouseId,
      serializedDashboard: serializedUsageDashboard(target),
      embedCredentials: true,
    });
    console.error(`dashboard ${result.action} and published in ${folder}: ${result.url}`);
    return 0;
  } catch (error) {
    if (error instanceof LakeviewError) {
      console.error(`otlp-delta: the tables are ready, but the dashboard is not: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
