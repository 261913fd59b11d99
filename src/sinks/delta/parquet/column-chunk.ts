import { ByteSink } from './byte-sink.js';
import { gzipPage } from './gzip-page.js';
import type { LeafData } from './leaf-data.js';
import { plainStrings, plainValues } from './plain-values.js';
import { bitWidthOf, encodeHybrid } from './rle-hybrid.js';
import { ThriftWriter } from './thrift-compact.js';

/** parquet.thrift `Encoding`, `CompressionCodec` and `PageType`. */
const PLAIN = 0;
const PLAIN_DICTIONARY = 2;
const RLE = 3;
export const Codec = { UNCOMPRESSED: 0, GZIP: 2 } as const;
const DATA_PAGE = 0;
const DICTIONARY_PAGE = 2;

/** Pages below this size are stored as they are: a deflate stream costs more than they could save. */
const MIN_COMPRESSED_PAGE = 128;

/** A column chunk ready to be written: its pages, and what `ColumnMetaData` says of them. */
export interface ColumnChunk {
  pages: Uint8Array[];
  codec: number;
  encodings: number[];
  /** Level slots (`num_values`). */
  numValues: number;
  uncompressedSize: number;
  compressedSize: number;
  /** Byte offsets of the pages relative to the chunk's start. */
  dictionaryPage: number | null;
  dataPage: number;
  statistics: ChunkStatistics | null;
}

export interface ChunkStatistics {
  nullCount: number;
  min: Uint8Array | null;
  max: Uint8Array | null;
}

/**
 * One leaf as one column chunk of a single data page (V1: repetition levels, definition levels,
 * then the values, compressed together), preceded by a dictionary page when the column is
 * dictionary-encoded. Data page V1 because PROTOCOL.md ("Table Properties",
 * `delta.parquet.format.version`) says writers should default to `1.0.0` for the widest reader
 * support; PLAIN_DICTIONARY is its name for dictionary pages and indices.
 */
export function encodeColumnChunk(data: LeafData): ColumnChunk {
  const { leaf } = data;
  const body = scratchSink();
  if (leaf.maxRep > 0) levels(body, data.rep, data.levels, leaf.maxRep);
  if (leaf.maxDef > 0) levels(body, data.def, data.levels, leaf.maxDef);
  const dictionary = leaf.primitive === 'string' ? data.strings.dictionary() : null;
  let dictionaryBytes: Uint8Array | null = null;
  if (dictionary) {
    dictionaryBytes = plainStrings(dictionary.values);
    const width = Math.max(1, bitWidthOf(dictionary.values.length - 1));
    body.byte(width);
    encodeHybrid(body, dictionary.indices, dictionary.indices.length, width);
  } else {
    plainValues(data, body);
  }
  const raw = [dictionaryBytes, body.view()].filter((b): b is Uint8Array => b !== null);
  // Only a data page of PLAIN values is a candidate for Huffman coding alone (see gzip-page.ts).
  const plain = raw.map((_, i) => !dictionary && i === raw.length - 1);
  const compressed = raw.map((b, i) => (b.length >= MIN_COMPRESSED_PAGE ? gzipPage(b, plain[i]) : null));
  const codec = compressed.some((c, i) => c !== null && c.length < raw[i].length) ? Codec.GZIP : Codec.UNCOMPRESSED;
  // A page stored as it is leaves the scratch sink as a copy (not `Buffer#slice`, a view), since
  // the next column reuses the sink.
  const stored = raw.map((b, i) => (codec === Codec.GZIP ? (compressed[i] ?? gzipPage(b, plain[i])) : new Uint8Array(b)));

  const pages: Uint8Array[] = [];
  let offset = 0;
  let uncompressedSize = 0;
  let dictionaryPage: number | null = null;
  const page = (header: Uint8Array, rawLength: number, bytes: Uint8Array) => {
    pages.push(header, bytes);
    offset += header.length + bytes.length;
    uncompressedSize += header.length + rawLength;
  };
  if (dictionary) {
    dictionaryPage = 0;
    const header = new ThriftWriter(32).begin().i32(1, DICTIONARY_PAGE).i32(2, raw[0].length).i32(3, stored[0].length);
    header.struct(7).i32(1, dictionary.values.length).i32(2, PLAIN_DICTIONARY).end().end();
    page(header.view(), raw[0].length, stored[0]);
  }
  const dataPage = offset;
  const last = raw.length - 1;
  const header = new ThriftWriter(32).begin().i32(1, DATA_PAGE).i32(2, raw[last].length).i32(3, stored[last].length);
  header.struct(5).i32(1, data.levels).i32(2, dictionary ? PLAIN_DICTIONARY : PLAIN).i32(3, RLE).i32(4, RLE).end().end();
  page(header.view(), raw[last].length, stored[last]);

  return {
    pages,
    codec,
    encodings: dictionary ? [PLAIN_DICTIONARY, RLE] : [PLAIN, RLE],
    numValues: data.levels,
    uncompressedSize,
    compressedSize: offset,
    dictionaryPage,
    dataPage,
    statistics: statisticsOf(data),
  };
}

/**
 * The sink every column's data page is built in before GZIP copies it out: one per thread, reused
 * from column to column and file to file, so that building a page allocates nothing once the
 * sink has grown to the largest page. A sink grown past `MAX_KEPT` (a batch of long log bodies)
 * is dropped after use rather than held by an idle worker.
 */
const MAX_KEPT = 16 << 20;
let scratch = new ByteSink(1 << 16);

function scratchSink(): ByteSink {
  if (scratch.capacity > MAX_KEPT) scratch = new ByteSink(1 << 16);
  scratch.reset();
  return scratch;
}

/** Levels as data page V1 holds them: a 4-byte length, then the RLE / bit-packed hybrid. */
function levels(out: ByteSink, values: Uint8Array, count: number, max: number): void {
  const at = out.length;
  out.u32le(0);
  encodeHybrid(out, values, count, bitWidthOf(max));
  const size = out.length - at - 4;
  const bytes = out.view();
  bytes[at] = size & 0xff;
  bytes[at + 1] = (size >>> 8) & 0xff;
  bytes[at + 2] = (size >>> 16) & 0xff;
  bytes[at + 3] = (size >>> 24) & 0xff;
}

/**
 * Null count and min/max for the columns outside lists and maps that are INT32 or INT64 (the
 * time columns, counts): what a reader prunes row groups with. Strings and doubles get a null
 * count only; nested leaves get nothing, as their null count is ambiguous.
 */
function statisticsOf(data: LeafData): ChunkStatistics | null {
  if (data.leaf.maxRep > 0) return null;
  const nullCount = data.levels - data.count;
  if (data.count === 0 || (data.leaf.primitive !== 'long' && data.leaf.primitive !== 'int')) return { nullCount, min: null, max: null };
  if (data.leaf.primitive === 'long') {
    let min = data.longs[0];
    let max = min;
    for (let i = 1; i < data.count; i++) {
      const v = data.longs[i];
      if (v < min) min = v;
      else if (v > max) max = v;
    }
    return { nullCount, min: new Uint8Array(BigInt64Array.of(min).buffer), max: new Uint8Array(BigInt64Array.of(max).buffer) };
  }
  let min = data.ints[0];
  let max = min;
  for (let i = 1; i < data.count; i++) {
    const v = data.ints[i];
    if (v < min) min = v;
    else if (v > max) max = v;
  }
  return { nullCount, min: new Uint8Array(Int32Array.of(min).buffer), max: new Uint8Array(Int32Array.of(max).buffer) };
}
