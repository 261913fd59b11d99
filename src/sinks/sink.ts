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

/** What a table is, seen from a request that wants to write rows of `kind` into it. */
export type TableCheck =
  | { status: 'ok' }
  | { status: 'missing' }
  | { status: 'wrong-kind'; actual: TableKind | 'other' };

/** The one interface every destination implements: the local Delta sink and the warehouse. */
export interface Sink {
  /** A short human description, e.g. `local Delta tables under /data`. */
  readonly description: string;
  /** Checks that the table exists and holds `kind`'s schema; creates it when `create` is set. */
  prepareTable(table: TableName, kind: TableKind, create: boolean): Promise<TableCheck>;
  /** Appends the rows as one atomic commit. */
  write(table: TableName, kind: TableKind, rows: Row[]): Promise<WriteOutcome>;
  /** Whether the sink can take writes now (for `/readyz`). */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}
