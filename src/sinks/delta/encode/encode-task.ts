import type { BodyFormat } from '../../../receive/content.js';
import { SIGNAL_OF_KIND } from '../../../receive/signals.js';
import type { Row } from '../../../rows/row.js';
import { TABLE_SCHEMAS } from '../../../schema/tables.js';
import type { TableKind } from '../../../schema/types.js';
import { encodeParquet } from '../parquet/encode.js';
import { computeStats } from '../stats.js';

/** Spooled request bodies of one table, to become one Parquet file. */
export interface EncodeTask {
  kind: TableKind;
  records: ReadonlyArray<{ readonly format: BodyFormat; readonly body: Uint8Array }>;
}

/** A data file ready to be committed: its bytes, and its Delta `stats` JSON. */
export interface EncodedFile {
  bytes: Uint8Array;
  stats: string;
  numRecords: number;
}

/** Decodes spooled bodies again (they were validated when spooled) and flattens them into rows. */
export function decodeRows({ kind, records }: EncodeTask): Row[] {
  const rows: Row[] = [];
  for (const { format, body } of records) {
    const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    for (const row of SIGNAL_OF_KIND[kind].decodeAndFlatten(bytes, format).rows) rows.push(row);
  }
  return rows;
}

/** Decodes the bodies again, flattens them and encodes the rows as Parquet, with their stats. */
export function encodeTask(task: EncodeTask): EncodedFile {
  const rows = decodeRows(task);
  const schema = TABLE_SCHEMAS[task.kind];
  return { bytes: encodeParquet(schema, rows), stats: computeStats(schema.columns, rows), numRecords: rows.length };
}
