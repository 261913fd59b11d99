import { createHash } from 'node:crypto';
import type { DatabricksSettings } from '../../config/schema.js';
import { formatTableName, type TableName } from '../../route/table-name.js';
import type { TableKind } from '../../schema/types.js';
import type { ExportBatch, Sink, TableCheck, WriteOutcome, WriteTxn } from '../sink.js';
import { WarehouseConnection, WarehouseError, type WarehouseLogger } from './connection.js';
import { kindOfColumns, describedColumns } from './describe.js';
import { classifyError, fixFor, type Failure } from './errors.js';
import { rowsChunks } from './rows-json.js';
import { createTableSql, describeSql, insertSql } from './statements.js';

export interface SinkLogger extends WarehouseLogger {
  info(obj: object, msg: string): void;
}

export interface DatabricksSinkOptions {
  logger?: SinkLogger;
  /**
   * Bootstrap: every failure of a table check is an error. Serving: a check the warehouse cannot
   * answer right now lets the request through (it is spooled and the write retried), so that an
   * outage never turns into refused requests while the spool has room.
   */
  strict?: boolean;
  /** How long a request waits for a table check before it is let through (default 10 s). */
  checkWaitMs?: number;
  /** How long a table found missing, not a v1 table, or refused is believed so (default 5 s). */
  recheckMs?: number;
  /** For tests: the connection to use. */
  connection?: WarehouseConnection;
}

/**
 * What a check found: a v1 table (believed until a write says otherwise), or, for `recheckMs`, a
 * table that is missing, not a v1 table, or refused to this service's principal.
 */
type Known =
  | { kind: TableKind }
  | { kind: 'other'; until: number }
  | { missingUntil: number }
  | { refusedUntil: number; refused: TableCheck & { status: 'refused' } };

/**
 * Unity Catalog tables through a Databricks SQL warehouse.
 *
 * A batch is one `INSERT INTO ... SELECT inline(from_json(:rows, ...))` (statements.ts), or several
 * when its JSON exceeds `maxStatementBytes`. The warehouse has no Delta `txn` to check, so delivery
 * is **at least once**: an INSERT whose answer was lost (timeout, connection reset) may have
 * committed, and its retry writes the rows again. A split batch succeeds only when all its
 * statements have; when one fails, the retry skips the statements this process saw land (by the
 * hash of their JSON) but after a restart the whole batch is sent again.
 *
 * Table checks (`DESCRIBE TABLE`) are cached per table: forever once found (until a write says the
 * table is gone or changed), `missingTtlMs` once missing.
 */
export class DatabricksSink implements Sink {
  readonly description: string;
  private readonly connection: WarehouseConnection;
  private readonly known = new Map<string, Known>();
  private readonly checking = new Map<string, Promise<TableCheck>>();
  /** Statements of a split batch that landed, by table + txn: skipped when the batch is retried. */
  private readonly landed = new Map<string, Set<string>>();

  constructor(
    private readonly settings: DatabricksSettings,
    private readonly options: DatabricksSinkOptions = {},
  ) {
    const port = settings.port === 443 ? '' : `:${settings.port}`;
    this.description = `Unity Catalog tables through the SQL warehouse https://${settings.host}${port}${settings.httpPath} (at least once)`;
    this.connection = options.connection ?? new WarehouseConnection(settings, { logger: options.logger });
  }

  private get recheckMs(): number {
    return this.options.recheckMs ?? 5_000;
  }

  async prepareTable(table: TableName, kind: TableKind, create: boolean): Promise<TableCheck> {
    const key = formatTableName(table);
    const cached = this.cachedCheck(key, kind, create);
    if (cached) return cached;
    // Concurrent first requests for a table share one check.
    const flight = `${key}\u0000${create}`;
    let check = this.checking.get(flight);
    if (!check) {
      check = this.check(table, kind, create).finally(() => this.checking.delete(flight));
      this.checking.set(flight, check);
    }
    if (this.options.strict) return check;
    // A request does not wait for a slow warehouse (starting, or hanging): past `checkWaitMs` it is
    // let through as if the check had passed, and the check goes on to fill the cache.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<TableCheck>((resolve) => {
      timer = setTimeout(() => {
        this.options.logger?.warn({ table: key }, 'the warehouse is slow to answer the table check; accepting the request, the export will retry');
        resolve({ status: 'ok' });
      }, this.options.checkWaitMs ?? 10_000);
    });
    check.catch(() => {});
    try {
      return await Promise.race([check, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private cachedCheck(key: string, kind: TableKind, create: boolean): TableCheck | null {
    const known = this.known.get(key);
    if (!known) return null;
    const now = Date.now();
    if ('kind' in known) {
      if (known.kind === 'other' && known.until <= now) return null;
      return known.kind === kind ? { status: 'ok' } : { status: 'wrong-kind', actual: known.kind };
    }
    if ('refusedUntil' in known) {
      if (known.refusedUntil > now) return known.refused;
      return null;
    }
    if (!create && known.missingUntil > now) return { status: 'missing' };
    return null;
  }

  private async check(table: TableName, kind: TableKind, create: boolean): Promise<TableCheck> {
    const key = formatTableName(table);
    try {
      let found = await this.describe(table);
      if (found === 'missing' && create) {
        await this.connection.run(createTableSql(table, kind));
        this.options.logger?.info({ table: key, kind }, 'created the table on the warehouse');
        found = await this.describe(table);
      }
      if (found === 'missing') {
        this.known.set(key, { missingUntil: Date.now() + this.recheckMs });
        return { status: 'missing' };
      }
      this.known.set(key, found === 'other' ? { kind: found, until: Date.now() + this.recheckMs } : { kind: found });
      return found === kind ? { status: 'ok' } : { status: 'wrong-kind', actual: found };
    } catch (error) {
      const failure = error instanceof WarehouseError ? error.failure : classifyError(error);
      const what = create ? `check or create ${key}` : `check ${key}`;
      if (this.options.strict) throw new Error(`could not ${what} on the warehouse: ${failure.message}${failure.retryable ? '' : `; fix: ${fixFor(failure.category, table)}`}`);
      if (!failure.retryable) {
        if (create && (failure.category === 'missing-schema' || failure.category === 'permission')) {
          return { status: 'missing', why: `table ${key} does not exist and could not be created: ${failure.message}; fix: ${fixFor(failure.category, table)}` };
        }
        // This service's principal cannot see or use the table: the client should retry while an
        // operator fixes the grants (the log line names them).
        this.options.logger?.warn({ table: key, err: error, fix: fixFor(failure.category, table) }, 'the warehouse refused the table check');
        const refused = {
          status: 'refused',
          reason: 'unavailable',
          message: `the table ${key} cannot be used now (${failure.message}); retry later`,
          retryAfterSeconds: Math.max(1, Math.ceil(this.recheckMs / 1000)),
        } as const;
        this.known.set(key, { refusedUntil: Date.now() + this.recheckMs, refused });
        return refused;
      }
      // The warehouse cannot answer now (stopped, starting, unreachable): take the request; its
      // batch waits in the spool, and the next request checks again.
      this.options.logger?.warn({ table: key, err: error }, 'could not check the table on the warehouse; accepting the request, the export will retry');
      return { status: 'ok' };
    }
  }

  /** The table's kind from DESCRIBE TABLE, or `missing`. Throws on other failures. */
  private async describe(table: TableName): Promise<TableKind | 'other' | 'missing'> {
    try {
      const rows = await this.connection.run(describeSql(table), { fetch: true });
      return kindOfColumns(describedColumns(rows));
    } catch (error) {
      const failure = error instanceof WarehouseError ? error.failure : classifyError(error);
      if (failure.category === 'missing-table' || failure.category === 'missing-schema') return 'missing';
      throw error;
    }
  }

  async write(table: TableName, kind: TableKind, batch: ExportBatch, txn?: WriteTxn): Promise<WriteOutcome> {
    if (batch.rowCount === 0) return { status: 'success' };
    const rows = await batch.rows();
    const key = formatTableName(table);
    let chunks;
    try {
      chunks = rowsChunks(kind, rows, this.settings.maxStatementBytes);
    } catch (error) {
      return { status: 'permanent', error: new Error(`rows for ${key} cannot be written as JSON: ${(error as Error).message}`) };
    }
    const batchKey = txn ? `${key}\u0000${txn.appId}\u0000${txn.version}` : null;
    const landed = (batchKey && this.landed.get(batchKey)) || new Set<string>();
    const sql = insertSql(table, kind);
    for (let i = 0; i < chunks.length; i++) {
      const chunk = chunks[i];
      const id = `${i}:${chunks.length}:${createHash('sha256').update(chunk.json).digest('base64')}`;
      if (landed.has(id)) continue;
      let result: object[];
      try {
        result = await this.connection.run(sql, { rows: chunk.json, fetch: 'best-effort' });
      } catch (error) {
        const failure = error instanceof WarehouseError ? error.failure : classifyError(error);
        const part = chunks.length > 1 ? ` (statement ${i + 1} of ${chunks.length} of the batch)` : '';
        if (failure.retryable) {
          if (batchKey && landed.size > 0) this.landed.set(batchKey, landed);
          return { status: 'retryable', error: new Error(`INSERT into ${key}${part}: ${failure.message}`), afterMs: failure.afterMs };
        }
        if (batchKey) this.landed.delete(batchKey);
        this.forget(key, failure);
        const already = landed.size > 0 ? ` ${landed.size} earlier statement(s) of this batch had landed, so requeueing it writes those rows again.` : '';
        return {
          status: 'permanent',
          error: new Error(`INSERT into ${key}${part} failed for good: ${failure.message}; fix: ${fixFor(failure.category, table)}.${already}`),
        };
      }
      landed.add(id);
      // Databricks answers an INSERT with num_inserted_rows: a count other than the rows sent means
      // rows were lost on the way (they should not be, with FAILFAST), so the batch is set aside.
      const inserted = insertedRows(result);
      if (inserted !== null && inserted !== chunk.rows) {
        if (batchKey) this.landed.delete(batchKey);
        return {
          status: 'permanent',
          error: new Error(`INSERT into ${key}${chunks.length > 1 ? ` (statement ${i + 1} of ${chunks.length})` : ''} reported ${inserted} rows inserted, not the ${chunk.rows} sent; the batch is kept in the dead letters (please report this)`),
        };
      }
    }
    if (batchKey) this.landed.delete(batchKey);
    return { status: 'success' };
  }

  /** A write found the table gone or changed: the next request checks it again. */
  private forget(key: string, failure: Failure): void {
    if (failure.category === 'missing-table' || failure.category === 'missing-schema' || failure.category === 'schema-mismatch') this.known.delete(key);
  }

  /** The warehouse records no transactions of ours: delivery is at least once. */
  async committedVersion(): Promise<number | null> {
    return null;
  }

  /** Whether the last statement reached the warehouse; no probe, so that a stopped warehouse stays stopped. */
  async ready(): Promise<boolean> {
    return this.connection.reachable();
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}

/** `num_inserted_rows` of an INSERT's answer, when the warehouse gives one. */
function insertedRows(result: readonly object[]): number | null {
  if (result.length !== 1) return null;
  const value = (result[0] as Record<string, unknown>).num_inserted_rows;
  const n = typeof value === 'bigint' ? Number(value) : typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : null;
}
