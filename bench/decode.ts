import { PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { decodeLogsProtobuf, decodeMetricsProtobuf } from '../test/otlp/reference/decode-protobuf.js';
import { otlpSchema } from '../src/otlp/proto-loader.js';
import { shredParts } from '../src/sinks/delta/parquet/shred.js';
import { encodeParquet } from '../src/sinks/delta/parquet/encode.js';
import { SIGNALS } from '../src/receive/signals.js';
import { decodeBody } from '../src/rows/decode.js';
import { flattenLogs } from '../src/rows/logs.js';
import { flattenMetrics } from '../src/rows/metrics.js';
import type { Row } from '../src/rows/row.js';
import { TABLE_SCHEMAS } from '../src/schema/tables.js';
import { envList, envNumber, fmt, fmtInt, fmtPct, fmtRatio, isMain, markdownTable, MB, median } from './common.js';
import { checkPayload, payload, POINTS_PER_REQUEST, type SignalName } from './payloads.js';

/**
 * Decode + flatten in process (issue 5, "Benchmarks" 1), and the Parquet encoding of the rows.
 *
 * On the same bytes, in the same process, interleaved round by round (so that drift in the
 * machine's speed hits every method alike):
 *
 * - **ours**: `decodeBody(kind, 'protobuf', body)`, what the encode workers run per spooled
 *   request, from the protobuf bytes to the v1 rows; the reference path's two halves,
 *   `decode*Protobuf` and `flatten*` (the flatten half is timed on an already decoded request);
 * - **check**: `SIGNALS[signal].check(body, 'protobuf')`, what the receive path runs per request
 *   on the main thread: the same validation and counts, no rows (issue 16, item 1). Its rate is
 *   also given as a ratio to ours, same bytes, same run;
 * - **baseline**: protobufjs reflection `Type.decode` of the same message type, loaded from the
 *   same `proto/` (the issue's baseline). It does strictly less than ours: it stops at protobufjs
 *   message objects with Longs, with no flattening. `Type.decode` + `toObject({ longs: String })`
 *   is shown too, since that is the cheapest way to get plain values out of protobufjs.
 *
 * Each method runs BENCH_DECODE_WARMUP rounds unmeasured, then BENCH_DECODE_ROUNDS measured rounds
 * over BENCH_DECODE_VARIANTS different payloads; the figure is the median time of one BENCH_RECORDS-record
 * request. GC % is the share of the measured time spent in garbage collection (perf_hooks `gc`
 * entries inside each timed interval).
 *
 * Parquet: the rows of two requests (20,000, the default `batch-max-rows`), encoded with
 * `encodeParquet` (shredding into leaf columns, then pages, GZIP and footer), with the shredding
 * (`shredParts`) also timed on its own.
 */

type Method = {
  name: string;
  run: (bytes: Buffer) => unknown;
};

export interface DecodeResult {
  signal: SignalName;
  bytesPerRequest: number;
  rowsPerRequest: number;
  methods: Array<{ name: string; ms: number; rowsPerSec: number; mbPerSec: number; gcShare: number }>;
  /** ours (decode + flatten) rows/s ÷ protobufjs Type.decode rows/s. */
  ratio: number;
  /** the receive path's check rows/s ÷ ours (decode + flatten) rows/s. */
  checkRatio: number;
  ratioToObject: number;
  parquet: {
    rows: number;
    encodeMs: number;
    shredMs: number;
    rowsPerSec: number;
    bytesPerRow: number;
  };
}

const OURS = 'ours: wire decoder to rows';
const CHECK = 'ours: receive check, no rows';
// The reference path the wire decoder is tested against: protobufjs over proto/, then flatten.
const OURS_DECODE = 'reference: protobufjs decode to request types';
const OURS_FLATTEN = 'reference: flatten of request types';
const BASELINE = 'protobufjs Type.decode';
const BASELINE_TO_OBJECT = 'protobufjs decode + toObject';

function methodsFor(signal: SignalName): Method[] {
  const type = signal === 'metrics' ? otlpSchema().metricsRequest : otlpSchema().logsRequest;
  const spec = SIGNALS[signal];
  const decode = signal === 'metrics' ? decodeMetricsProtobuf : decodeLogsProtobuf;
  const flatten = (signal === 'metrics' ? flattenMetrics : flattenLogs) as (request: unknown) => { rows: Row[] };
  const decoded = new Map<Buffer, unknown>();
  return [
    { name: OURS, run: (bytes) => decodeBody(spec.kind, 'protobuf', bytes) },
    { name: CHECK, run: (bytes) => spec.check(bytes, 'protobuf') },
    { name: OURS_DECODE, run: (bytes) => decode(bytes) },
    {
      name: OURS_FLATTEN,
      run: (bytes) => {
        let request = decoded.get(bytes);
        if (request === undefined) decoded.set(bytes, (request = decode(bytes)));
        return flatten(request);
      },
    },
    { name: BASELINE, run: (bytes) => type.decode(bytes) },
    { name: BASELINE_TO_OBJECT, run: (bytes) => type.toObject(type.decode(bytes), { longs: String }) },
  ];
}

interface Window {
  method: string;
  start: number;
  end: number;
}

async function gcShares(windows: Window[], entries: PerformanceEntry[]): Promise<Map<string, number>> {
  const gc = new Map<string, number>();
  const total = new Map<string, number>();
  const sorted = [...entries].sort((a, b) => a.startTime - b.startTime);
  for (const w of windows) {
    total.set(w.method, (total.get(w.method) ?? 0) + (w.end - w.start));
    for (const e of sorted) {
      if (e.startTime >= w.end) break;
      const overlap = Math.min(w.end, e.startTime + e.duration) - Math.max(w.start, e.startTime);
      if (overlap > 0) gc.set(w.method, (gc.get(w.method) ?? 0) + overlap);
    }
  }
  return new Map([...total].map(([m, t]) => [m, (gc.get(m) ?? 0) / t]));
}

export async function runDecodeBench(signal: SignalName): Promise<DecodeResult> {
  const variants = envNumber('BENCH_DECODE_VARIANTS', 2);
  const warmup = envNumber('BENCH_DECODE_WARMUP', 5);
  const rounds = envNumber('BENCH_DECODE_ROUNDS', 15);
  const payloads = Array.from({ length: variants }, (_, v) => payload(signal, v));
  payloads.forEach(checkPayload);
  const bodies = payloads.map((p) => p.protobuf);
  const methods = methodsFor(signal);

  const times = new Map<string, number[]>(methods.map((m) => [m.name, []]));
  const windows: Window[] = [];
  const gcEntries: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => gcEntries.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });

  let sink = 0; // keeps results alive so that nothing is optimized away
  for (let round = 0; round < warmup + rounds; round++) {
    // Rotate the order each round so no method always runs right after another's garbage.
    for (let k = 0; k < methods.length; k++) {
      const method = methods[(round + k) % methods.length];
      for (const body of bodies) {
        const start = performance.now();
        const result = method.run(body);
        const end = performance.now();
        sink += result ? 1 : 0;
        if (round >= warmup) {
          times.get(method.name)!.push(end - start);
          windows.push({ method: method.name, start, end });
        }
      }
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 50)); // let the last gc entries arrive
  observer.disconnect();
  const shares = await gcShares(windows, gcEntries);

  const bytesPerRequest = bodies.reduce((a, b) => a + b.length, 0) / bodies.length;
  const rowsPerRequest = payloads[0].rows;
  const rowsOut = methods.map((m) => {
    const ms = median(times.get(m.name)!);
    return {
      name: m.name,
      ms,
      rowsPerSec: (rowsPerRequest / ms) * 1000,
      mbPerSec: (bytesPerRequest / MB / ms) * 1000,
      gcShare: shares.get(m.name) ?? 0,
    };
  });
  const rate = (name: string) => rowsOut.find((m) => m.name === name)!.rowsPerSec;

  // ---- Parquet ----
  const schema = TABLE_SCHEMAS[signal];
  const flatRows: Row[] = [];
  for (const p of [payload(signal, 0), payload(signal, 1)]) {
    for (const row of decodeBody(SIGNALS[signal].kind, 'protobuf', p.protobuf).rows) flatRows.push(row);
  }
  const parquetRounds = envNumber('BENCH_PARQUET_ROUNDS', 5);
  const encodeTimes: number[] = [];
  const shredTimes: number[] = [];
  let parquetBytes = 0;
  for (let round = 0; round < parquetRounds + 1; round++) {
    let t = performance.now();
    const bytes = encodeParquet(schema, flatRows);
    const encodeMs = performance.now() - t;
    t = performance.now();
    for (const leaf of shredParts(schema.columns, [flatRows]).data) leaf.release();
    const shredMs = performance.now() - t;
    parquetBytes = bytes.length;
    if (round === 0) continue; // warm-up
    encodeTimes.push(encodeMs);
    shredTimes.push(shredMs);
  }
  if (sink < 0) console.log(sink);
  const encodeMs = median(encodeTimes);

  return {
    signal,
    bytesPerRequest,
    rowsPerRequest,
    methods: rowsOut,
    ratio: rate(OURS) / rate(BASELINE),
    checkRatio: rate(CHECK) / rate(OURS),
    ratioToObject: rate(OURS) / rate(BASELINE_TO_OBJECT),
    parquet: {
      rows: flatRows.length,
      encodeMs,
      shredMs: median(shredTimes),
      rowsPerSec: (flatRows.length / encodeMs) * 1000,
      bytesPerRow: parquetBytes / flatRows.length,
    },
  };
}

export function decodeTables(results: DecodeResult[]): string {
  const decodeRows: string[][] = [];
  for (const r of results) {
    for (const m of r.methods) {
      decodeRows.push([
        `${r.signal}: ${m.name}`,
        fmt(m.ms),
        fmtInt(m.rowsPerSec),
        fmt(m.mbPerSec),
        fmtPct(m.gcShare),
      ]);
    }
  }
  const ratioRows = results.map((r) => [r.signal, fmtRatio(r.ratio), fmtRatio(r.ratioToObject), '≥ 5×', r.ratio >= 5 ? 'met' : 'missed']);
  const parquetRows = results.map((r) => [
    r.signal,
    fmtInt(r.parquet.rows),
    fmt(r.parquet.encodeMs),
    fmtInt(r.parquet.rowsPerSec),
    `${fmt(r.parquet.shredMs)} (${fmtPct(r.parquet.shredMs / r.parquet.encodeMs)})`,
    fmt(r.parquet.bytesPerRow),
  ]);
  const r0 = results[0];
  return [
    `Decode + flatten of one ${fmtInt(POINTS_PER_REQUEST)}-record request, median of the measured rounds (protobuf bytes/request: ${results
      .map((r) => `${r.signal} ${fmtInt(r.bytesPerRequest)}`)
      .join(', ')}):`,
    '',
    markdownTable(['method', 'ms/request', 'records/s', 'MB/s', 'GC %'], decodeRows),
    '',
    'Ratio, ours (decode + flatten) ÷ baseline, same bytes, same run:',
    '',
    markdownTable(['signal', 'vs Type.decode', 'vs decode + toObject', 'goal', 'status'], ratioRows),
    '',
    'The receive path checks a body without making its rows: check rate ÷ decode-to-rows rate, same bytes, same run:',
    '',
    markdownTable(
      ['signal', 'check records/s', 'decode to rows records/s', 'check ÷ decode'],
      results.map((r) => [r.signal, fmtInt(rateOf(r, CHECK)), fmtInt(rateOf(r, OURS)), fmtRatio(r.checkRatio)]),
    ),
    '',
    `Parquet encoding of ${r0 ? fmtInt(r0.parquet.rows) : ''} flattened rows (encodeParquet: shredding, pages, GZIP, footer), median:`,
    '',
    markdownTable(['signal', 'rows', 'encode ms', 'rows/s', 'of which shredding ms', 'Parquet bytes/row'], parquetRows),
  ].join('\n');
}

function rateOf(result: DecodeResult, method: string): number {
  return result.methods.find((m) => m.name === method)?.rowsPerSec ?? 0;
}

export async function runDecodeBenches(): Promise<DecodeResult[]> {
  const signals = envList('BENCH_SIGNALS', ['metrics', 'logs']) as SignalName[];
  const results: DecodeResult[] = [];
  for (const signal of signals) results.push(await runDecodeBench(signal));
  return results;
}

if (isMain(import.meta.url)) {
  const results = await runDecodeBenches();
  console.log(decodeTables(results));
}
