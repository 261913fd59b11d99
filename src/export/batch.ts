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
  attempts: number;
  /**
   * Since when the lane has been able to export (its creation, or the end of its last run of
   * failures): its lag counts from here, so that a backlog left by an outage or an earlier run is
   * judged from the moment it could start draining.
   */
  flowingSince: number;
  timer: NodeJS.Timeout | null;
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
