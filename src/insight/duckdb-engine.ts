import type { DuckDBConnection } from '@duckdb/node-api';
import PQueue from 'p-queue';
import type { ParamValues, UsageEngine, ViewResult } from './engine.js';
import { listLocalTables, type LocalTable } from './local-tables.js';
import { dematerialise, materialise, type PriceList, type Sources, type ViewDef } from './model/index.js';
import { toJsonRow } from './result-json.js';

export interface DuckDbEngineOptions {
  prices?: PriceList;
  /** Queries at once (each runs on DuckDB's own threads). */
  concurrency?: number;
  cacheEntries?: number;
  threads?: number;
  /** Normalise each snapshot once into tables the views read (default); off: every view normalises the files itself. */
  materialise?: boolean;
  /** How long a snapshot's tables outlive the last query on them (default 10 minutes). */
  idleMs?: number;
}

interface Snapshot {
  key: string;
  prefix: string;
  ready: Promise<void>;
  users: number;
  retired: boolean;
}

/**
 * The local query engine: DuckDB over the live Parquet files of every v1 table under the data
 * dir. Queries run in DuckDB's own threads, at most `concurrency` at once, so the dashboard
 * never competes with the ingest path for the event loop. Per snapshot (every table's version),
 * the sources are normalised once into in-memory tables that every view then reads, and results
 * are cached: a new commit (or compaction) makes the next request build the next snapshot, and
 * nothing stale outlives a write. A snapshot's tables are dropped once the queries on it end.
 */
export class DuckDbEngine implements UsageEngine {
  private connection?: Promise<DuckDBConnection>;
  private readonly queue: PQueue;
  private readonly cache = new Map<string, Promise<ViewResult>>();
  private current?: Snapshot;
  private counter = 0;
  private idleTimer?: NodeJS.Timeout;

  constructor(
    private readonly dataDir: string,
    private readonly options: DuckDbEngineOptions = {},
  ) {
    this.queue = new PQueue({ concurrency: options.concurrency ?? 2 });
  }

  /** The v1 tables the engine reads now. */
  tables(): Promise<LocalTable[]> {
    return listLocalTables(this.dataDir);
  }

  async run(view: ViewDef, params: ParamValues): Promise<ViewResult> {
    const tables = await this.tables();
    const key = tables.map((t) => `${t.name}@${t.version}`).join(',');
    const bound = boundParams(view, params);
    const cacheKey = `${view.id}\n${key}\n${JSON.stringify(bound)}`;
    let hit = this.cache.get(cacheKey);
    if (!hit) {
      hit = this.query(view, tables, key, bound).then((rows) => ({ snapshot: key, rows }));
      this.remember(cacheKey, hit);
    }
    return hit;
  }

  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
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

  private async query(view: ViewDef, tables: LocalTable[], key: string, params: Record<string, string>): Promise<Record<string, unknown>[]> {
    const sources = sourcesOf(tables);
    const connection = await this.connect();
    const { VARCHAR } = await import('@duckdb/node-api');
    const types = Object.fromEntries(Object.keys(params).map((k) => [k, VARCHAR]));
    const snapshot = this.options.materialise === false ? undefined : this.snapshot(key, sources);
    try {
      await snapshot?.ready;
      const sql = view.sql('duckdb', sources, { prices: this.options.prices, materialised: snapshot?.prefix });
      const reader = await this.queue.add(() => connection.runAndReadAll(sql, params, types));
      return reader!.getRowObjectsJS().map((r) => toJsonRow(view.columns, r));
    } finally {
      if (snapshot) this.release(snapshot);
    }
  }

  /** The normalised tables of a snapshot, built once; taken (released by `release`). */
  private snapshot(key: string, sources: Sources): Snapshot {
    if (this.current?.key !== key) {
      const previous = this.current;
      const prefix = `usage_s${++this.counter}_`;
      const ready = this.connect().then(async (connection) => {
        const statements = materialise('duckdb', sources, prefix, { prices: this.options.prices });
        await this.queue.add(async () => {
          for (const sql of statements) await connection.run(sql);
        });
      });
      this.current = { key, prefix, ready, users: 0, retired: false };
      // A failed build is not kept: the next request builds again.
      ready.catch(() => {
        if (this.current?.prefix === prefix) this.current = undefined;
      });
      if (previous) {
        previous.retired = true;
        this.dropIfIdle(previous);
      }
    }
    this.current!.users++;
    return this.current!;
  }

  private release(snapshot: Snapshot): void {
    snapshot.users--;
    this.dropIfIdle(snapshot);
    // Nobody looking for a while: give the snapshot's memory back (the next request rebuilds it).
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      const current = this.current;
      if (!current || current.users > 0) return;
      this.current = undefined;
      current.retired = true;
      this.dropIfIdle(current);
    }, this.options.idleMs ?? 10 * 60_000);
    this.idleTimer.unref();
  }

  private dropIfIdle(snapshot: Snapshot): void {
    if (!snapshot.retired || snapshot.users > 0) return;
    void snapshot.ready
      .catch(() => undefined)
      .then(() => this.connect())
      .then((connection) => this.queue.add(async () => {
        for (const sql of dematerialise(snapshot.prefix)) await connection.run(sql);
      }))
      .catch(() => undefined);
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
