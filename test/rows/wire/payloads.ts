import { otlpSchema } from '../../../src/otlp/proto-loader.js';

/**
 * Large generated OTLP requests for `measure.ts` (the shapes of issue 5's benchmark): serialized
 * with protobufjs's `Type.encode` of the types loaded from `proto/`, from seeded random values.
 *
 * - metrics: one resource with 10 attributes, one scope, 20 metrics (8 sums, half as_double and
 *   half as_int, 6 gauges, 6 histograms with 15 buckets), `points` data points in all, each with
 *   4, 5 or 6 attributes;
 * - logs: one resource with 10 attributes, one scope, `records` log records with a ~200-byte body,
 *   8 attributes (`event.name` among them) and trace context.
 */

/** mulberry32: a small seeded PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
type Attribute = { key: string; value: Record<string, unknown> };
const str = (key: string, value: string): Attribute => ({ key, value: { stringValue: value } });
const int = (key: string, value: number): Attribute => ({ key, value: { intValue: value } });
const dbl = (key: string, value: number): Attribute => ({ key, value: { doubleValue: value } });
const bool = (key: string, value: boolean): Attribute => ({ key, value: { boolValue: value } });

const BASE = 1_760_000_000_000_000_000n;

function resourceAttributes() {
  return [
    str('service.name', 'measure-service'),
    str('service.version', '1.4.2'),
    str('service.instance.id', 'instance-7f3a9c'),
    str('host.name', 'host-3'),
    str('host.arch', 'amd64'),
    str('os.type', 'linux'),
    int('process.pid', 4242),
    str('process.runtime.name', 'nodejs'),
    str('deployment.environment', 'production'),
    str('telemetry.sdk.language', 'nodejs'),
  ];
}

const ROUTES = ['/api/users', '/api/orders', '/api/items/:id', '/healthz', '/api/search', '/api/cart', '/login'];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];
const STATUS = [200, 200, 200, 201, 204, 400, 404, 500];
const PEERS = ['db-0.internal', 'db-1.internal', 'cache.internal', 'auth.internal', 'payments.example.com'];
const BOUNDS = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 10000];

export function metricsPayload(points = 10_000, seed = 1): Buffer {
  const random = rng(seed);
  const metricsCount = 20;
  const perMetric = Math.ceil(points / metricsCount);
  const metrics = [];
  for (let m = 0; m < metricsCount; m++) {
    const kind = m % 10 < 4 ? 'sum' : m % 10 < 7 ? 'gauge' : 'histogram';
    const dataPoints = [];
    for (let p = 0; p < perMetric; p++) {
      const attributes = [
        str('http.route', pick(random, ROUTES)),
        str('http.request.method', pick(random, METHODS)),
        int('http.response.status_code', pick(random, STATUS)),
        str('server.address', pick(random, PEERS)),
      ];
      if (p % 3 >= 1) attributes.push(bool('error', random() < 0.1));
      if (p % 3 >= 2) attributes.push(dbl('sample.rate', 0.25));
      const common = {
        attributes,
        startTimeUnixNano: String(BASE),
        timeUnixNano: String(BASE + BigInt(p) * 1_000_000n),
      };
      if (kind === 'histogram') {
        const bucketCounts = [...BOUNDS, 0].map(() => Math.floor(random() * 50));
        dataPoints.push({
          ...common,
          count: String(bucketCounts.reduce((a, b) => a + b, 0)),
          sum: random() * 100000,
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
    const base = { name: `measure.${kind}.${m}`, description: `generated ${kind}`, unit: kind === 'histogram' ? 'ms' : '1' };
    if (kind === 'sum') metrics.push({ ...base, sum: { dataPoints, aggregationTemporality: 1 + (m % 2), isMonotonic: true } });
    else if (kind === 'gauge') metrics.push({ ...base, gauge: { dataPoints } });
    else metrics.push({ ...base, histogram: { dataPoints, aggregationTemporality: 1 } });
  }
  const type = otlpSchema().metricsRequest;
  const request = {
    resourceMetrics: [
      { resource: { attributes: resourceAttributes() }, scopeMetrics: [{ scope: { name: 'measure', version: '1.0.0' }, metrics }] },
    ],
  };
  return Buffer.from(type.encode(type.fromObject(request)).finish());
}

const WORDS = (
  'request handled user session token cache miss hit database query took upstream retry timeout ' +
  'connection pool acquired released payload parsed validated stored queue worker started finished'
).split(' ');
const EVENTS = ['api_request', 'tool_result', 'user_prompt', 'api_error', 'tool_decision'];

function randomBytes(random: () => number, n: number): Buffer {
  const bytes = Buffer.alloc(n);
  for (let i = 0; i < n; i++) bytes[i] = Math.floor(random() * 256);
  bytes[0] |= 1;
  return bytes;
}

export function logsPayload(records = 10_000, seed = 2): Buffer {
  const random = rng(seed);
  const logRecords = [];
  let traceId = randomBytes(random, 16);
  for (let i = 0; i < records; i++) {
    if (i % 8 === 0) traceId = randomBytes(random, 16);
    let body = '';
    while (body.length < 200) body += (body ? ' ' : '') + pick(random, WORDS);
    const time = BASE + BigInt(i) * 100_000n;
    logRecords.push({
      timeUnixNano: String(time),
      observedTimeUnixNano: String(time + 1_500_000n),
      severityNumber: 9,
      severityText: 'INFO',
      body: { stringValue: body.slice(0, 200) },
      attributes: [
        str('event.name', pick(random, EVENTS)),
        str('session.id', `session-${Math.floor(random() * 64)}`),
        str('user.id', `user-${Math.floor(random() * 1000)}`),
        str('model', pick(random, ['model-large', 'model-medium', 'model-small'])),
        int('input_tokens', Math.floor(random() * 5000)),
        int('duration_ms', Math.floor(random() * 20000)),
        dbl('cost_usd', random()),
        bool('success', random() < 0.9),
      ],
      traceId,
      spanId: randomBytes(random, 8),
      flags: 1,
    });
  }
  const type = otlpSchema().logsRequest;
  const request = {
    resourceLogs: [
      { resource: { attributes: resourceAttributes() }, scopeLogs: [{ scope: { name: 'measure', version: '1.0.0' }, logRecords }] },
    ],
  };
  return Buffer.from(type.encode(type.fromObject(request)).finish());
}
