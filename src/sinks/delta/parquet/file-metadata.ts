import type { ColumnChunk } from './column-chunk.js';
import type { ParquetSchema } from './parquet-schema.js';
import { CType, ThriftWriter } from './thrift-compact.js';

const CREATED_BY = 'otlp-delta version 0.1.0';

/** A column chunk placed in the file: where its first page starts. */
export interface PlacedChunk {
  chunk: ColumnChunk;
  offset: number;
}

/**
 * The footer's `FileMetaData` (parquet.thrift) of a file with at most one row group. Column orders
 * are given so that readers trust `min_value` / `max_value` (signed order for INT32 and INT64).
 */
export function fileMetadata(schema: ParquetSchema, numRows: number, chunks: readonly PlacedChunk[]): Uint8Array {
  const w = new ThriftWriter(4096).begin();
  w.i32(1, 1);
  w.list(2, CType.Struct, schema.elements.length);
  for (const e of schema.elements) {
    w.begin();
    if (e.physical !== null) w.i32(1, e.physical);
    if (e.repetition !== null) w.i32(3, e.repetition);
    w.string(4, e.name);
    if (e.children > 0 || e.physical === null) w.i32(5, e.children);
    if (e.converted !== null) w.i32(6, e.converted);
    if (e.logical !== null) w.struct(10).struct(e.logical).end().end();
    w.end();
  }
  w.i64(3, numRows);
  w.list(4, CType.Struct, chunks.length === 0 ? 0 : 1);
  if (chunks.length > 0) rowGroup(w, schema, numRows, chunks);
  w.string(6, CREATED_BY);
  w.list(7, CType.Struct, schema.leaves.length);
  for (let i = 0; i < schema.leaves.length; i++) w.begin().struct(1).end().end();
  return w.end().view();
}

function rowGroup(w: ThriftWriter, schema: ParquetSchema, numRows: number, chunks: readonly PlacedChunk[]): void {
  w.begin();
  w.list(1, CType.Struct, chunks.length);
  let uncompressed = 0;
  let compressed = 0;
  chunks.forEach(({ chunk, offset }, i) => {
    const leaf = schema.leaves[i];
    uncompressed += chunk.uncompressedSize;
    compressed += chunk.compressedSize;
    w.begin().i64(2, offset).struct(3);
    w.i32(1, leaf.physical);
    w.list(2, CType.I32, chunk.encodings.length);
    for (const e of chunk.encodings) w.elementI32(e);
    w.list(3, CType.Binary, leaf.path.length);
    for (const p of leaf.path) w.elementString(p);
    w.i32(4, chunk.codec).i64(5, chunk.numValues).i64(6, chunk.uncompressedSize).i64(7, chunk.compressedSize);
    w.i64(9, offset + chunk.dataPage);
    if (chunk.dictionaryPage !== null) w.i64(11, offset + chunk.dictionaryPage);
    const stats = chunk.statistics;
    if (stats) {
      w.struct(12).i64(3, stats.nullCount);
      if (stats.max) w.binary(5, stats.max);
      if (stats.min) w.binary(6, stats.min);
      w.end();
    }
    w.end().end();
  });
  w.i64(2, uncompressed).i64(3, numRows).i64(5, chunks[0].offset).i64(6, compressed);
  w.end();
}
