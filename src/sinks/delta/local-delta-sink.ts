import { access, constants, lstat, mkdir, realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { OtlpDeltaError } from '../../errors.js';
import { diskFullMessage } from '../../fs/durable.js';
import type { TableName } from '../../route/table-name.js';
import { TABLE_SCHEMAS } from '../../schema/tables.js';
import type { TableKind } from '../../schema/types.js';
import { EncodePool } from './encode/encode-pool.js';
import type { ExportBatch, Sink, TableCheck, WriteOutcome, WriteTxn } from '../sink.js';
import type { WrittenFile } from './data-file.js';
import { EncodeAhead, removeWritten } from './encode-ahead.js';
import { DeltaTable } from './table.js';
import { removeCrashLeftovers } from './vacuum.js';

/** A batch's records are read fresh for the pool, so their buffers move to the worker instead of being copied. */
const TRANSFER = true;

/**
 * The embedded default sink: local Delta Lake tables, `catalog.schema.table` at
 * `<dataDir>/<catalog>/<schema>/<table>/` (SPEC.md). Table names are validated by `route/` before
 * they get here, so each part is a single safe path segment.
 */
export class LocalDeltaSink implements Sink {
  readonly description: string;
  private readonly tables = new Map<string, DeltaTable>();
  private readonly pool: EncodePool;
  /** Tables found by `prepareTable`, by directory: their kind, until when it is trusted. */
  private readonly known = new Map<string, { kind: TableKind | 'other'; until: number }>();
  private readonly checkMs: number;
  private readonly ahead = new EncodeAhead();

  /** `encodeWorkers` threads encode Parquet; 0 encodes on the calling thread. `checkMs`: how long a found table is trusted. */
  constructor(
    private readonly dataDir: string,
    { encodeWorkers = 0, checkMs = 5_000 }: { encodeWorkers?: number; checkMs?: number } = {},
  ) {
    this.description = `local Delta tables under ${dataDir}`;
    this.pool = new EncodePool(encodeWorkers);
    this.checkMs = checkMs;
  }

  tableDir(name: TableName): string {
    return join(this.dataDir, name.catalog, name.schema, name.table);
  }

  /**
   * The table's handle. The first time this process opens a table, what a crash of an earlier
   * writer left in it (temporary commit files, data files no commit names) is removed once it is
   * provably an orphan (`vacuum.ts`: a dead writer's marker, or older than the in-flight margin).
   * A failure there is not the request's problem: VACUUM tries again.
   */
  private async table(name: TableName): Promise<DeltaTable> {
    const dir = this.tableDir(name);
    let table = this.tables.get(dir);
    if (!table) {
      this.tables.set(dir, (table = new DeltaTable(dir)));
      await removeCrashLeftovers(dir).catch(() => {});
    }
    return table;
  }

  /**
   * Refuses a table whose directory would lead outside the data dir through a symlink planted in
   * it (`<dataDir>/<catalog>` or `<catalog>/<schema>` or the table dir itself a link to elsewhere,
   * dangling links included): each existing part of the path is resolved and must stay under the
   * data dir's real path. Links that stay inside are followed.
   */
  private async outsideDataDir(name: TableName): Promise<string | null> {
    const root = await realpath(this.dataDir).catch(() => this.dataDir);
    let path = this.dataDir;
    for (const part of [name.catalog, name.schema, name.table]) {
      path = join(path, part);
      const stats = await lstat(path).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return null;
        throw error;
      });
      if (stats === null) return null; // nothing further exists: mkdir creates plain directories under a checked parent
      if (!stats.isSymbolicLink()) continue;
      const real = await realpath(path).catch(() => null);
      if (real === null || (real !== root && !real.startsWith(root + sep))) {
        return `table ${name.catalog}.${name.schema}.${name.table}: its directory is a symbolic link that leads outside the data directory; otlp-delta does not follow it`;
      }
    }
    return null;
  }

  /**
   * A table found recently is taken as found (its kind, for `checkMs`), as the warehouse sink does:
   * the path check and the log replay are not paid on every request. A missing table is not
   * remembered, so that one created by `bootstrap` takes requests at once.
   */
  async prepareTable(name: TableName, kind: TableKind, create: boolean): Promise<TableCheck> {
    const key = this.tableDir(name);
    const known = this.known.get(key);
    if (known && known.until > Date.now()) return kindCheck(known.kind, kind);
    const outside = await this.outsideDataDir(name);
    if (outside !== null) return { status: 'refused', reason: 'outside-data-dir', message: outside };
    const table = await this.table(name);
    let info;
    try {
      info = create ? await table.create(TABLE_SCHEMAS[kind]) : await table.info();
    } catch (error) {
      // One table whose log cannot be read (or written) is that table's problem: its requests get
      // a retryable 503 naming it and why, and every other table keeps serving.
      if (error instanceof OtlpDeltaError) throw error;
      const message =
        diskFullMessage(error) ?? `table ${name.catalog}.${name.schema}.${name.table} cannot be used now: ${(error as Error).message}`;
      return { status: 'refused', reason: 'unavailable', message };
    }
    if (!info) return { status: 'missing' };
    this.known.set(key, { kind: info.kind, until: Date.now() + this.checkMs });
    return kindCheck(info.kind, kind);
  }

  async write(name: TableName, kind: TableKind, batch: ExportBatch, txn?: WriteTxn): Promise<WriteOutcome> {
    // The data-dir check was made by `prepareTable` for this table moments ago (it is trusted for
    // `checkMs`, as the table's kind is); only a write past that is checked again.
    const outside = this.trusted(name) ? null : await this.outsideDataDir(name);
    if (outside !== null) return { status: 'permanent', error: new OtlpDeltaError('BAD_TABLE_HEADER', outside) };
    const table = await this.table(name);
    const ahead = await this.takeAhead(this.tableDir(name), batch);
    // A batch the table already holds (a replay after a crash) is not encoded again. A batch
    // written ahead goes straight to the append, which checks the txn on the log it commits on.
    if (!ahead && txn && ((await table.latestTxnVersion(txn.appId)) ?? -1) >= txn.version) return { status: 'success' };
    // Written ahead (prepare), or encoded now in the pool's threads from the spooled bodies, or
    // here from the rows when it has none.
    const data =
      ahead ??
      (this.pool.size > 0 && batch.rowCount > 0 ? await this.pool.encode({ kind, records: await batch.records() }, TRANSFER) : await batch.rows());
    const result = await table.append(TABLE_SCHEMAS[kind], data, { txn });
    switch (result.status) {
      case 'committed':
      case 'duplicate':
      case 'noop':
        return { status: 'success' };
      case 'conflict':
        return { status: 'retryable', error: new Error(`lost ${result.attempts} commit races in a row on ${this.tableDir(name)}`) };
      case 'rejected':
        this.known.delete(this.tableDir(name));
        return { status: 'permanent', error: new Error(result.message) };
    }
  }

  /**
   * The files written ahead for the batch, one per part when it joins several prepared batches;
   * null unless every part has its file (the ones found are removed, and the batch is encoded whole).
   */
  private async takeAhead(dir: string, batch: ExportBatch): Promise<WrittenFile[] | null> {
    const parts = batch.parts ?? [batch];
    const files = await Promise.all(parts.map((part) => this.ahead.take(dir, part.id, part.rowCount)));
    if (files.every((file): file is WrittenFile => file !== null)) return files;
    await Promise.all(files.map((file) => file && removeWritten(dir, file)));
    return null;
  }

  /** Whether the file `prepare` started for this batch is written (its write would not wait for it). */
  isPrepared(name: TableName, batch: ExportBatch): boolean {
    return this.ahead.isWritten(this.tableDir(name), batch.id);
  }

  private trusted(name: TableName): boolean {
    const known = this.known.get(this.tableDir(name));
    return known !== undefined && known.until > Date.now();
  }

  /**
   * Encodes the batch's Parquet file in the pool, and writes it into the table, while earlier
   * batches commit; `write` picks it up and only has to commit it.
   */
  prepare(name: TableName, kind: TableKind, batch: ExportBatch): void {
    if (this.pool.size === 0 || batch.rowCount === 0 || batch.id === undefined) return;
    if (this.ahead.has(this.tableDir(name), batch.id)) return;
    const dir = this.tableDir(name);
    this.ahead.put(dir, batch.id, batch.records().then((records) => this.pool.encodeAndWrite({ kind, records }, dir, TRANSFER)));
  }

  /**
   * Null also when the table cannot be read now (a damaged log): recovery must not stop the other
   * tables for it. Nothing is lost by it: the append checks the `txn` again on the log it commits
   * on, so a batch the table already holds is never written twice.
   */
  async committedVersion(name: TableName, appId: string): Promise<number | null> {
    try {
      return await (await this.table(name)).latestTxnVersion(appId);
    } catch {
      return null;
    }
  }

  async ready(): Promise<boolean> {
    try {
      await mkdir(this.dataDir, { recursive: true });
      await access(this.dataDir, constants.W_OK);
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    // Every commit is durable when `write` resolves; nothing is buffered here (files written ahead
    // are named by no commit, and removed). Checkpoints still being stored are waited for.
    await this.ahead.clear();
    await Promise.all([...this.tables.values()].map((table) => table.settled()));
    await this.pool.close();
  }
}

function kindCheck(found: TableKind | 'other', kind: TableKind): TableCheck {
  return found === kind ? { status: 'ok' } : { status: 'wrong-kind', actual: found };
}
