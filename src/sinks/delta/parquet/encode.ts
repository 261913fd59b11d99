import type { Row } from '../../../rows/row.js';
import type { Field } from '../../../schema/types.js';
import { encodeColumnChunk } from './column-chunk.js';
import { fileMetadata, type PlacedChunk } from './file-metadata.js';
import { parquetSchema } from './parquet-schema.js';
import { shredRows } from './shred.js';

const MAGIC = new TextEncoder().encode('PAR1');

/**
 * Encodes rows as one Parquet file (one row group, one data page V1 per column, GZIP) in the
 * layout Spark writes for the same schema (see `parquet-schema.ts`): the rows are shredded into
 * leaf columns (`shred.ts`), each leaf becomes a column chunk (`column-chunk.ts`), and the footer
 * describes them (`file-metadata.ts`). Zero rows give a file with no row group.
 */
export function encodeParquet(schema: { readonly columns: readonly Field[] }, rows: readonly Row[]): Uint8Array {
  const parquet = parquetSchema(schema.columns);
  const leaves = shredRows(schema.columns, rows);
  const parts: Uint8Array[] = [MAGIC];
  let offset = MAGIC.length;
  const placed: PlacedChunk[] = [];
  if (rows.length > 0) {
    for (const data of leaves) {
      const chunk = encodeColumnChunk(data);
      placed.push({ chunk, offset });
      for (const page of chunk.pages) {
        parts.push(page);
        offset += page.length;
      }
    }
  }
  for (const data of leaves) data.release();
  const footer = fileMetadata(parquet, rows.length, placed);
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, footer.length, true);
  parts.push(footer, length, MAGIC);
  const file = new Uint8Array(offset + footer.length + 8);
  let at = 0;
  for (const part of parts) {
    file.set(part, at);
    at += part.length;
  }
  return file;
}
