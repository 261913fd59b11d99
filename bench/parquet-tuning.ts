import { Table as ArrowTable, tableToIPC } from 'apache-arrow';
import { Compression, EnabledStatistics, Table as WasmTable, WriterPropertiesBuilder, WriterVersion, writeParquet } from 'parquet-wasm/node';
import { recordBatchOf } from '../src/sinks/delta/parquet/arrow-columns.js';
import { encodeParquet } from '../src/sinks/delta/parquet/encode.js';
import { SIGNALS } from '../src/receive/signals.js';
import { decodeBody } from '../src/rows/decode.js';
import type { Row } from '../src/rows/row.js';
import { TABLE_SCHEMAS } from '../src/schema/tables.js';
import { envNumber, fmt, fmtInt, isMain, markdownTable, median } from './common.js';
import { payload, type SignalName } from './payloads.js';

/**
 * parquet-wasm settings tried on the rows of one default batch (issue 16, item 3), interleaved
 * round by round (20 distinct generated requests, so that rows do not repeat), each against
 * `encodeParquet` as the service runs it: ms per batch and Parquet
 * bytes per row, so that a faster file is never a much larger one. parquet-wasm takes a codec but
 * no zstd level (its writer uses the codec's default), so the level is not among the settings.
 */

type Tweak = (b: WriterPropertiesBuilder, kind: SignalName) => WriterPropertiesBuilder;

const base: Tweak = (b, kind) => b.setCompression(Compression.ZSTD).setWriterVersion(WriterVersion.V1).setDictionaryEnabled(kind !== 'logs');

const VARIANTS: Array<{ name: string; tweak: Tweak }> = [
  { name: 'chunk statistics only (no page statistics)', tweak: (b, k) => base(b, k).setStatisticsEnabled(EnabledStatistics.Chunk) },
  { name: 'data pages 4 MiB (default 1 MiB)', tweak: (b, k) => base(b, k).setDataPageSizeLimit(4 * 1024 * 1024) },
  { name: 'write batch 8,192 rows (default 1,024)', tweak: (b, k) => base(b, k).setWriteBatchSize(8192) },
  { name: 'dictionary on every column', tweak: (b, k) => base(b, k).setDictionaryEnabled(true) },
  { name: 'dictionary off', tweak: (b, k) => base(b, k).setDictionaryEnabled(false) },
  { name: 'snappy instead of zstd', tweak: (b, k) => base(b, k).setCompression(Compression.SNAPPY) },
];

function encodeWith(kind: SignalName, rows: Row[], tweak: Tweak): Uint8Array {
  const schema = TABLE_SCHEMAS[kind];
  const ipc = tableToIPC(new ArrowTable([recordBatchOf(schema.columns, rows)]), 'stream');
  return writeParquet(WasmTable.fromIPCStream(ipc), tweak(new WriterPropertiesBuilder(), kind).build());
}

export function runParquetTuning(kind: SignalName, batchRows = 20_000): string[][] {
  const rows: Row[] = [];
  for (let v = 0; rows.length < batchRows; v++) {
    for (const row of decodeBody(SIGNALS[kind].kind, 'protobuf', payload(kind, v).protobuf).rows) rows.push(row);
  }
  rows.length = batchRows;
  const methods = [
    { name: 'service (encodeParquet)', run: () => encodeParquet(TABLE_SCHEMAS[kind], rows) },
    ...VARIANTS.map((v) => ({ name: v.name, run: () => encodeWith(kind, rows, v.tweak) })),
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
