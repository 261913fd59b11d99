import type { Row } from '../../src/rows/row.js';
import type { ExportBatch } from '../../src/sinks/sink.js';

/** A batch of hand-built rows, for sinks tested without the spool (no request bodies). */
export function batchOf(rows: Row[]): ExportBatch {
  return { records: async () => [], rowCount: rows.length, rows: async () => rows };
}
