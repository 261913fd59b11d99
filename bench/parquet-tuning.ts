import { Compression, WriterPropertiesBuilder, WriterVersion } from 'parquet-wasm/node';
import { decodeBody } from '../src/rows/decode.js';
import { encodeParquet } from '../src/sinks/delta/parquet/encode.js';
import type { Row } from '../src/rows/row.js';
import { TABLE_SCHEMAS } from '../src/schema/tables.js';
import { envNumber, fmt, fmtInt, isMain, markdownTable, median } from './common.js';
import { payload, type SignalName } from './payloads.js';
import { encodeWithParquetWasm } from './parquet-wasm-writer/encode.js';

/**
 * The service's Parquet writer against the one it replaced (Arrow columns + parquet-wasm), on the
 * rows of one full batch (issue 16, item 3), interleaved round by round (distinct generated
 * requests, so that rows do not repeat): ms per batch and Parquet bytes per row, so that a faster
 * file is never a much larger one. The former writer is shown with its own settings (zstd, data
 * page V1, dictionaries on all but log rows) and with the codecs it offers.
 */

type Tweak = (b: WriterPropertiesBuilder, kind: SignalName) => WriterPropertiesBuilder;

const base: Tweak = (b, kind) => b.setCompression(Compression.ZSTD).setWriterVersion(WriterVersion.V1).setDictionaryEnabled(kind !== 'logs');

const VARIANTS: Array<{ name: string; tweak: Tweak }> = [
  { name: 'former: Arrow + parquet-wasm, zstd', tweak: base },
  { name: 'former, gzip', tweak: (b, k) => base(b, k).setCompression(Compression.GZIP) },
  { name: 'former, snappy', tweak: (b, k) => base(b, k).setCompression(Compression.SNAPPY) },
];

export function runParquetTuning(kind: SignalName, batchRows = 20_000): string[][] {
  const rows: Row[] = [];
  for (let v = 0; rows.length < batchRows; v++) {
    for (const row of decodeBody(kind, 'protobuf', payload(kind, v).protobuf).rows) rows.push(row);
  }
  rows.length = batchRows;
  const methods = [
    { name: 'service: own writer, gzip', run: () => encodeParquet(TABLE_SCHEMAS[kind], rows) },
    ...VARIANTS.map((v) => ({ name: v.name, run: () => encodeWithParquetWasm(TABLE_SCHEMAS[kind], rows, (b) => v.tweak(b, kind)) })),
  ];
  const rounds = envNumber('BENCH_PARQUET_ROUNDS', 5);
  const times = new Map<string, number[]>(methods.map((m) => [m.name, []]));
  const sizes = new Map<string, number>();
  for (let round = 0; round <= rounds; round++) {
    for (let k = 0; k < methods.length; k++) {
      const m = methods[(round + k) % methods.length];
      const t = performance.now();
      const bytes = m.run();
      if (round > 0) times.get(m.name)!.push(performance.now() - t);
      sizes.set(m.name, bytes.length);
    }
  }
  const baseMs = median(times.get(methods[0].name)!);
  const baseBytes = sizes.get(methods[0].name)!;
  return methods.map((m) => {
    const ms = median(times.get(m.name)!);
    const bytes = sizes.get(m.name)!;
    return [`${kind}: ${m.name}`, fmt(ms), fmtInt((batchRows / ms) * 1000), fmt(bytes / batchRows), `${fmt(ms / baseMs, 2)}×`, `${fmt(bytes / baseBytes, 2)}×`];
  });
}

if (isMain(import.meta.url)) {
  const table = [...runParquetTuning('logs'), ...runParquetTuning('metrics')];
  console.log(markdownTable(['20,000 rows', 'ms', 'rows/s', 'bytes/row', 'time vs service', 'size vs service'], table));
}
