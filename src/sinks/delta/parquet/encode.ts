import type { Row } from '../../../rows/row.js';
import type { Field } from '../../../schema/types.js';
import { type ChunkStatistics, encodeColumnChunk } from './column-chunk.js';
import { fileMetadata, type PlacedChunk } from './file-metadata.js';
import { parquetSchema } from './parquet-schema.js';
import { shredParts } from './shred.js';

const MAGIC = new TextEncoder().encode('PAR1');

/** A Parquet file's bytes, its row count, and the statistics its footer gives each leaf column, by leaf name. */
export interface EncodedParquet {
  bytes: Uint8Array;
  rows: number;
  statistics: ReadonlyMap<string, ChunkStatistics>;
}

/**
 * Encodes rows as one Parquet file (one row group, one data page V1 per column, GZIP) in the
 * layout Spark writes for the same schema (see `parquet-schema.ts`): the rows are shredded into
 * leaf columns (`shred.ts`) part by part, each leaf becomes a column chunk (`column-chunk.ts`),
 * and the footer describes them (`file-metadata.ts`). Zero rows give a file with no row group.
 */
export function encodeParquetParts(schema: { readonly columns: readonly Field[] }, parts: Iterable<readonly Row[]>): EncodedParquet {
  const parquet = parquetSchema(schema.columns);
  const { data: leaves, rows } = shredParts(schema.columns, parts);
  const pieces: Uint8Array[] = [MAGIC];
  let offset = MAGIC.length;
  const placed: PlacedChunk[] = [];
  const statistics = new Map<string, ChunkStatistics>();
  if (rows > 0) {
    for (const data of leaves) {
      const chunk = encodeColumnChunk(data);
      placed.push({ chunk, offset });
      if (chunk.statistics !== null) statistics.set(data.leaf.name, chunk.statistics);
      for (const page of chunk.pages) {
        pieces.push(page);
        offset += page.length;
      }
    }
  }
  for (const data of leaves) data.release();
  const footer = fileMetadata(parquet, rows, placed);
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, footer.length, true);
  pieces.push(footer, length, MAGIC);
  const bytes = new Uint8Array(offset + footer.length + 8);
  let at = 0;
  for (const part of pieces) {
    bytes.set(part, at);
    at += part.length;
  }
  return { bytes, rows, statistics };
}

/** `encodeParquetParts` of rows in one part: the file's bytes. */
export function encodeParquet(schema: { readonly columns: readonly Field[] }, rows: readonly Row[]): Uint8Array {
  return encodeParquetParts(schema, [rows]).bytes;
}
