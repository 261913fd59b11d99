import { resolve } from 'node:path';
import type { Config } from '../config/schema.js';
import { baseUrlFor, claudeCodeEnv } from '../exporter-settings.js';
import { formatTableName, parseTableName, type TableName } from '../route/table-name.js';
import { TABLE_KINDS } from '../schema/tables.js';
import { LocalDeltaSink } from '../sinks/delta/local-delta-sink.js';

export interface BootstrapOptions {
  catalog: string;
  schema: string;
  prefix: string;
  /** The service URL to print in the exporter settings; defaults to the configured host and port. */
  url?: string;
}

/**
 * Creates `<catalog>.<schema>.<prefix>_otel_metrics`, `_otel_logs` and `_otel_spans` (one per
 * table kind of `sql/`; idempotent) and prints the `env` block for Claude Code's settings.json,
 * with the metrics, logs and traces exporters pointed at them. Returns the exit code.
 */
export async function bootstrap(config: Config, options: BootstrapOptions): Promise<number> {
  const tables = {} as Record<(typeof TABLE_KINDS)[number], TableName>;
  for (const kind of TABLE_KINDS) {
    const parsed = parseTableName(`${options.catalog}.${options.schema}.${options.prefix}_otel_${kind}`);
    if (!parsed.ok) {
      console.error(`otlp-delta: bad --catalog/--schema/--prefix: ${parsed.reason}`);
      return 2;
    }
    tables[kind] = parsed.name;
  }
  const sink = new LocalDeltaSink(resolve(config.dataDir));
  try {
    for (const kind of TABLE_KINDS) {
      const check = await sink.prepareTable(tables[kind], kind, true);
      const name = formatTableName(tables[kind]);
      if (check.status !== 'ok') {
        console.error(`otlp-delta: ${name} exists but does not hold the ${kind} v1 schema; choose another prefix`);
        return 1;
      }
      console.error(`created or found ${name} in ${sink.description}`);
    }
  } finally {
    await sink.close();
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
