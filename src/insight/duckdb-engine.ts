import type { DuckDBConnection } from '@duckdb/node-api';
import PQueue from 'p-queue';
import type { ParamValues, UsageEngine, ViewResult } from './engine.js';
import { listLocalTables, type LocalTable } from './local-tables.js';
import type { PriceList, Sources, ViewDef } from './model/index.js';
import { dropSnapshotSql, fileTableSql, snapshotSql } from './model/per-file.js';
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
  /** The data files it reads. */
  files: Set<string>;
  ready: Promise<void>;
  users: number;
  retired: boolean;
}

/**
 * The local query engine: DuckDB over the live Parquet files of every v1 table under the data
 * dir. Queries run in DuckDB's own threads, at most `concurrency` at once, so the dashboard
 * never competes with the ingest path for the event loop. Each data file is normalised once
 * into an in-memory table (files never change); a snapshot (every table's version) is a set of
 * views over its files' tables plus what spans files (cumulative deltas, prices), and results
 * are cached per snapshot: a new commit normalises only its new file, and nothing stale outlives
 * a write. A retired snapshot's views, and the tables of files no snapshot reads, are dropped
 * once the queries on them end.
 */
export class DuckDbEngine implements UsageEngine {
  private connection?: Promise<DuckDBConnection>;
  private readonly queue: PQueue;
  private readonly cache = new Map<string, Promise<ViewResult>>();
  private current?: Snapshot;
  private readonly live = new Set<Snapshot>();
  private readonly fileTables = new Map<string, { table: string; ready: Promise<void> }>();
  private templates?: Promise<{ metrics: string; logs: string }>;
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
    const snapshot = this.options.materialise === false ? undefined : this.snapshot(key, tables);
    try {
      await snapshot?.ready;
      const sql = view.sql('duckdb', sources, { prices: this.options.prices, materialised: snapshot?.prefix });
      const reader = await this.queue.add(() => connection.runAndReadAll(sql, params, types));
      return reader!.getRowObjectsJS().map((r) => toJsonRow(view.columns, r));
    } finally {
      if (snapshot) this.release(snapshot);
    }
  }

  /** The base relations of a snapshot, built once; taken (released by `release`). */
  private snapshot(key: string, tables: readonly LocalTable[]): Snapshot {
    if (this.current?.key !== key) {
      const previous = this.current;
      const prefix = `usage_s${++this.counter}_`;
      const live = (kind: LocalTable['kind']) => tables.filter((t) => t.kind === kind && t.files.length > 0);
      const [metrics, logs] = [live('metrics'), live('logs')];
      const files = new Set([...metrics, ...logs].flatMap((t) => t.files));
      const ready = (async () => {
        const connection = await this.connect();
        const templates = await this.templateTables(connection);
        const names = async (kind: 'metrics' | 'logs', list: LocalTable[]) =>
          Promise.all(list.map((t) => Promise.all(t.files.map((f) => this.fileTable(connection, kind, f)))));
        const snapshotFiles = { metrics: await names('metrics', metrics), logs: await names('logs', logs) };
        const statements = snapshotSql(snapshotFiles, templates, prefix, { prices: this.options.prices });
        await this.queue.add(async () => {
          for (const sql of statements) await connection.run(sql);
        });
      })();
      const snapshot: Snapshot = { key, prefix, files, ready, users: 0, retired: false };
      this.current = snapshot;
      this.live.add(snapshot);
      // A failed build is not kept: the next request builds again.
      ready.catch(() => {
        if (this.current === snapshot) this.current = undefined;
        snapshot.retired = true;
      });
      if (previous) {
        previous.retired = true;
        this.dropIfIdle(previous);
      }
    }
    this.current!.users++;
    return this.current!;
  }

  /** The table of one data file, normalised once. */
  private fileTable(connection: DuckDBConnection, kind: 'metrics' | 'logs', path: string): Promise<string> {
    let entry = this.fileTables.get(path);
    if (!entry) {
      const table = `usage_f${++this.counter}`;
      const relation = `read_parquet(['${path.replace(/'/g, "''")}'])`;
      const ready = this.queue.add(() => connection.run(fileTableSql(kind, relation, table))).then(() => undefined);
      entry = { table, ready };
      this.fileTables.set(path, entry);
      ready.catch(() => this.fileTables.delete(path));
    }
    const { table, ready } = entry;
    return ready.then(() => table);
  }

  private templateTables(connection: DuckDBConnection): Promise<{ metrics: string; logs: string }> {
    this.templates ??= this.queue
      .add(async () => {
        await connection.run(fileTableSql('metrics', null, 'usage_template_metrics'));
        await connection.run(fileTableSql('logs', null, 'usage_template_logs'));
      })
      .then(() => ({ metrics: 'usage_template_metrics', logs: 'usage_template_logs' }));
    this.templates.catch(() => (this.templates = undefined));
    return this.templates;
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
    if (!snapshot.retired || snapshot.users > 0 || !this.live.has(snapshot)) return;
    this.live.delete(snapshot);
    // Files that no remaining snapshot reads (compacted away, or every snapshot retired).
    const kept = new Set([...this.live].flatMap((s) => [...s.files]));
    const gone = [...this.fileTables].filter(([path]) => !kept.has(path) && !this.current?.files.has(path));
    for (const [path] of gone) this.fileTables.delete(path);
    // Waited for outside the queue: a queued job never waits for another queued job.
    void Promise.all([snapshot.ready, ...gone.map(([, g]) => g.ready)].map((p) => p.catch(() => undefined)))
      .then(() => this.connect())
      .then((connection) =>
        this.queue.add(async () => {
          for (const sql of dropSnapshotSql(snapshot.prefix)) await connection.run(sql);
          for (const [, { table }] of gone) await connection.run(`DROP TABLE IF EXISTS ${table}`);
        }),
      )
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
