import { exposureProblem } from '../auth/exposure.js';
import { TokensFileError, TokenStore } from '../auth/tokens.js';
import { ConfigError } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { baseUrlFor } from '../exporter-settings.js';
import { listenDashboard } from '../insight/index.js';
import type { UsageEngine } from '../insight/engine.js';
import type { PriceList } from '../insight/model/index.js';
import { WarehouseEngine } from '../insight/warehouse-engine.js';
import { parseTableName } from '../route/table-name.js';

/** `otlp-delta dashboard`'s own port, beside `serve`'s 4318. */
export const DASHBOARD_PORT = 4319;

/** The warehouse tables the dashboard reads when a SQL warehouse is configured. */
export interface DashboardTables {
  catalog?: string;
  schema?: string;
  prefixes: readonly string[];
}

/**
 * The usage dashboard on its own: read-only over the tables under the data dir, or, when a SQL
 * warehouse is configured, over `catalog.schema.<prefix>_otel_*` on the warehouse (the same SQL as
 * the exported `.lvdash.json`'s datasets). It takes no spool lock and writes nothing, so it runs
 * beside a `serve` of the same data dir. Listens where `serve` may (loopback, or a tokens file, or
 * the explicit opt-in). Runs until SIGTERM/SIGINT.
 */
export async function dashboard(config: Config, options: { port: number; tables: DashboardTables }): Promise<void> {
  const problem = exposureProblem(config);
  if (problem !== null) throw new ConfigError(problem.replace('could write any table', 'could read every table'));
  const engineOf = await warehouseEngineOf(config, options.tables);
  const stopSignal = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  let tokenStore: TokenStore | null = null;
  try {
    tokenStore = config.tokensFile === undefined ? null : await TokenStore.open(config.tokensFile);
  } catch (error) {
    if (error instanceof TokensFileError) throw new ConfigError(error.message);
    throw error;
  }
  const onHangup = () => void tokenStore?.reload().catch(() => undefined);
  process.on('SIGHUP', onHangup);
  const listening = await listenDashboard(config, options.port, () => tokenStore?.current ?? null, engineOf);
  const base = baseUrlFor(config.host, listening.port);
  process.stdout.write(
    `otlp-delta dashboard listening on ${base}\n  page: ${base}/dashboard\n  API:  ${base}/api/usage/summary\n` +
      (config.databricks
        ? `reading ${options.tables.prefixes.map((p) => `${options.tables.catalog}.${options.tables.schema}.${p}_otel_*`).join(', ')} on the SQL warehouse ${config.databricks.host}\n`
        : `reading every v1 table under ${config.dataDir} (read-only)\n`),
  );
  await stopSignal;
  process.off('SIGHUP', onHangup);
  await listening.close();
}

/**
 * With a SQL warehouse configured, the views run there, over the tables `--catalog`, `--schema` and
 * `--prefix` name (the connector is loaded only then); without one, the local engine is used.
 */
async function warehouseEngineOf(config: Config, tables: DashboardTables): Promise<((prices: PriceList) => UsageEngine) | undefined> {
  if (!config.databricks) return undefined;
  const { catalog, schema, prefixes } = tables;
  if (!catalog || !schema || prefixes.length === 0) {
    throw new ConfigError('dashboard on a SQL warehouse (DATABRICKS_HOST and DATABRICKS_HTTP_PATH are set) needs --catalog, --schema and --prefix (--prefix may repeat)');
  }
  for (const prefix of prefixes) {
    const parsed = parseTableName(`${catalog}.${schema}.${prefix}_otel_metrics`);
    if (!parsed.ok) throw new ConfigError(`dashboard: bad --catalog/--schema/--prefix: ${parsed.reason}`);
  }
  const { WarehouseQueryRunner } = await import('../sinks/databricks/index.js');
  const settings = config.databricks;
  return (prices) => new WarehouseEngine(new WarehouseQueryRunner(settings), { catalog, schema, prefixes }, { prices });
}
