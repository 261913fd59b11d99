/**
 * fast-check arbitraries of valid OTLP requests (the shapes of `src/otlp/types.ts`), and two
 * encoders written for the tests: protobuf (field numbers written out from `proto/`, independent of
 * protobufjs and of the decoder) and OTLP/JSON (ints as strings or bare numbers, ids as hex, bytes
 * as base64, NaN/Infinity as strings, -0 kept).
 */
import fc from 'fast-check';
import type * as T from '../../src/otlp/types.js';

// ---------------------------------------------------------------- arbitraries

const U64 = 2n ** 64n - 1n;
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

export const str = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constantFrom('', 'event.name', 'a"b\\c', '\u0000\n', '😀é') },
);
const key = fc.oneof(fc.constantFrom('k', 'event.name', 'dup', ''), fc.string({ maxLength: 5 }));

/** Any double, NaN, ±Infinity and -0 included. */
export const double = fc.oneof(
  fc.double(),
  fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 2 ** 53 + 2, 5e-324, 0.1),
);
// Mostly within the signed LONG range: a record with a value past it is rejected, not stored.
export const u64 = fc.oneof(
  { weight: 8, arbitrary: fc.bigInt(0n, I64_MAX) },
  { weight: 1, arbitrary: fc.bigInt(0n, U64) },
  { weight: 1, arbitrary: fc.constantFrom(0n, 1n, 2n ** 53n + 1n, I64_MAX, 2n ** 63n, U64) },
);
export const i64 = fc.oneof(
  fc.bigInt(I64_MIN, I64_MAX),
  fc.constantFrom(0n, -1n, I64_MIN, I64_MAX, 2n ** 53n + 1n, -(2n ** 53n) - 1n),
);
export const u32 = fc.oneof(fc.nat({ max: 0xffffffff }), fc.constantFrom(0, 1, 0xffffffff));
const i32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const enumOf = (max: number) => fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max }) }, { weight: 1, arbitrary: i32 });

function idOf(size: number): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    fc.constant(new Uint8Array(0)),
    fc.constant(new Uint8Array(size)),
    fc.uint8Array({ minLength: size, maxLength: size }),
  );
}
export const traceId = idOf(16);
export const spanId = idOf(8);

const { anyValue } = fc.letrec<{ anyValue: T.AnyValue; kv: T.KeyValue }>((tie) => ({
  anyValue: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ kind: fc.constant('string' as const), value: str }),
    fc.record({ kind: fc.constant('bool' as const), value: fc.boolean() }),
    fc.record({ kind: fc.constant('int' as const), value: i64 }),
    fc.record({ kind: fc.constant('double' as const), value: double }),
    fc.record({ kind: fc.constant('bytes' as const), value: fc.uint8Array({ maxLength: 6 }) }),
    fc.constant({ kind: 'empty' as const }),
    fc.record({ kind: fc.constant('array' as const), values: fc.array(tie('anyValue'), { maxLength: 3 }) }),
    fc.record({ kind: fc.constant('kvlist' as const), values: fc.array(tie('kv'), { maxLength: 3 }) }),
  ) as fc.Arbitrary<T.AnyValue>,
  kv: fc.record({ key, value: fc.option(tie('anyValue'), { nil: null, freq: 6 }) }) as fc.Arbitrary<T.KeyValue>,
}));
export { anyValue };
export const keyValue: fc.Arbitrary<T.KeyValue> = fc.record({ key, value: fc.option(anyValue, { nil: null, freq: 6 }) });
export const attributes = fc.array(keyValue, { maxLength: 4 });

const resource: fc.Arbitrary<T.Resource | null> = fc.option(
  fc.record({ attributes, droppedAttributesCount: u32 }),
  { nil: null, freq: 4 },
);
const scope: fc.Arbitrary<T.InstrumentationScope | null> = fc.option(
  fc.record({ name: str, version: str, attributes, droppedAttributesCount: u32 }),
  { nil: null, freq: 4 },
);
const optDouble = fc.option(double, { nil: null });
const pointValue: fc.Arbitrary<number | bigint | null> = fc.oneof(double, i64, fc.constant(null));

const exemplar: fc.Arbitrary<T.Exemplar> = fc.record({
  filteredAttributes: attributes,
  timeUnixNano: u64,
  value: pointValue,
  spanId,
  traceId,
});
const exemplars = fc.array(exemplar, { maxLength: 2 });
const points = <P>(p: fc.Arbitrary<P>) => fc.array(p, { maxLength: 3 });

const numberPoint: fc.Arbitrary<T.NumberDataPoint> = fc.record({
  attributes,
  startTimeUnixNano: u64,
  timeUnixNano: u64,
  value: pointValue,
  exemplars,
  flags: u32,
});
const histogramPoint: fc.Arbitrary<T.HistogramDataPoint> = fc.record({
  attributes,
  startTimeUnixNano: u64,
  timeUnixNano: u64,
  count: u64,
  sum: optDouble,
  bucketCounts: fc.array(u64, { maxLength: 4 }),
  explicitBounds: fc.array(double, { maxLength: 4 }),
  exemplars,
  flags: u32,
  min: optDouble,
  max: optDouble,
});
const buckets: fc.Arbitrary<T.Buckets | null> = fc.option(
  fc.record({ offset: i32, bucketCounts: fc.array(u64, { maxLength: 4 }) }),
  { nil: null },
);
const expPoint: fc.Arbitrary<T.ExponentialHistogramDataPoint> = fc.record({
  attributes,
  startTimeUnixNano: u64,
  timeUnixNano: u64,
  count: u64,
  sum: optDouble,
  scale: i32,
  zeroCount: u64,
  positive: buckets,
  negative: buckets,
  flags: u32,
  exemplars,
  min: optDouble,
  max: optDouble,
  zeroThreshold: double,
});
const summaryPoint: fc.Arbitrary<T.SummaryDataPoint> = fc.record({
  attributes,
  startTimeUnixNano: u64,
  timeUnixNano: u64,
  count: u64,
  sum: double,
  quantileValues: fc.array(fc.record({ quantile: double, value: double }), { maxLength: 3 }),
  flags: u32,
});

const metricData: fc.Arbitrary<T.MetricData | null> = fc.oneof(
  fc.record({ type: fc.constant('gauge' as const), dataPoints: points(numberPoint) }),
  fc.record({
    type: fc.constant('sum' as const),
    dataPoints: points(numberPoint),
    aggregationTemporality: enumOf(2),
    isMonotonic: fc.boolean(),
  }),
  fc.record({ type: fc.constant('histogram' as const), dataPoints: points(histogramPoint), aggregationTemporality: enumOf(2) }),
  fc.record({
    type: fc.constant('exponential_histogram' as const),
    dataPoints: points(expPoint),
    aggregationTemporality: enumOf(2),
  }),
  fc.record({ type: fc.constant('summary' as const), dataPoints: points(summaryPoint) }),
  fc.constant(null),
);
const metric: fc.Arbitrary<T.Metric> = fc.record({ name: str, description: str, unit: str, metadata: attributes, data: metricData });

export const metricsRequest: fc.Arbitrary<T.ExportMetricsServiceRequest> = fc.record({
  resourceMetrics: fc.array(
    fc.record({
      resource,
      scopeMetrics: fc.array(fc.record({ scope, metrics: fc.array(metric, { maxLength: 3 }), schemaUrl: str }), { maxLength: 2 }),
      schemaUrl: str,
    }),
    { maxLength: 2 },
  ),
});

const logRecord: fc.Arbitrary<T.LogRecord> = fc.record({
  timeUnixNano: u64,
  observedTimeUnixNano: u64,
  severityNumber: enumOf(24),
  severityText: str,
  body: fc.option(anyValue, { nil: null, freq: 4 }),
  attributes,
  droppedAttributesCount: u32,
  flags: u32,
  traceId,
  spanId,
  eventName: str,
});
export const logsRequest: fc.Arbitrary<T.ExportLogsServiceRequest> = fc.record({
  resourceLogs: fc.array(
    fc.record({
      resource,
      scopeLogs: fc.array(fc.record({ scope, logRecords: fc.array(logRecord, { maxLength: 3 }), schemaUrl: str }), { maxLength: 2 }),
      schemaUrl: str,
    }),
    { maxLength: 2 },
  ),
});

const span: fc.Arbitrary<T.Span> = fc.record({
  traceId,
  spanId,
  traceState: str,
  parentSpanId: spanId,
  flags: u32,
  name: str,
  kind: enumOf(5),
  startTimeUnixNano: u64,
  endTimeUnixNano: u64,
  attributes,
  droppedAttributesCount: u32,
  events: fc.array(fc.record({ timeUnixNano: u64, name: str, attributes, droppedAttributesCount: u32 }), { maxLength: 2 }),
  droppedEventsCount: u32,
  links: fc.array(
    fc.record({ traceId, spanId, traceState: str, attributes, droppedAttributesCount: u32, flags: u32 }),
    { maxLength: 2 },
  ),
  droppedLinksCount: u32,
  status: fc.option(fc.record({ message: str, code: enumOf(2) }), { nil: null }),
});
export const tracesRequest: fc.Arbitrary<T.ExportTraceServiceRequest> = fc.record({
  resourceSpans: fc.array(
    fc.record({
      resource,
      scopeSpans: fc.array(fc.record({ scope, spans: fc.array(span, { maxLength: 3 }), schemaUrl: str }), { maxLength: 2 }),
      schemaUrl: str,
    }),
    { maxLength: 2 },
  ),
});

export type AnyRequest = T.ExportMetricsServiceRequest | T.ExportLogsServiceRequest | T.ExportTraceServiceRequest;
export type SignalName = 'metrics' | 'logs' | 'traces';
export const REQUESTS: Record<SignalName, fc.Arbitrary<AnyRequest>> = {
  metrics: metricsRequest,
  logs: logsRequest,
  traces: tracesRequest,
};

// ---------------------------------------------------------------- protobuf writer

type B = Uint8Array;
const cat = (parts: B[]): B => Uint8Array.from(Buffer.concat(parts));

function varintBytes(value: bigint): B {
  let v = BigInt.asUintN(64, value);
  const out: number[] = [];
  do {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v === 0n ? byte : byte | 0x80);
  } while (v !== 0n);
  return Uint8Array.from(out);
}
const tag = (f: number, wt: number) => varintBytes(BigInt((f << 3) | wt));
const pVarint = (f: number, v: bigint | number | boolean) =>
  cat([tag(f, 0), varintBytes(typeof v === 'boolean' ? (v ? 1n : 0n) : BigInt(v))]);
const pSint32 = (f: number, v: number) => pVarint(f, BigInt(v >= 0 ? v * 2 : -v * 2 - 1));
function pFixed64(f: number, v: bigint): B {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt.asUintN(64, v));
  return cat([tag(f, 1), b]);
}
function pDouble(f: number, v: number): B {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(v);
  return cat([tag(f, 1), b]);
}
function pFixed32(f: number, v: number): B {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v >>> 0);
  return cat([tag(f, 5), b]);
}
const pBytes = (f: number, v: B) => cat([tag(f, 2), varintBytes(BigInt(v.length)), v]);
const pString = (f: number, v: string) => pBytes(f, Buffer.from(v, 'utf8'));
const pMsg = (f: number, parts: B[]) => pBytes(f, cat(parts));
function pPackedFixed64(f: number, vs: bigint[]): B {
  const b = Buffer.alloc(8 * vs.length);
  vs.forEach((v, i) => b.writeBigUInt64LE(BigInt.asUintN(64, v), 8 * i));
  return pBytes(f, b);
}
function pPackedDouble(f: number, vs: number[]): B {
  const b = Buffer.alloc(8 * vs.length);
  vs.forEach((v, i) => b.writeDoubleLE(v, 8 * i));
  return pBytes(f, b);
}
const pPackedVarint = (f: number, vs: bigint[]) => pBytes(f, cat(vs.map(varintBytes)));
const many = <X>(xs: readonly X[], fn: (x: X) => B): B[] => xs.map(fn);

function pAnyValue(v: T.AnyValue): B[] {
  switch (v.kind) {
    case 'string':
      return [pString(1, v.value)];
    case 'bool':
      return [pVarint(2, v.value)];
    case 'int':
      return [pVarint(3, v.value)];
    case 'double':
      return [pDouble(4, v.value)];
    case 'array':
      return [pMsg(5, many(v.values, (x) => pMsg(1, pAnyValue(x))))];
    case 'kvlist':
      return [pMsg(6, many(v.values, (kv) => pMsg(1, pKeyValue(kv))))];
    case 'bytes':
      return [pBytes(7, v.value)];
    case 'empty':
      return [];
  }
}
function pKeyValue(kv: T.KeyValue): B[] {
  return [pString(1, kv.key), ...(kv.value === null ? [] : [pMsg(2, pAnyValue(kv.value))])];
}
const pAttrs = (f: number, kvs: T.KeyValue[]) => many(kvs, (kv) => pMsg(f, pKeyValue(kv)));
const pResource = (r: T.Resource | null) =>
  r === null ? [] : [pMsg(1, [...pAttrs(1, r.attributes), pVarint(2, r.droppedAttributesCount)])];
const pScope = (s: T.InstrumentationScope | null) =>
  s === null
    ? []
    : [pMsg(1, [pString(1, s.name), pString(2, s.version), ...pAttrs(3, s.attributes), pVarint(4, s.droppedAttributesCount)])];

function pValue(doubleField: number, intField: number, v: number | bigint | null): B[] {
  if (v === null) return [];
  if (typeof v === 'number') return [pDouble(doubleField, v)];
  const b = Buffer.alloc(8);
  b.writeBigInt64LE(v);
  return [cat([tag(intField, 1), b])]; // sfixed64
}
const pOpt = (f: number, v: number | null) => (v === null ? [] : [pDouble(f, v)]);
const pExemplars = (f: number, es: T.Exemplar[]) =>
  many(es, (e) =>
    pMsg(f, [
      ...pAttrs(7, e.filteredAttributes),
      pFixed64(2, e.timeUnixNano),
      ...pValue(3, 6, e.value),
      pBytes(4, e.spanId),
      pBytes(5, e.traceId),
    ]),
  );
const pNumberPoint = (p: T.NumberDataPoint) => [
  ...pAttrs(7, p.attributes),
  pFixed64(2, p.startTimeUnixNano),
  pFixed64(3, p.timeUnixNano),
  ...pValue(4, 6, p.value),
  ...pExemplars(5, p.exemplars),
  pVarint(8, p.flags),
];
const pBuckets = (f: number, b: T.Buckets | null) =>
  b === null ? [] : [pMsg(f, [pSint32(1, b.offset), pPackedVarint(2, b.bucketCounts)])];

function pMetricData(d: T.MetricData | null): B[] {
  if (d === null) return [];
  switch (d.type) {
    case 'gauge':
      return [pMsg(5, many(d.dataPoints, (p) => pMsg(1, pNumberPoint(p))))];
    case 'sum':
      return [
        pMsg(7, [...many(d.dataPoints, (p) => pMsg(1, pNumberPoint(p))), pVarint(2, d.aggregationTemporality), pVarint(3, d.isMonotonic)]),
      ];
    case 'histogram':
      return [
        pMsg(9, [
          ...many(d.dataPoints, (p) =>
            pMsg(1, [
              ...pAttrs(9, p.attributes),
              pFixed64(2, p.startTimeUnixNano),
              pFixed64(3, p.timeUnixNano),
              pFixed64(4, p.count),
              ...pOpt(5, p.sum),
              pPackedFixed64(6, p.bucketCounts),
              pPackedDouble(7, p.explicitBounds),
              ...pExemplars(8, p.exemplars),
              pVarint(10, p.flags),
              ...pOpt(11, p.min),
              ...pOpt(12, p.max),
            ]),
          ),
          pVarint(2, d.aggregationTemporality),
        ]),
      ];
    case 'exponential_histogram':
      return [
        pMsg(10, [
          ...many(d.dataPoints, (p) =>
            pMsg(1, [
              ...pAttrs(1, p.attributes),
              pFixed64(2, p.startTimeUnixNano),
              pFixed64(3, p.timeUnixNano),
              pFixed64(4, p.count),
              ...pOpt(5, p.sum),
              pSint32(6, p.scale),
              pFixed64(7, p.zeroCount),
              ...pBuckets(8, p.positive),
              ...pBuckets(9, p.negative),
              pVarint(10, p.flags),
              ...pExemplars(11, p.exemplars),
              ...pOpt(12, p.min),
              ...pOpt(13, p.max),
              pDouble(14, p.zeroThreshold),
            ]),
          ),
          pVarint(2, d.aggregationTemporality),
        ]),
      ];
    case 'summary':
      return [
        pMsg(
          11,
          many(d.dataPoints, (p) =>
            pMsg(1, [
              ...pAttrs(7, p.attributes),
              pFixed64(2, p.startTimeUnixNano),
              pFixed64(3, p.timeUnixNano),
              pFixed64(4, p.count),
              pDouble(5, p.sum),
              ...many(p.quantileValues, (q) => pMsg(6, [pDouble(1, q.quantile), pDouble(2, q.value)])),
              pVarint(8, p.flags),
            ]),
          ),
        ),
      ];
  }
}

export function metricsProtobuf(r: T.ExportMetricsServiceRequest): B {
  return cat(
    many(r.resourceMetrics, (rm) =>
      pMsg(1, [
        ...pResource(rm.resource),
        ...many(rm.scopeMetrics, (sm) =>
          pMsg(2, [
            ...pScope(sm.scope),
            ...many(sm.metrics, (m) =>
              pMsg(2, [pString(1, m.name), pString(2, m.description), pString(3, m.unit), ...pMetricData(m.data), ...pAttrs(12, m.metadata)]),
            ),
            pString(3, sm.schemaUrl),
          ]),
        ),
        pString(3, rm.schemaUrl),
      ]),
    ),
  );
}

export function logsProtobuf(r: T.ExportLogsServiceRequest): B {
  return cat(
    many(r.resourceLogs, (rl) =>
      pMsg(1, [
        ...pResource(rl.resource),
        ...many(rl.scopeLogs, (sl) =>
          pMsg(2, [
            ...pScope(sl.scope),
            ...many(sl.logRecords, (l) =>
              pMsg(2, [
                pFixed64(1, l.timeUnixNano),
                pFixed64(11, l.observedTimeUnixNano),
                pVarint(2, l.severityNumber),
                pString(3, l.severityText),
                ...(l.body === null ? [] : [pMsg(5, pAnyValue(l.body))]),
                ...pAttrs(6, l.attributes),
                pVarint(7, l.droppedAttributesCount),
                pFixed32(8, l.flags),
                pBytes(9, l.traceId),
                pBytes(10, l.spanId),
                pString(12, l.eventName),
              ]),
            ),
            pString(3, sl.schemaUrl),
          ]),
        ),
        pString(3, rl.schemaUrl),
      ]),
    ),
  );
}

export function tracesProtobuf(r: T.ExportTraceServiceRequest): B {
  return cat(
    many(r.resourceSpans, (rs) =>
      pMsg(1, [
        ...pResource(rs.resource),
        ...many(rs.scopeSpans, (ss) =>
          pMsg(2, [
            ...pScope(ss.scope),
            ...many(ss.spans, (s) =>
              pMsg(2, [
                pBytes(1, s.traceId),
                pBytes(2, s.spanId),
                pString(3, s.traceState),
                pBytes(4, s.parentSpanId),
                pFixed32(16, s.flags),
                pString(5, s.name),
                pVarint(6, s.kind),
                pFixed64(7, s.startTimeUnixNano),
                pFixed64(8, s.endTimeUnixNano),
                ...pAttrs(9, s.attributes),
                pVarint(10, s.droppedAttributesCount),
                ...many(s.events, (e) =>
                  pMsg(11, [pFixed64(1, e.timeUnixNano), pString(2, e.name), ...pAttrs(3, e.attributes), pVarint(4, e.droppedAttributesCount)]),
                ),
                pVarint(12, s.droppedEventsCount),
                ...many(s.links, (l) =>
                  pMsg(13, [
                    pBytes(1, l.traceId),
                    pBytes(2, l.spanId),
                    pString(3, l.traceState),
                    ...pAttrs(4, l.attributes),
                    pVarint(5, l.droppedAttributesCount),
                    pFixed32(6, l.flags),
                  ]),
                ),
                pVarint(14, s.droppedLinksCount),
                ...(s.status === null ? [] : [pMsg(15, [pString(2, s.status.message), pVarint(3, s.status.code)])]),
              ]),
            ),
            pString(3, ss.schemaUrl),
          ]),
        ),
        pString(3, rs.schemaUrl),
      ]),
    ),
  );
}

// ---------------------------------------------------------------- OTLP/JSON writer

/** A double in the JSON tree (so that the writer knows to keep -0 and spell NaN/Infinity). */
class D {
  constructor(readonly n: number) {}
}
type J = string | number | boolean | bigint | D | J[] | { [k: string]: J };

/** `bigintAsNumber`: 64-bit integers as bare JSON numbers instead of decimal strings. */
export function writeJson(value: J, bigintAsNumber: boolean): string {
  if (value instanceof D) {
    const n = value.n;
    if (Number.isNaN(n)) return '"NaN"';
    if (n === Infinity) return '"Infinity"';
    if (n === -Infinity) return '"-Infinity"';
    if (Object.is(n, -0)) return '-0';
    return String(n);
  }
  if (typeof value === 'bigint') return bigintAsNumber ? value.toString() : `"${value}"`;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => writeJson(v, bigintAsNumber)).join(',')}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${JSON.stringify(k)}:${writeJson(v, bigintAsNumber)}`)
    .join(',')}}`;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

function jAnyValue(v: T.AnyValue): J {
  switch (v.kind) {
    case 'string':
      return { stringValue: v.value };
    case 'bool':
      return { boolValue: v.value };
    case 'int':
      return { intValue: v.value };
    case 'double':
      return { doubleValue: new D(v.value) };
    case 'bytes':
      return { bytesValue: b64(v.value) };
    case 'array':
      return { arrayValue: { values: v.values.map(jAnyValue) } };
    case 'kvlist':
      return { kvlistValue: { values: v.values.map(jKeyValue) } };
    case 'empty':
      return {};
  }
}
function jKeyValue(kv: T.KeyValue): J {
  return kv.value === null ? { key: kv.key } : { key: kv.key, value: jAnyValue(kv.value) };
}
const jAttrs = (kvs: T.KeyValue[]) => kvs.map(jKeyValue);
function withResourceScope(o: Record<string, J>, key: 'resource' | 'scope', v: T.Resource | T.InstrumentationScope | null) {
  if (v === null) return o;
  const inner: Record<string, J> = { attributes: jAttrs(v.attributes), droppedAttributesCount: v.droppedAttributesCount };
  if ('name' in v) Object.assign(inner, { name: v.name, version: v.version });
  return { [key]: inner, ...o };
}
function jValue(o: Record<string, J>, v: number | bigint | null): Record<string, J> {
  if (v === null) return o;
  return typeof v === 'number' ? { ...o, asDouble: new D(v) } : { ...o, asInt: v };
}
function jOpt(o: Record<string, J>, field: string, v: number | null): Record<string, J> {
  return v === null ? o : { ...o, [field]: new D(v) };
}
const jExemplars = (es: T.Exemplar[]): J =>
  es.map((e) =>
    jValue({ filteredAttributes: jAttrs(e.filteredAttributes), timeUnixNano: e.timeUnixNano, spanId: hex(e.spanId), traceId: hex(e.traceId) }, e.value),
  );
const jTimes = (p: { attributes: T.KeyValue[]; startTimeUnixNano: bigint; timeUnixNano: bigint; flags: number }) => ({
  attributes: jAttrs(p.attributes),
  startTimeUnixNano: p.startTimeUnixNano,
  timeUnixNano: p.timeUnixNano,
  flags: p.flags,
});
const jBuckets = (o: Record<string, J>, field: string, b: T.Buckets | null) =>
  b === null ? o : { ...o, [field]: { offset: b.offset, bucketCounts: b.bucketCounts } };

function jMetricData(d: T.MetricData | null): Record<string, J> {
  if (d === null) return {};
  switch (d.type) {
    case 'gauge':
      return { gauge: { dataPoints: d.dataPoints.map((p) => jValue({ ...jTimes(p), exemplars: jExemplars(p.exemplars) }, p.value)) } };
    case 'sum':
      return {
        sum: {
          dataPoints: d.dataPoints.map((p) => jValue({ ...jTimes(p), exemplars: jExemplars(p.exemplars) }, p.value)),
          aggregationTemporality: d.aggregationTemporality,
          isMonotonic: d.isMonotonic,
        },
      };
    case 'histogram':
      return {
        histogram: {
          dataPoints: d.dataPoints.map((p) =>
            jOpt(
              jOpt(
                jOpt(
                  {
                    ...jTimes(p),
                    count: p.count,
                    bucketCounts: p.bucketCounts,
                    explicitBounds: p.explicitBounds.map((x) => new D(x)),
                    exemplars: jExemplars(p.exemplars),
                  },
                  'sum',
                  p.sum,
                ),
                'min',
                p.min,
              ),
              'max',
              p.max,
            ),
          ),
          aggregationTemporality: d.aggregationTemporality,
        },
      };
    case 'exponential_histogram':
      return {
        exponentialHistogram: {
          dataPoints: d.dataPoints.map((p) => {
            let o: Record<string, J> = {
              ...jTimes(p),
              count: p.count,
              scale: p.scale,
              zeroCount: p.zeroCount,
              exemplars: jExemplars(p.exemplars),
              zeroThreshold: new D(p.zeroThreshold),
            };
            o = jOpt(jOpt(jOpt(o, 'sum', p.sum), 'min', p.min), 'max', p.max);
            return jBuckets(jBuckets(o, 'positive', p.positive), 'negative', p.negative);
          }),
          aggregationTemporality: d.aggregationTemporality,
        },
      };
    case 'summary':
      return {
        summary: {
          dataPoints: d.dataPoints.map((p) => ({
            ...jTimes(p),
            count: p.count,
            sum: new D(p.sum),
            quantileValues: p.quantileValues.map((q) => ({ quantile: new D(q.quantile), value: new D(q.value) })),
          })),
        },
      };
  }
}

export function metricsJson(r: T.ExportMetricsServiceRequest, bigintAsNumber = false): string {
  return writeJson(
    {
      resourceMetrics: r.resourceMetrics.map((rm) =>
        withResourceScope(
          {
            scopeMetrics: rm.scopeMetrics.map((sm) =>
              withResourceScope(
                {
                  metrics: sm.metrics.map((m) => ({
                    name: m.name,
                    description: m.description,
                    unit: m.unit,
                    metadata: jAttrs(m.metadata),
                    ...jMetricData(m.data),
                  })),
                  schemaUrl: sm.schemaUrl,
                },
                'scope',
                sm.scope,
              ),
            ),
            schemaUrl: rm.schemaUrl,
          },
          'resource',
          rm.resource,
        ),
      ),
    },
    bigintAsNumber,
  );
}

export function logsJson(r: T.ExportLogsServiceRequest, bigintAsNumber = false): string {
  return writeJson(
    {
      resourceLogs: r.resourceLogs.map((rl) =>
        withResourceScope(
          {
            scopeLogs: rl.scopeLogs.map((sl) =>
              withResourceScope(
                {
                  logRecords: sl.logRecords.map((l) => {
                    const o: Record<string, J> = {
                      timeUnixNano: l.timeUnixNano,
                      observedTimeUnixNano: l.observedTimeUnixNano,
                      severityNumber: l.severityNumber,
                      severityText: l.severityText,
                      attributes: jAttrs(l.attributes),
                      droppedAttributesCount: l.droppedAttributesCount,
                      flags: l.flags,
                      traceId: hex(l.traceId),
                      spanId: hex(l.spanId),
                      eventName: l.eventName,
                    };
                    if (l.body !== null) o.body = jAnyValue(l.body);
                    return o;
                  }),
                  schemaUrl: sl.schemaUrl,
                },
                'scope',
                sl.scope,
              ),
            ),
            schemaUrl: rl.schemaUrl,
          },
          'resource',
          rl.resource,
        ),
      ),
    },
    bigintAsNumber,
  );
}

export function tracesJson(r: T.ExportTraceServiceRequest, bigintAsNumber = false): string {
  return writeJson(
    {
      resourceSpans: r.resourceSpans.map((rs) =>
        withResourceScope(
          {
            scopeSpans: rs.scopeSpans.map((ss) =>
              withResourceScope(
                {
                  spans: ss.spans.map((s) => {
                    const o: Record<string, J> = {
                      traceId: hex(s.traceId),
                      spanId: hex(s.spanId),
                      traceState: s.traceState,
                      parentSpanId: hex(s.parentSpanId),
                      flags: s.flags,
                      name: s.name,
                      kind: s.kind,
                      startTimeUnixNano: s.startTimeUnixNano,
                      endTimeUnixNano: s.endTimeUnixNano,
                      attributes: jAttrs(s.attributes),
                      droppedAttributesCount: s.droppedAttributesCount,
                      events: s.events.map((e) => ({
                        timeUnixNano: e.timeUnixNano,
                        name: e.name,
                        attributes: jAttrs(e.attributes),
                        droppedAttributesCount: e.droppedAttributesCount,
                      })),
                      droppedEventsCount: s.droppedEventsCount,
                      links: s.links.map((l) => ({
                        traceId: hex(l.traceId),
                        spanId: hex(l.spanId),
                        traceState: l.traceState,
                        attributes: jAttrs(l.attributes),
                        droppedAttributesCount: l.droppedAttributesCount,
                        flags: l.flags,
                      })),
                      droppedLinksCount: s.droppedLinksCount,
                    };
                    if (s.status !== null) o.status = { message: s.status.message, code: s.status.code };
                    return o;
                  }),
                  schemaUrl: ss.schemaUrl,
                },
                'scope',
                ss.scope,
              ),
            ),
            schemaUrl: rs.schemaUrl,
          },
          'resource',
          rs.resource,
        ),
      ),
    },
    bigintAsNumber,
  );
}

export function encode(signal: SignalName, r: AnyRequest, format: 'protobuf' | 'json', bigintAsNumber = false): Buffer {
  if (format === 'protobuf') {
    const b =
      signal === 'metrics'
        ? metricsProtobuf(r as T.ExportMetricsServiceRequest)
        : signal === 'logs'
          ? logsProtobuf(r as T.ExportLogsServiceRequest)
          : tracesProtobuf(r as T.ExportTraceServiceRequest);
    return Buffer.from(b);
  }
  const text =
    signal === 'metrics'
      ? metricsJson(r as T.ExportMetricsServiceRequest, bigintAsNumber)
      : signal === 'logs'
        ? logsJson(r as T.ExportLogsServiceRequest, bigintAsNumber)
        : tracesJson(r as T.ExportTraceServiceRequest, bigintAsNumber);
  return Buffer.from(text, 'utf8');
}

// ---------------------------------------------------------------- mutations

/** Bit flips, truncation, byte overwrites, insertions and varint/length-byte corruptions of a body. */
export function mutation(body: Uint8Array): fc.Arbitrary<Uint8Array> {
  const n = Math.max(body.length, 1);
  const flip = fc.record({ at: fc.nat({ max: n - 1 }), bit: fc.nat({ max: 7 }) }).map(({ at, bit }) => {
    const b = Uint8Array.from(body);
    if (b.length) b[at] ^= 1 << bit;
    return b;
  });
  const truncate = fc.nat({ max: body.length }).map((len) => body.slice(0, len));
  const overwrite = fc.record({ at: fc.nat({ max: n - 1 }), byte: fc.constantFrom(0x00, 0x7f, 0x80, 0xff, 0x0a, 0x12, 0x22) }).map(({ at, byte }) => {
    const b = Uint8Array.from(body);
    if (b.length) b[at] = byte;
    return b;
  });
  // Length-field corruption: after a LEN tag byte (wire type 2), replace the length varint.
  const length = fc
    .record({ pick: fc.nat(), len: fc.oneof(fc.nat({ max: 300 }), fc.constant(0x7fffffff), fc.constant(0xffffffff)) })
    .map(({ pick, len }) => {
      const tags: number[] = [];
      for (let i = 0; i + 1 < body.length; i++) if ((body[i]! & 7) === 2) tags.push(i);
      if (tags.length === 0) return Uint8Array.from(body);
      const at = tags[pick % tags.length]! + 1;
      let end = at;
      while (end < body.length && body[end]! & 0x80) end++;
      return Uint8Array.from(Buffer.concat([body.subarray(0, at), varintBytes(BigInt(len)), body.subarray(end + 1)]));
    });
  const insert = fc.record({ at: fc.nat({ max: body.length }), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }).map(({ at, bytes }) =>
    Uint8Array.from(Buffer.concat([body.subarray(0, at), bytes, body.subarray(at)])),
  );
  return fc.oneof(flip, truncate, overwrite, length, insert);
}
