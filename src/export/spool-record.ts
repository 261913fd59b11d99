import { parseTableName, formatTableName, type TableName } from '../route/table-name.js';
import type { BodyFormat } from '../rows/decode.js';
import type { TableKind } from '../schema/types.js';

/**
 * What the receive path spools for each accepted request: its destination, its kind and the
 * request body as decoded from its Content-Encoding (already validated). The body is kept rather
 * than the rows because it is the most compact form there is; the export loop decodes it again
 * only when the rows are no longer in memory (after a restart, or under memory pressure).
 *
 * Layout: u8 layout version | u8 kind | u8 format | u8 table-name length | table name (ASCII) |
 * u32 row count | body.
 */
export interface SpoolRecord {
  table: TableName;
  kind: TableKind;
  format: BodyFormat;
  rowCount: number;
  body: Uint8Array;
}

const LAYOUT = 1;
const KINDS: readonly TableKind[] = ['metrics', 'logs', 'spans'] as TableKind[];
const FORMATS: readonly BodyFormat[] = ['protobuf', 'json'];

/** The record in two parts, its header and the body itself: the spool stores them as one record, without copying the body. */
export function encodeSpoolRecord(record: SpoolRecord): [header: Uint8Array, body: Uint8Array] {
  const name = Buffer.from(formatTableName(record.table), 'ascii');
  if (name.length > 255) throw new Error('table name too long for a spool record');
  const header = Buffer.allocUnsafe(8 + name.length);
  header[0] = LAYOUT;
  header[1] = KINDS.indexOf(record.kind);
  header[2] = FORMATS.indexOf(record.format);
  header[3] = name.length;
  name.copy(header, 4);
  header.writeUInt32LE(record.rowCount, 4 + name.length);
  return [header, record.body];
}

/** The header alone: what the export loop indexes for every spooled record. */
export type SpoolRecordHeader = Omit<SpoolRecord, 'body'>;

export function headerOf({ table, kind, format, rowCount }: SpoolRecord): SpoolRecordHeader {
  return { table, kind, format, rowCount };
}

export function decodeSpoolRecord(bytes: Uint8Array): SpoolRecord {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 8 || buf[0] !== LAYOUT) throw new Error(`unknown spool record layout ${buf[0]}`);
  const kind = KINDS[buf[1]];
  const format = FORMATS[buf[2]];
  const nameLength = buf[3];
  const parsed = parseTableName(buf.toString('ascii', 4, 4 + nameLength));
  if (!kind || !format || !parsed.ok) throw new Error('malformed spool record header');
  return {
    table: parsed.name,
    kind,
    format,
    rowCount: buf.readUInt32LE(4 + nameLength),
    body: buf.subarray(8 + nameLength),
  };
}
