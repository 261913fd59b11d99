import { access, constants, lstat, mkdir, realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { OtlpDeltaError } from '../../errors.js';
import type { TableName } from '../../route/table-name.js';
import { TABLE_SCHEMAS } from '../../schema/tables.js';
import type { TableKind } from '../../schema/types.js';
import { EncodePool } from '../../encode/encode-pool.js';
import type { ExportBatch, Sink, TableCheck, WriteOutcome, WriteTxn } from '../sink.js';
import { EncodeAhead } from './encode-ahead.js';
import { DeltaTable } from './table.js';
import { removeCrashLeftovers } from './vacuum.js';

/**
 * The embedded default sink: local Delta Lake tables, `catalog.schema.table` at
 * `<dataDir>/<catalog>/<schema>/<table>/` (SPEC.md). Table names are validated by `route/` before
 * they get here, so each part is a single safe path segment.
 */
export class LocalDeltaSink implements Sink {
  readonly description: string;
  private readonly tables = new Map<string, DeltaTable>();
  private readonly pool: EncodePool;
  private readonly ahead = new EncodeAhead();

  /** `encodeWorkers` threads encode Parquet; 0 encodes on the calling thread. */
  constructor(
    private readonly dataDir: string,
    { encodeWorkers = 0 }: { encodeWorkers?: number } = {},
  ) {
    this.description = `local Delta tables under ${dataDir}`;
    this.pool = new EncodePool(encodeWorkers);
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
  private async assertInsideDataDir(name: TableName): Promise<void> {
    const root = await realpath(this.dataDir).catch(() => this.dataDir);
    let path = this.dataDir;
    for (const part of [name.catalog, name.schema, name.table]) {
      path = join(path, part);
      const stats = await lstat(path).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return null;
        throw error;
      });
      if (stats === null) return; // nothing further exists: mkdir creates plain directories under a checked parent
      if (!stats.isSymbolicLink()) continue;
      const real = await realpath(path).catch(() => null);
      if (real === null || (real !== root && !real.startsWith(root + sep))) {
        throw new OtlpDeltaError(
          'BAD_TABLE_HEADER',
          `table ${name.catalog}.${name.schema}.${name.table}: its directory is a symbolic link that leads outside the data directory; otlp-delta does not follow it`,
        );
      }
    }
  }

  async prepareTable(name: TableName, kind: TableKind, create: boolean): Promise<TableCheck> {
    await this.assertInsideDataDir(name);
    const table = await this.table(name);
    const info = create ? await table.create(TABLE_SCHEMAS[kind]) : await table.info();
    if (!info) return { status: 'missing' };
    return info.kind === kind ? { status: 'ok' } : { status: 'wrong-kind', actual: info.kind };
  }

  async write(name: TableName, kind: TableKind, batch: ExportBatch, txn?: WriteTxn): Promise<WriteOutcome> {
    try {
      await this.assertInsideDataDir(name);
    } catch (error) {
      if (error instanceof OtlpDeltaError) return { status: 'permanent', error };
      throw error;
    }
    const table = await this.table(name);
    // A batch the table already holds (a replay after a crash) is not encoded again.
    if (txn && ((await table.latestTxnVersion(txn.appId)) ?? -1) >= txn.version) return { status: 'success' };
    // Encoded ahead (prepare), or now in the pool's threads from the spooled bodies, or here from
    // the rows when it has none.
    const data =
      (await this.ahead.take(this.tableDir(name), batch.id, batch.rowCount)) ??
      (this.pool.size > 0 && batch.rowCount > 0 ? await this.pool.encode({ kind, records: batch.records }) : batch.rows());
    const result = await table.append(TABLE_SCHEMAS[kind], data, { txn });
    switch (result.status) {
      case 'committed':
      case 'duplicate':
      case 'noop':
        return { status: 'success' };
      case 'conflict':
        return { status: 'retryable', error: new Error(`lost ${result.attempts} commit races in a row on ${this.tableDir(name)}`) };
      case 'rejected':
        return { status: 'permanent', error: new Error(result.message) };
    }
  }

  /** Encodes the batch's Parquet file in the pool while earlier batches commit; `write` picks it up. */
  prepare(name: TableName, kind: TableKind, batch: ExportBatch): void {
    if (this.pool.size === 0 || batch.rowCount === 0 || batch.id === undefined) return;
    if (this.ahead.has(this.tableDir(name), batch.id)) return;
    this.ahead.put(this.tableDir(name), batch.id, this.pool.encode({ kind, records: batch.records }));
  }

  async committedVersion(name: TableName, appId: string): Promise<number | null> {
    return (await this.table(name)).latestTxnVersion(appId);
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
    // Every commit is durable when `write` resolves; nothing is buffered here (files encoded ahead
    // are only memory).
    this.ahead.clear();
    await this.pool.close();
  }
}
