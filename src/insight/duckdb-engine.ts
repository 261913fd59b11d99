import type { DuckDBConnection } from '@duckdb/node-api';
import PQueue from 'p-queue';
import { listLocalTables, type LocalTable } from './local-tables.js';
import type { ParamValues, UsageEngine, ViewResult } from './engine.js';
import type { PriceList, Sources, ViewDef } from './model/index.js';
import { toJsonRow } from './result-json.js';


/**
 * The local query engine: DuckDB over the live Parquet files of every v1 table under the data
 * dir. Queries run in DuckDB's own threads, at most `concurrency` at once, so the dashboard
 * never competes with the ingest path for the event loop. Results are cached per snapshot: the
 * key holds every table's version, so a new commit (or compaction) makes the next request
 * re-query, and nothing stale outlives a write.
 */
export class DuckDbEngine implements UsageEngine {
  private connection?: Promise<DuckDBConnection>;
  private readonly queue: PQueue;
  private readonly cache = new Map<string, Promise<ViewResult>>();

  constructor(
    private readonly dataDir: string,
    private readonly options: { prices?: PriceList; concurrency?: number; cacheEntries?: number; threads?: number } = {},
  ) {
    this.queue = new PQueue({ concurrency: options.concurrency ?? 2 });
  }

  /** The v1 tables the engine reads now. */
  tables(): Promise<LocalTable[]> {
    return listLocalTables(this.dataDir);
  }

  async run(view: ViewDef, params: ParamValues): Promise<ViewResult> {
    const tables = await this.tables();
    const snapshot = tables.map((t) => `${t.name}@${t.version}`).join(',');
    const bound = boundParams(view, params);
    const key = `${view.id}\n${snapshot}\n${JSON.stringify(bound)}`;
    let hit = this.cache.get(key);
    if (!hit) {
      hit = this.queue.add(() => this.query(view, sourcesOf(tables), bound)).then((rows) => ({ snapshot, rows }));
      this.remember(key, hit);
    }
    return hit;
  }

  async close(): Promise<void> {
    await this.queue.onIdle();
    const connection = await this.connection;
    connection?.closeSync();
  }

  private remember(key: string, result: Promise<ViewResult>): void {
    this.cache.set(key, result);
    // A failed query is not cached: the next request tries again.
    result.catch(() => this.cache.delete(key));
    const max = this.options.cacheEntries ?? 256;
    while (this.cache.size > max) this.cache.delete(this.cache.keys().next().value as string);
  }

  private async query(view: ViewDef, sources: Sources, params: Record<string, string>): Promise<Record<string, unknown>[]> {
    const sql = view.sql('duckdb', sources, { prices: this.options.prices });
    const connection = await this.connect();
    const { VARCHAR } = await import('@duckdb/node-api');
    const types = Object.fromEntries(Object.keys(params).map((k) => [k, VARCHAR]));
    const reader = await connection.runAndReadAll(sql, params, types);
    return reader.getRowObjectsJS().map((r) => toJsonRow(view.columns, r));
  }

  private connect(): Promise<DuckDBConnection> {
    this.connection ??= (async () => {
      // Loaded on first use: `serve` pays for the native library only when someone looks.
      const { DuckDBInstance } = await import('@duckdb/node-api');
      const instance = await DuckDBInstance.create(':memory:', { threads: String(this.options.threads ?? 2) });
      return instance.connect();
    })();
    return this.connection;
  }
}

/** Only the parameters the SQL names, each as a string ('' = no filter). */
function boundParams(view: ViewDef, params: ParamValues): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of view.params) out[name] = params[name] ?? '';
  return out;
}

/** DuckDB relations over each table's live files; a table without files contributes nothing. */
export function sourcesOf(tables: readonly LocalTable[]): Sources {
  const rel = (t: LocalTable) => `read_parquet([${t.files.map((f) => `'${f.replace(/'/g, "''")}'`).join(', ')}])`;
  const of = (kind: LocalTable['kind']) => tables.filter((t) => t.kind === kind && t.files.length > 0);
  const [metrics, logs, spans] = [of('metrics'), of('logs'), of('spans')];
  return {
    metrics: metrics.map(rel),
    logs: logs.map(rel),
    spans: spans.map(rel),
    names: { metrics: metrics.map((t) => t.name), logs: logs.map((t) => t.name), spans: spans.map((t) => t.name) },
  };
}
