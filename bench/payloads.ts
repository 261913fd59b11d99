import { gzipSync } from 'node:zlib';
import { decodeLogsProtobuf, decodeMetricsProtobuf } from '../test/otlp/reference/decode-protobuf.js';
import { otlpSchema } from '../src/otlp/proto-loader.js';
import { flattenLogs } from '../src/rows/logs.js';
import { flattenMetrics } from '../src/rows/metrics.js';
import type { MapEntries, Row } from '../src/rows/row.js';
import { agentRequestObject } from './agent-payloads.js';
import { envNumber, fmt, fmtInt, isMain, markdownTable } from './common.js';

function recordsPerRequest(): number {
  const n = envNumber('BENCH_RECORDS', 1_000);
  // Metrics spread the points over 20 metrics evenly.
  if (!Number.isInteger(n) || n < 20 || n % 20 !== 0) throw new Error(`BENCH_RECORDS must be a multiple of 20, got ${n}`);
  return n;
}

/**
 * The generated OTLP requests of the benchmarks (issue 5, "Benchmarks" 1):
 *
 * - metrics: one resource with 10 attributes, one scope, 20 metrics of mixed kinds (8 sums, half
 *   `as_double` and half `as_int`, 6 gauges, 6 explicit-bucket histograms with 15 buckets, i.e. 14
 *   bounds), 500 data points each (10,000 in all) with 4, 5 or 6 attributes each;
 * - logs: one resource with 10 attributes, one scope, 10,000 log records with a ~200-byte string
 *   body, 8 attributes (strings, ints, a double and a bool, `event.name` among them), trace
 *   context (16-byte trace id, 8-byte span id, flags 1), severity and both timestamps.
 *
 * Values come from a seeded generator: variant `v` always yields the same bytes, and different
 * variants differ in their values and timestamps (the end-to-end load rotates over several so that
 * a Parquet file never holds the same request twice, which zstd would compress unrealistically well).
 * Attribute values are drawn from small vocabularies, as real telemetry's are.
 *
 * Serialized with protobufjs's `Type.encode` of the message types our server loads from `proto/`
 * (the wire format is the one any OTLP exporter sends), and gzip'd at zlib's default level 6.
 */

export type SignalName = 'metrics' | 'logs';
export type Encoding = 'protobuf' | 'gzip';

/** Records (log records or data points) per request: BENCH_RECORDS, 1,000 by default as an agent's exporter batches. */
export const POINTS_PER_REQUEST = recordsPerRequest();
export const METRICS = 20;
export const HISTOGRAM_BUCKETS = 15;
export const LOG_BODY_BYTES = 200;
export const LOG_ATTRIBUTES = 8;

export interface Payload {
  signal: SignalName;
  variant: number;
  /** Rows the request flattens into (data points or log records). */
  rows: number;
  protobuf: Buffer;
  gzip: Buffer;
}

/** mulberry32: a small, fast, seeded PRNG (deterministic payloads). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)];

type Attribute = { key: string; value: Record<string, string | number | boolean> };
const str = (key: string, value: string): Attribute => ({ key, value: { stringValue: value } });
const int = (key: string, value: number): Attribute => ({ key, value: { intValue: String(value) } });
const dbl = (key: string, value: number): Attribute => ({ key, value: { doubleValue: value } });
const bool = (key: string, value: boolean): Attribute => ({ key, value: { boolValue: value } });

const BASE_NANOS = 1_760_000_000_000_000_000n;

function resourceAttributes(random: () => number, variant: number) {
  return [
    str('service.name', 'bench-service'),
    str('service.version', '1.4.2'),
    str('service.instance.id', `instance-${variant}-${Math.floor(random() * 1e9).toString(36)}`),
    str('host.name', `host-${variant % 4}`),
    str('host.arch', 'amd64'),
    str('os.type', 'linux'),
    int('process.pid', 1000 + variant),
    str('process.runtime.name', 'nodejs'),
    str('deployment.environment', 'production'),
    str('telemetry.sdk.language', 'nodejs'),
  ];
}

const SCOPE = { name: 'otlp-delta-bench', version: '1.0.0' };

const ROUTES = ['/api/users', '/api/orders', '/api/items/:id', '/healthz', '/api/search', '/api/cart', '/login', '/logout'];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];
const STATUS = [200, 200, 200, 201, 204, 400, 404, 500];
const PEERS = ['db-0.internal', 'db-1.internal', 'cache.internal', 'auth.internal', 'payments.example.com'];

/** 4, 5 or 6 attributes (by point index), mixed types. */
function pointAttributes(random: () => number, index: number) {
  const attributes = [
    str('http.route', pick(random, ROUTES)),
    str('http.request.method', pick(random, METHODS)),
    int('http.response.status_code', pick(random, STATUS)),
    str('server.address', pick(random, PEERS)),
  ];
  const count = 4 + (index % 3);
  if (count >= 5) attributes.push(bool('error', random() < 0.1));
  if (count >= 6) attributes.push(str('network.protocol.version', pick(random, ['1.1', '2', '3'])));
  return attributes;
}

type MetricKind = 'sum' | 'gauge' | 'histogram';

/** 8 sums, 6 gauges, 6 histograms, interleaved. */
function metricKind(i: number): MetricKind {
  const r = i % 10;
  return r < 4 ? 'sum' : r < 7 ? 'gauge' : 'histogram';
}

const BOUNDS = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 10000]; // 14 bounds → 15 buckets

export function metricsRequestObject(variant: number): Record<string, unknown> {
  const random = rng(0x5eed + variant * 7919);
  const pointsPerMetric = POINTS_PER_REQUEST / METRICS;
  const start = BASE_NANOS + BigInt(variant) * 10_000_000_000n;
  const metrics = [];
  for (let m = 0; m < METRICS; m++) {
    const kind = metricKind(m);
    const dataPoints = [];
    for (let p = 0; p < pointsPerMetric; p++) {
      const common = {
        attributes: pointAttributes(random, p),
        startTimeUnixNano: String(start),
        timeUnixNano: String(start + BigInt(p) * 1_000_000n + 60_000_000_000n),
      };
      if (kind === 'histogram') {
        const bucketCounts = BOUNDS.map(() => Math.floor(random() * 50));
        bucketCounts.push(Math.floor(random() * 5));
        const count = bucketCounts.reduce((a, b) => a + b, 0);
        dataPoints.push({
          ...common,
          count: String(count),
          sum: random() * 1000 * count,
          bucketCounts: bucketCounts.map(String),
          explicitBounds: BOUNDS,
          min: random() * 5,
          max: 5000 + random() * 10000,
        });
      } else if (kind === 'sum' && m % 2 === 1) {
        dataPoints.push({ ...common, asInt: String(Math.floor(random() * 1_000_000)) });
      } else {
        dataPoints.push({ ...common, asDouble: random() * 1000 });
      }
    }
    const base = { name: `bench.${kind}.${m}`, description: `generated ${kind} ${m}`, unit: kind === 'histogram' ? 'ms' : '1' };
    if (kind === 'sum') metrics.push({ ...base, sum: { dataPoints, aggregationTemporality: 1 + (m % 2), isMonotonic: true } });
    else if (kind === 'gauge') metrics.push({ ...base, gauge: { dataPoints } });
    else metrics.push({ ...base, histogram: { dataPoints, aggregationTemporality: 1 } });
  }
  return {
    resourceMetrics: [
      {
        resource: { attributes: resourceAttributes(random, variant) },
        scopeMetrics: [{ scope: SCOPE, metrics }],
      },
    ],
  };
}

const WORDS = (
  'request handled user session token cache miss hit database query took upstream retry timeout ' +
  'connection pool acquired released payload parsed validated stored queue worker started finished ' +
  'order item cart checkout payment authorized declined shipped invoice customer account'
).split(' ');
const EVENTS = ['api_request', 'tool_result', 'user_prompt', 'api_error', 'tool_decision'];
const MODELS = ['model-large', 'model-medium', 'model-small'];

function logBody(random: () => number): string {
  let text = '';
  while (text.length < LOG_BODY_BYTES) text += (text ? ' ' : '') + pick(random, WORDS);
  return text.slice(0, LOG_BODY_BYTES);
}

function randomBytes(random: () => number, n: number): Buffer {
  const bytes = Buffer.alloc(n);
  for (let i = 0; i < n; i++) bytes[i] = Math.floor(random() * 256);
  if (bytes.every((b) => b === 0)) bytes[0] = 1; // an all-zero id means "no id"
  return bytes;
}

export function logsRequestObject(variant: number): Record<string, unknown> {
  const random = rng(0x1095 + variant * 104729);
  const start = BASE_NANOS + BigInt(variant) * 10_000_000_000n;
  const logRecords = [];
  let traceId = randomBytes(random, 16);
  for (let i = 0; i < POINTS_PER_REQUEST; i++) {
    if (i % 8 === 0) traceId = randomBytes(random, 16); // a few records per trace
    const severityNumber = pick(random, [5, 9, 9, 9, 13, 17]);
    const time = start + BigInt(i) * 100_000n;
    logRecords.push({
      timeUnixNano: String(time),
      observedTimeUnixNano: String(time + 1_500_000n),
      severityNumber,
      severityText: severityNumber === 5 ? 'DEBUG' : severityNumber === 9 ? 'INFO' : severityNumber === 13 ? 'WARN' : 'ERROR',
      body: { stringValue: logBody(random) },
      attributes: [
        str('event.name', pick(random, EVENTS)),
        str('session.id', `session-${Math.floor(random() * 64)}`),
        str('user.id', `user-${Math.floor(random() * 1000)}`),
        str('model', pick(random, MODELS)),
        int('duration_ms', Math.floor(random() * 30_000)),
        int('input_tokens', Math.floor(random() * 100_000)),
        dbl('cost_usd', Math.round(random() * 1e6) / 1e6),
        bool('success', random() < 0.95),
      ],
      traceId,
      spanId: randomBytes(random, 8),
      flags: 1,
    });
  }
  return {
    resourceLogs: [
      {
        resource: { attributes: resourceAttributes(random, variant) },
        scopeLogs: [{ scope: SCOPE, logRecords }],
      },
    ],
  };
}

/** Serializes an OTLP request object (protobufjs JSON-ish form, camelCase) with our loaded types. */
export function encodeRequest(signal: SignalName | 'probe-metrics' | 'probe-logs', object: Record<string, unknown>): Buffer {
  const schema = otlpSchema();
  const type = signal === 'metrics' || signal === 'probe-metrics' ? schema.metricsRequest : schema.logsRequest;
  return Buffer.from(type.encode(type.fromObject(object)).finish());
}

const cache = new Map<string, Payload>();

/**
 * BENCH_TRAFFIC: `generated` (the default, the requests described above) or `agents` (requests
 * shaped as Claude Code, Codex and Gemini CLI send them: `agent-payloads.ts`).
 */
export const TRAFFIC = trafficOf(process.env.BENCH_TRAFFIC ?? 'generated');

function trafficOf(name: string): 'generated' | 'agents' {
  if (name !== 'generated' && name !== 'agents') throw new Error(`BENCH_TRAFFIC must be generated or agents, got ${JSON.stringify(name)}`);
  return name;
}

function requestObject(signal: SignalName, variant: number): Record<string, unknown> {
  if (TRAFFIC === 'agents') return agentRequestObject(signal, variant, POINTS_PER_REQUEST);
  return signal === 'metrics' ? metricsRequestObject(variant) : logsRequestObject(variant);
}

export function payload(signal: SignalName, variant = 0): Payload {
  const key = `${signal}/${variant}`;
  let p = cache.get(key);
  if (!p) {
    const object = requestObject(signal, variant);
    const protobuf = encodeRequest(signal, object);
    p = { signal, variant, rows: POINTS_PER_REQUEST, protobuf, gzip: gzipSync(protobuf) };
    cache.set(key, p);
  }
  return p;
}

export function payloadBytes(p: Payload, encoding: Encoding): Buffer {
  return encoding === 'gzip' ? p.gzip : p.protobuf;
}

/**
 * A one-row request whose row can be found in the table: metrics by the metric `name`, logs by
 * `event_name`, both `bench.probe.<id>` (top-level columns, cheap to select).
 */
export function probeRequest(signal: SignalName, id: string): Buffer {
  const name = `bench.probe.${id}`;
  const nanos = String(BigInt(Date.now()) * 1_000_000n);
  if (signal === 'metrics') {
    return encodeRequest('probe-metrics', {
      resourceMetrics: [
        {
          resource: { attributes: [str('service.name', 'bench-probe')] },
          scopeMetrics: [{ scope: SCOPE, metrics: [{ name, gauge: { dataPoints: [{ timeUnixNano: nanos, asDouble: 1 }] } }] }],
        },
      ],
    });
  }
  return encodeRequest('probe-logs', {
    resourceLogs: [
      {
        resource: { attributes: [str('service.name', 'bench-probe')] },
        scopeLogs: [{ scope: SCOPE, logRecords: [{ timeUnixNano: nanos, eventName: name, body: { stringValue: 'probe' } }] }],
      },
    ],
  });
}

export const PROBE_PREFIX = 'bench.probe.';

// ---- checking that our decoder reads them as generated ----

function mapOf(value: unknown): MapEntries {
  if (!Array.isArray(value)) throw new Error(`expected a map, got ${JSON.stringify(value)}`);
  return value as MapEntries;
}

/** Decodes with the server's own decoder and checks the shape promised above; throws if it is off. */
export function checkPayload(p: Payload): void {
  const fail = (why: string) => {
    throw new Error(`${TRAFFIC} ${p.signal} payload ${p.variant}: ${why}`);
  };
  const { rows } = p.signal === 'metrics' ? flattenMetrics(decodeMetricsProtobuf(p.protobuf)) : flattenLogs(decodeLogsProtobuf(p.protobuf));
  if (rows.length !== POINTS_PER_REQUEST) fail(`${rows.length} rows, expected ${POINTS_PER_REQUEST}`);
  // The agents' requests are the demo's traffic, which its own tests check: only their count here.
  if (TRAFFIC === 'agents') return;
  if (p.signal === 'metrics') {
    const kinds = new Map<string, number>();
    const names = new Set<string>();
    for (const row of rows) {
      names.add(row.name as string);
      kinds.set(row.metric_type as string, (kinds.get(row.metric_type as string) ?? 0) + 1);
      const point = row[row.metric_type as string] as Row;
      const n = mapOf(point.attributes).length;
      if (n < 4 || n > 6) fail(`a data point has ${n} attributes`);
      if (row.metric_type === 'histogram' && (point.bucket_counts as unknown[]).length !== HISTOGRAM_BUCKETS) {
        fail(`a histogram has ${(point.bucket_counts as unknown[]).length} buckets`);
      }
    }
    if (names.size !== METRICS) fail(`${names.size} metrics`);
    if (mapOf((rows[0].resource as Row).attributes).length !== 10) fail('the resource does not have 10 attributes');
    // 8 sums, 6 gauges, 6 histograms of equally many points.
    const perMetric = POINTS_PER_REQUEST / METRICS;
    if (kinds.get('sum') !== 8 * perMetric || kinds.get('gauge') !== 6 * perMetric || kinds.get('histogram') !== 6 * perMetric) {
      fail(`unexpected mix ${JSON.stringify([...kinds])}`);
    }
  } else {
    for (const row of rows) {
      if (mapOf(row.attributes).length !== LOG_ATTRIBUTES) fail(`a record has ${mapOf(row.attributes).length} attributes`);
      if ((row.body as string).length !== LOG_BODY_BYTES) fail(`a body of ${(row.body as string).length} bytes`);
      if (typeof row.trace_id !== 'string' || row.trace_id.length !== 32) fail(`trace_id ${row.trace_id}`);
      if (typeof row.span_id !== 'string' || row.span_id.length !== 16) fail(`span_id ${row.span_id}`);
      if (row.event_name === null) fail('event_name from the event.name attribute is missing');
    }
  }
}

export function payloadTable(variants = 1): string {
  const rows: string[][] = [];
  for (const signal of ['metrics', 'logs'] as const) {
    for (let v = 0; v < variants; v++) {
      const p = payload(signal, v);
      checkPayload(p);
      rows.push([
        `${signal} #${v}`,
        fmtInt(p.rows),
        fmtInt(p.protobuf.length),
        fmt(p.protobuf.length / p.rows),
        fmtInt(p.gzip.length),
        fmt(p.protobuf.length / p.gzip.length),
      ]);
    }
  }
  return markdownTable(['payload', 'rows', 'protobuf bytes', 'bytes/row', 'gzip bytes', 'gzip ratio'], rows);
}

if (isMain(import.meta.url)) {
  console.log(`Payloads, BENCH_TRAFFIC=${TRAFFIC} (decoded and checked with the server's decoder):\n`);
  console.log(payloadTable(Number(process.env.BENCH_VARIANTS ?? 2)));
}
