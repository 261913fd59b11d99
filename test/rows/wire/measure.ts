/**
 * A quick timing of the hand-written decoder (not a test, not an assertion):
 *
 *   node --import tsx test/rows/wire/measure.ts [rounds [passes]]
 *
 * On the same bytes, the time of one 10,000-record request for:
 * - old: `flattenX(decodeXProtobuf(body))` (protobufjs reflection + the flatteners);
 * - protobufjs `Type.decode` alone (the baseline; it stops at protobufjs objects);
 * - new: `decodeFlattenXProtobuf(body)`, bytes to the same rows.
 *
 * Each method runs in a process of its own (warm-up, then `rounds` timed requests), so that its
 * heap holds only its own garbage: in one process, a method pays for the old-generation garbage
 * the previous one left (the old path leaves ~100 MB per request), which skews every figure.
 * The processes are repeated `passes` times, alternating the methods, to even out the machine's
 * drift; the figure is the median over all timed requests. Results are kept alive until the next
 * request, as a server keeps a request's rows until they are written.
 *
 * Payloads (`payloads.ts`): metrics, one resource with 10 attributes, 20 metrics (sums, gauges,
 * histograms with 15 buckets), 10,000 points with 4-6 attributes; logs, 10,000 records with
 * 200-byte bodies, 8 attributes and trace context.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { decodeLogsProtobuf, decodeMetricsProtobuf } from '../../otlp/reference/decode-protobuf.js';
import { otlpSchema } from '../../../src/otlp/proto-loader.js';
import { decodeFlattenLogsProtobuf, decodeFlattenMetricsProtobuf } from '../../../src/rows/wire/index.js';
import { flattenLogs } from '../../../src/rows/logs.js';
import { flattenMetrics } from '../../../src/rows/metrics.js';
import { logsPayload, metricsPayload } from './payloads.js';

const RECORDS = 10_000;
const WARMUP = 15;

type SignalName = 'metrics' | 'logs';
type MethodName = 'old' | 'pb' | 'new';

const LABELS: Record<MethodName, string> = {
  old: 'old: decodeXProtobuf + flattenX',
  pb: 'protobufjs Type.decode',
  new: 'new: decodeFlattenXProtobuf',
};

function payload(signal: SignalName): Buffer {
  return signal === 'metrics' ? metricsPayload(RECORDS) : logsPayload(RECORDS);
}

function method(signal: SignalName, name: MethodName): (body: Buffer) => unknown {
  const schema = otlpSchema();
  if (signal === 'metrics') {
    if (name === 'old') return (b) => flattenMetrics(decodeMetricsProtobuf(b));
    if (name === 'pb') return (b) => schema.metricsRequest.decode(b);
    return decodeFlattenMetricsProtobuf;
  }
  if (name === 'old') return (b) => flattenLogs(decodeLogsProtobuf(b));
  if (name === 'pb') return (b) => schema.logsRequest.decode(b);
  return decodeFlattenLogsProtobuf;
}

/** In a child process: time one method, print the milliseconds of each timed request as JSON. */
function child(signal: SignalName, name: MethodName, rounds: number): void {
  const body = payload(signal);
  const run = method(signal, name);
  let kept: unknown = null;
  for (let i = 0; i < WARMUP; i++) kept = run(body);
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    const result = run(body);
    times.push(performance.now() - start);
    kept = result;
  }
  process.stdout.write(JSON.stringify({ times, kept: kept !== null }));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

function main(rounds: number, passes: number): void {
  // The timing means nothing if the outputs differ.
  for (const signal of ['metrics', 'logs'] as const) {
    const body = payload(signal);
    assert.deepStrictEqual(method(signal, 'new')(body), method(signal, 'old')(body));
  }
  console.log(`Node ${process.version}; ${rounds} requests x ${passes} processes per method; median ms per request`);
  const self = fileURLToPath(import.meta.url);
  for (const signal of ['metrics', 'logs'] as const) {
    const times: Record<MethodName, number[]> = { old: [], pb: [], new: [] };
    for (let pass = 0; pass < passes; pass++) {
      for (const name of ['old', 'pb', 'new'] as const) {
        const out = execFileSync(process.execPath, [...process.execArgv, self, '--child', signal, name, String(rounds)], {
          encoding: 'utf8',
          maxBuffer: 1 << 24,
        });
        times[name].push(...(JSON.parse(out) as { times: number[] }).times);
      }
    }
    const bytes = payload(signal).length;
    const ms = { old: median(times.old), pb: median(times.pb), new: median(times.new) };
    console.log(`\n${signal}: ${RECORDS.toLocaleString('en')} records, ${(bytes / 1e6).toFixed(2)} MB per request`);
    console.log('| method | ms / request | records/s | MB/s | vs Type.decode | vs old |');
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const name of ['old', 'pb', 'new'] as const) {
      const t = ms[name];
      console.log(
        `| ${LABELS[name].replaceAll('X', signal === 'metrics' ? 'Metrics' : 'Logs')} | ${t.toFixed(2)} | ` +
          `${Math.round((RECORDS / t) * 1000).toLocaleString('en')} | ${(bytes / 1e6 / (t / 1000)).toFixed(0)} | ` +
          `${(ms.pb / t).toFixed(2)}x | ${(ms.old / t).toFixed(2)}x |`,
      );
    }
  }
}

const args = process.argv.slice(2);
if (args[0] === '--child') child(args[1] as SignalName, args[2] as MethodName, Number(args[3]));
else main(Number(args[0] ?? 40), Number(args[1] ?? 3));
