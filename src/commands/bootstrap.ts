import { resolve } from 'node:path';
import type { Config } from '../config/schema.js';
import { baseUrlFor, claudeCodeEnv } from '../exporter-settings.js';
import { formatTableName, parseTableName, type TableName } from '../route/table-name.js';
import { TABLE_KINDS } from '../schema/tables.js';
import { LocalDeltaSink } from '../sinks/delta/local-delta-sink.js';
import type { Sink } from '../sinks/sink.js';
import { deployUsageDashboard, type DeployOptions } from './dashboard-export.js';

export interface BootstrapOptions {
  catalog: string;
  schema: string;
  prefix: string;
  /**
   * Further prefixes (`--prefix` repeated: other agents' tables), created the same way and shown in
   * the same dashboard; the exporter settings printed are the first prefix's.
   */
  morePrefixes?: readonly string[];
  /**
   * (`--dashboard`) After the tables, create or update and publish the usage dashboard over them in
   * the warehouse's workspace.
   */
  dashboard?: DeployOptions;
  /** The service URL to print in the exporter settings; defaults to the configured host and port. */
  url?: string;
}

/**
 * Creates `<catalog>.<schema>.<prefix>_otel_metrics`, `_otel_logs` and `_otel_spans` (one per
 * table kind of `sql/`; idempotent) on the configured sink (the SQL warehouse when DATABRICKS_HOST
 * and DATABRICKS_HTTP_PATH are set, local Delta tables otherwise) and prints the `env` block for Claude Code's settings.json,
 * with the metrics, logs and traces exporters pointed at them. With `--dashboard`, also deploys the
 * usage dashboard over those tables (dashboard-export.ts). Returns the exit code.
 */
export async function bootstrap(config: Config, options: BootstrapOptions): Promise<number> {
  if (options.dashboard && !config.databricks) {
    console.error('otlp-delta: --dashboard needs DATABRICKS_HOST and DATABRICKS_HTTP_PATH (the workspace and warehouse to create it on); for a file to import, run `otlp-delta dashboard export`');
    return 2;
  }
  const prefixes = [options.prefix, ...(options.morePrefixes ?? []).filter((p) => p !== options.prefix)];
  const all: TableName[] = [];
  const tables = {} as Record<(typeof TABLE_KINDS)[number], TableName>;
  for (const prefix of prefixes) {
    for (const kind of TABLE_KINDS) {
      const parsed = parseTableName(`${options.catalog}.${options.schema}.${prefix}_otel_${kind}`);
      if (!parsed.ok) {
        console.error(`otlp-delta: bad --catalog/--schema/--prefix: ${parsed.reason}`);
        return 2;
      }
      all.push(parsed.name);
      if (prefix === options.prefix) tables[kind] = parsed.name;
    }
  }
  // On the warehouse, the `sql/` DDL runs there (CREATE TABLE IF NOT EXISTS, each name part
  // backquoted); every failure stops the command with the warehouse's own message.
  const sink: Sink = config.databricks
    ? new (await import('../sinks/databricks/index.js')).DatabricksSink(config.databricks, { strict: true })
    : new LocalDeltaSink(resolve(config.dataDir));
  try {
    for (const [i, table] of all.entries()) {
      const kind = TABLE_KINDS[i % TABLE_KINDS.length];
      const name = formatTableName(table);
      let check;
      try {
        check = await sink.prepareTable(table, kind, true);
      } catch (error) {
        console.error(`otlp-delta: ${(error as Error).message}`);
        return 1;
      }
      if (check.status !== 'ok') {
        console.error(`otlp-delta: ${name} exists but does not hold the ${kind} v1 schema; choose another prefix`);
        return 1;
      }
      console.error(`created or found ${name} in ${sink.description}`);
    }
  } finally {
    await sink.close();
  }
  if (options.dashboard) {
    const code = await deployUsageDashboard(config, { catalog: options.catalog, schema: options.schema, prefixes }, options.dashboard);
    if (code !== 0) return code;
  }
  const env = claudeCodeEnv({
    baseUrl: options.url ?? baseUrlFor(config.host, config.port),
    metricsTable: tables.metrics,
    logsTable: tables.logs,
    spansTable: tables.spans,
  });
  console.log(JSON.stringify({ env }, null, 2));
  return 0;
}
