import type { BodyFormat } from '../rows/decode.js';
import type { Row } from '../rows/row.js';
import type { TableName } from '../route/table-name.js';
import type { TableKind } from '../schema/types.js';

/**
 * What a write ended in. Expected failures are values, not exceptions (as opentelemetry-js
 * `ExportResult`): the caller decides between answering 503, backing off, or giving up.
 */
export type WriteOutcome =
  | { status: 'success' }
  | { status: 'retryable'; error: Error; afterMs?: number }
  | { status: 'permanent'; error: Error };

/**
 * What a table is, seen from a request that wants to write rows of `kind` into it. Every expected
 * answer is a value (receive/ maps it to an HTTP status); a sink throws only for the unexpected.
 *
 * - `missing`: the table does not exist (`why`: and could not be created, with the fix);
 * - `refused`: the table cannot take rows now: `unavailable` (retry after `retryAfterSeconds`, e.g.
 *   while an operator fixes grants) or `outside-data-dir` (its directory leads outside the data dir).
 */
export type TableCheck =
  | { status: 'ok' }
  | { status: 'missing'; why?: string }
  | { status: 'wrong-kind'; actual: TableKind | 'other' }
  | { status: 'refused'; reason: 'unavailable' | 'outside-data-dir'; message: string; retryAfterSeconds?: number };

/**
 * An application transaction carried by a write (the Delta protocol's `txn` action): `version`
 * increases with every batch of `appId`, so a sink that records it can recognize a batch it
 * already committed and skip it.
 */
export interface WriteTxn {
  appId: string;
  version: number;
}

/**
 * The rows of one batch, as the spool holds them: the request bodies, which a sink encodes in
 * whatever way suits it (the local Delta sink in a worker thread), or the decoded rows.
 */
export interface ExportBatch {
  readonly rowCount: number;
  /**
   * The request bodies, read from the spool at each call: fresh buffers, on ArrayBuffers of their
   * own (records read together may share one), which the caller may transfer to a worker. A sink
   * that did its work ahead (`prepare`) never reads them.
   */
  records(): Promise<ReadonlyArray<{ readonly format: BodyFormat; readonly body: Uint8Array }>>;
  /** The rows, decoded and flattened on the calling thread. */
  rows(): Promise<Row[]>;
  /**
   * Names exactly these records (their first and last sequence numbers and count), so that work a
   * sink did ahead for the batch (`prepare`) is used only for the very same records.
   */
  readonly id?: string;
  /**
   * Set when the batch joins several batches that were prepared one by one (`prepare`, each with
   * its own id), in order: a sink that did their work ahead commits it all in one commit.
   */
  readonly parts?: readonly ExportBatch[];
}

/** The one interface every destination implements: the local Delta sink and the warehouse. */
export interface Sink {
  /** A short human description, e.g. `local Delta tables under /data`. */
  readonly description: string;
  /** Checks that the table exists and holds `kind`'s schema; creates it when `create` is set. */
  prepareTable(table: TableName, kind: TableKind, create: boolean): Promise<TableCheck>;
  /**
   * Appends the rows as one atomic commit. With `txn`, a sink that records transactions commits
   * it with the rows and succeeds without writing when it already holds that version or a later one.
   */
  write(table: TableName, kind: TableKind, batch: ExportBatch, txn?: WriteTxn): Promise<WriteOutcome>;
  /**
   * The latest `txn.version` of `appId` the table holds, or null when it holds none or the sink
   * does not record transactions (it then delivers at least once).
   */
  committedVersion(table: TableName, appId: string): Promise<number | null>;
  /**
   * Optional: starts the work of a later `write` of the same batch that has no effect on the table
   * (the local sink encodes its Parquet file and writes it, named by no commit), so that it
   * overlaps the commit before it. Commits stay in order: only `write` commits, and the work for a
   * batch that is never written is dropped (its file removed).
   */
  prepare?(table: TableName, kind: TableKind, batch: ExportBatch): void;
  /**
   * Optional, with `prepare`: whether the work prepared for this batch is done, so that the loop
   * may join it to the batch committing before it (one commit instead of two).
   */
  isPrepared?(table: TableName, batch: ExportBatch): boolean;
  /** Whether the sink can take writes now (for `/readyz`). */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}
