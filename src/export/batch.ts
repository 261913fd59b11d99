import type { RecordRef } from '../spool/spool.js';
import type { SpoolRecordHeader } from './spool-record.js';

export interface ExportLimits {
  maxRows: number;
  maxBytes: number;
  maxAgeMs: number;
}

/** A spooled record waiting for its table's commit. */
export interface Entry {
  ref: RecordRef;
  header: SpoolRecordHeader;
  bytes: number;
  spooledAt: number;
}

export interface Lane {
  key: string;
  entries: Entry[];
  rows: number;
  bytes: number;
  /** The batch being exported or waiting for its retry; fixed until it succeeds or is dead-lettered. */
  batch: Entry[] | null;
  /** When `batch` joins batches prepared one by one (committed together), those batches, in order. */
  parts: Entry[][] | null;
  attempts: number;
  /**
   * Since when the lane has been able to export (its creation, or the end of its last run of
   * failures): its lag counts from here, so that a backlog left by an outage or an earlier run is
   * judged from the moment it could start draining.
   */
  flowingSince: number;
  /**
   * The batches after `batch`, formed early so that the sink can prepare them while `batch`
   * commits, in order: each is a prefix of the entries the ones before it leave.
   */
  next: Entry[][];
  timer: NodeJS.Timeout | null;
  /** The timer waits for the oldest entry's batch age (not a retry's backoff, nor a batch already due). */
  waitsForAge: boolean;
}

/** The lane's next batch: its oldest entries, in spool order, up to the row and byte limits (at least one). */
export function takeBatch(entries: readonly Entry[], { maxRows, maxBytes }: ExportLimits): Entry[] {
  let rows = 0;
  let bytes = 0;
  let n = 0;
  while (n < entries.length) {
    const e = entries[n];
    if (n > 0 && (rows + e.header.rowCount > maxRows || bytes + e.bytes > maxBytes)) break;
    rows += e.header.rowCount;
    bytes += e.bytes;
    n++;
  }
  return entries.slice(0, n);
}

/**
 * The batch that will follow the first `taken` entries when the entries after them already fill
 * one (by rows or bytes), else null: a batch formed early must be the batch it would be when its
 * turn comes, and only a full one is sure to be (one still filling would grow until its age is due).
 */
export function fullBatchAfter(entries: readonly Entry[], taken: number, limits: ExportLimits): Entry[] | null {
  const rest = entries.slice(taken);
  let rows = 0;
  let bytes = 0;
  for (const e of rest) {
    rows += e.header.rowCount;
    bytes += e.bytes;
  }
  if (rest.length === 0 || (rows < limits.maxRows && bytes < limits.maxBytes)) return null;
  return takeBatch(rest, limits);
}

/**
 * The batch's id for the sink: its first and last sequence numbers and its count name exactly its
 * records, because a batch is always a prefix of its lane's entries, which are in spool order.
 */
export function batchId(batch: readonly Entry[]): string {
  return `${batch[0].ref.seq}-${batch[batch.length - 1].ref.seq}-${batch.length}`;
}

/** Whether `batch` is still the prefix of `entries` from `from` on (a lower sequence inserted since would break it). */
export function isPrefixOf(batch: readonly Entry[], entries: readonly Entry[], from = 0): boolean {
  return batch.length <= entries.length - from && batch.every((e, i) => entries[from + i] === e);
}

/**
 * How far behind schedule the lanes that are exporting (none backing off) are, in ms: the time
 * their oldest entry has waited past its batch age (a request is due then, not before: the
 * warehouse's batches wait 30 s by design), counted from when the lane could export at all.
 */
export function exportLag(lanes: Iterable<Lane>, now: number, maxAgeMs: number): number {
  let lag = 0;
  for (const lane of lanes) {
    if (lane.entries.length === 0 || lane.attempts > 0) continue;
    lag = Math.max(lag, now - Math.max(lane.entries[0].spooledAt + maxAgeMs, lane.flowingSince));
  }
  return lag;
}
