/**
 * Property: random valid OTLP requests, encoded as protobuf and as OTLP/JSON, decode and flatten into
 * the rows the SPEC rules give (computed here from the generated request, not through src/rows), and
 * the protobuf and JSON paths give exactly the same rows.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type * as T from '../../src/otlp/types.js';
import { SIGNALS } from '../../src/receive/signals.js';
import { decodeBody } from '../../src/rows/decode.js';
import type { Row } from '../../src/rows/row.js';
import { encode, REQUESTS, type AnyRequest, type SignalName } from './arbitraries.js';

export const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
export const SEED = Number(process.env.FUZZ_SEED ?? 20240601);

// ---- the SPEC rules, written out independently ----

const SEVERITY = ['UNSPECIFIED', ...['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'].flatMap((n) => [n, `${n}2`, `${n}3`, `${n}4`])];
const enumName = (prefix: string, names: string[], n: number) => (n >= 0 && n < names.length ? `${prefix}${names[n]}` : String(n));
const severity = (n: number) => enumName('SEVERITY_NUMBER_', SEVERITY, n);
const temporality = (n: number) => enumName('AGGREGATION_TEMPORALITY_', ['UNSPECIFIED', 'DELTA', 'CUMULATIVE'], n);
const spanKind = (n: number) => enumName('SPAN_KIND_', ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'], n);
const statusCode = (n: number) => enumName('STATUS_CODE_', ['UNSET', 'OK', 'ERROR'], n);

/** LONG columns hold the value as sent; a record with an unsigned value past 2^63-1 is rejected. */
const long = (v: bigint) => v;
const fits = (v: bigint) => v <= 2n ** 63n - 1n;
const allFit = (...values: bigint[]) => values.every(fits);
const exemplarsFit = (es: T.Exemplar[]) => es.every((e) => fits(e.timeUnixNano));

/** Whether a data point's LONG values all fit (else it is rejected, not stored). */
function pointFits(type: T.MetricData['type'], p: unknown): boolean {
  const q = p as T.HistogramDataPoint & T.ExponentialHistogramDataPoint & T.SummaryDataPoint & T.NumberDataPoint;
  if (!allFit(q.startTimeUnixNano, q.timeUnixNano)) return false;
  switch (type) {
    case 'gauge':
    case 'sum':
      return exemplarsFit(q.exemplars);
    case 'histogram':
      return allFit(q.count, ...q.bucketCounts) && exemplarsFit(q.exemplars);
    case 'exponential_histogram':
      return allFit(q.count, q.zeroCount, ...(q.positive?.bucketCounts ?? []), ...(q.negative?.bucketCounts ?? [])) && exemplarsFit(q.exemplars);
    case 'summary':
      return fits(q.count);
  }
}
const id = (b: Uint8Array) => (b.length === 0 || b.every((x) => x === 0) ? null : Buffer.from(b).toString('hex'));
const doubleText = (d: number) => (Object.is(d, -0) ? '-0' : String(d));
const num = (v: number | bigint | null) => (v === null ? null : Number(v));

/** The text of a scalar value; `undefined` for arrays and kvlists (checked by pb/JSON agreement only). */
function scalarText(v: T.AnyValue | null): string | null | undefined {
  if (v === null) return null;
  switch (v.kind) {
    case 'string':
      return v.value;
    case 'bool':
      return String(v.value);
    case 'int':
      return v.value.toString(10);
    case 'double':
      return doubleText(v.value);
    case 'bytes':
      return Buffer.from(v.value).toString('base64');
    case 'empty':
      return null;
    default:
      return undefined;
  }
}

/** Every key once, in first-seen order, the last value winning; compound values left out. */
function checkMap(actual: unknown, kvs: T.KeyValue[], where: string): void {
  assert.ok(Array.isArray(actual), `${where}: not a map`);
  const expected = new Map<string, T.KeyValue>();
  for (const kv of kvs) expected.set(kv.key, kv);
  const entries = actual as Array<[string, string | null]>;
  assert.deepEqual(
    entries.map(([k]) => k),
    [...new Set(kvs.map((kv) => kv.key))],
    `${where}: keys`,
  );
  for (const [k, text] of entries) {
    const want = scalarText(expected.get(k)!.value);
    if (want !== undefined) assert.equal(text, want, `${where}[${k}]`);
    else assert.ok(typeof text === 'string' && /^[[{]/.test(text), `${where}[${k}] compound as JSON: ${text}`);
  }
}

function checkResourceScope(row: Row, resource: T.Resource | null, scope: T.InstrumentationScope | null, where: string) {
  const r = row.resource as Row;
  checkMap(r.attributes, resource?.attributes ?? [], `${where}.resource.attributes`);
  assert.equal(r.dropped_attributes_count, (resource?.droppedAttributesCount ?? 0) | 0);
  const s = row.instrumentation_scope as Row;
  assert.equal(s.name, scope?.name ?? '');
  assert.equal(s.version, scope?.version ?? '');
  checkMap(s.attributes, scope?.attributes ?? [], `${where}.scope.attributes`);
  assert.equal(s.dropped_attributes_count, (scope?.droppedAttributesCount ?? 0) | 0);
}

function checkExemplars(actual: unknown, es: T.Exemplar[], where: string) {
  const rows = actual as Row[];
  assert.equal(rows.length, es.length, `${where}: exemplar count`);
  es.forEach((e, i) => {
    const x = rows[i]!;
    assert.equal(x.time_unix_nano, long(e.timeUnixNano));
    assert.deepEqual(x.value, num(e.value));
    assert.equal(x.trace_id, id(e.traceId));
    assert.equal(x.span_id, id(e.spanId));
    checkMap(x.filtered_attributes, e.filteredAttributes, `${where}.exemplars[${i}]`);
  });
}

function checkPointCommon(s: Row, p: { attributes: T.KeyValue[]; startTimeUnixNano: bigint; timeUnixNano: bigint; flags: number }, where: string) {
  assert.equal(s.start_time_unix_nano, long(p.startTimeUnixNano), `${where}.start_time_unix_nano`);
  assert.equal(s.time_unix_nano, long(p.timeUnixNano), `${where}.time_unix_nano`);
  assert.equal(s.flags, p.flags | 0, `${where}.flags`);
  checkMap(s.attributes, p.attributes, `${where}.attributes`);
}

function expectMetrics(req: T.ExportMetricsServiceRequest, rows: Row[]): number {
  let i = 0;
  let rejected = 0;
  for (const rm of req.resourceMetrics)
    for (const sm of rm.scopeMetrics)
      for (const m of sm.metrics) {
        const points: unknown[] = m.data?.dataPoints ?? [];
        for (const p of points) {
          if (!pointFits(m.data!.type, p)) {
            rejected++;
            continue;
          }
          const row = rows[i];
          const where = `row ${i}`;
          assert.ok(row, `${where}: missing`);
          i++;
          const d = m.data!;
          assert.equal(row.name, m.name);
          assert.equal(row.description, m.description);
          assert.equal(row.unit, m.unit);
          assert.equal(row.metric_type, d.type);
          checkMap(row.metadata, m.metadata, `${where}.metadata`);
          assert.equal(row.resource_schema_url, rm.schemaUrl);
          assert.equal(row.metric_schema_url, sm.schemaUrl);
          checkResourceScope(row, rm.resource, sm.scope, where);
          for (const other of ['gauge', 'sum', 'histogram', 'exponential_histogram', 'summary'])
            if (other !== d.type) assert.equal(row[other], null, `${where}.${other} is NULL`);
          const s = row[d.type] as Row;
          switch (d.type) {
            case 'gauge':
            case 'sum': {
              const q = p as T.NumberDataPoint;
              checkPointCommon(s, q, where);
              assert.deepEqual(s.value, num(q.value));
              checkExemplars(s.exemplars, q.exemplars, where);
              if (d.type === 'sum') {
                assert.equal(s.aggregation_temporality, temporality(d.aggregationTemporality));
                assert.equal(s.is_monotonic, d.isMonotonic);
              }
              break;
            }
            case 'histogram': {
              const q = p as T.HistogramDataPoint;
              checkPointCommon(s, q, where);
              assert.equal(s.count, long(q.count));
              assert.deepEqual([s.sum, s.min, s.max], [q.sum, q.min, q.max]);
              assert.deepEqual(s.bucket_counts, q.bucketCounts.map(long));
              assert.deepEqual(s.explicit_bounds, q.explicitBounds);
              checkExemplars(s.exemplars, q.exemplars, where);
              assert.equal(s.aggregation_temporality, temporality(d.aggregationTemporality));
              break;
            }
            case 'exponential_histogram': {
              const q = p as T.ExponentialHistogramDataPoint;
              checkPointCommon(s, q, where);
              assert.equal(s.count, long(q.count));
              assert.equal(s.zero_count, long(q.zeroCount));
              assert.equal(s.scale, q.scale);
              assert.deepEqual([s.sum, s.min, s.max, s.zero_threshold], [q.sum, q.min, q.max, q.zeroThreshold]);
              const bucket = (b: T.Buckets | null) => ({ offset: b?.offset ?? 0, bucket_counts: (b?.bucketCounts ?? []).map(long) });
              assert.deepEqual(s.positive_bucket, bucket(q.positive));
              assert.deepEqual(s.negative_bucket, bucket(q.negative));
              checkExemplars(s.exemplars, q.exemplars, where);
              assert.equal(s.aggregation_temporality, temporality(d.aggregationTemporality));
              break;
            }
            case 'summary': {
              const q = p as T.SummaryDataPoint;
              checkPointCommon(s, q, where);
              assert.equal(s.count, long(q.count));
              assert.deepEqual(s.sum, q.sum);
              assert.deepEqual(s.quantile_values, q.quantileValues.map((v) => ({ quantile: v.quantile, value: v.value })));
              break;
            }
          }
        }
      }
  assert.equal(rows.length, i, 'one row per data point');
  return rejected;
}

function expectLogs(req: T.ExportLogsServiceRequest, rows: Row[]): number {
  let i = 0;
  let rejected = 0;
  for (const rl of req.resourceLogs)
    for (const sl of rl.scopeLogs)
      for (const l of sl.logRecords) {
        if (!allFit(l.timeUnixNano, l.observedTimeUnixNano)) {
          rejected++;
          continue;
        }
        const row = rows[i];
        const where = `row ${i}`;
        assert.ok(row, `${where}: missing`);
        i++;
        assert.equal(row.time_unix_nano, long(l.timeUnixNano));
        assert.equal(row.observed_time_unix_nano, long(l.observedTimeUnixNano));
        assert.equal(row.severity_number, severity(l.severityNumber));
        assert.equal(row.severity_text, l.severityText);
        const body = scalarText(l.body);
        if (body !== undefined) assert.equal(row.body, body);
        else assert.match(String(row.body), /^[[{]/);
        checkMap(row.attributes, l.attributes, `${where}.attributes`);
        assert.equal(row.dropped_attributes_count, l.droppedAttributesCount | 0);
        assert.equal(row.flags, l.flags | 0);
        assert.equal(row.trace_id, id(l.traceId));
        assert.equal(row.span_id, id(l.spanId));
        // event_name: the field; when empty, the `event.name` attribute (last one wins); else NULL.
        const attr = [...l.attributes].reverse().find((kv) => kv.key === 'event.name');
        const fromAttr = attr ? scalarText(attr.value) : null;
        if (l.eventName !== '') assert.equal(row.event_name, l.eventName);
        else if (fromAttr !== undefined) assert.equal(row.event_name, fromAttr === '' ? null : fromAttr); // an empty attribute counts as none
        assert.equal(row.resource_schema_url, rl.schemaUrl);
        assert.equal(row.log_schema_url, sl.schemaUrl);
        checkResourceScope(row, rl.resource, sl.scope, where);
      }
  assert.equal(rows.length, i, 'one row per log record');
  return rejected;
}

function expectSpans(req: T.ExportTraceServiceRequest, rows: Row[]): number {
  let i = 0;
  let rejected = 0;
  for (const rs of req.resourceSpans)
    for (const ss of rs.scopeSpans)
      for (const s of ss.spans) {
        if (!allFit(s.startTimeUnixNano, s.endTimeUnixNano, ...s.events.map((e) => e.timeUnixNano))) {
          rejected++;
          continue;
        }
        const row = rows[i];
        const where = `row ${i}`;
        assert.ok(row, `${where}: missing`);
        i++;
        assert.equal(row.trace_id, id(s.traceId));
        assert.equal(row.span_id, id(s.spanId));
        assert.equal(row.parent_span_id, id(s.parentSpanId));
        assert.equal(row.trace_state, s.traceState);
        assert.equal(row.flags, s.flags | 0);
        assert.equal(row.name, s.name);
        assert.equal(row.kind, spanKind(s.kind));
        assert.equal(row.start_time_unix_nano, long(s.startTimeUnixNano));
        assert.equal(row.end_time_unix_nano, long(s.endTimeUnixNano));
        checkMap(row.attributes, s.attributes, `${where}.attributes`);
        assert.equal(row.dropped_attributes_count, s.droppedAttributesCount | 0);
        assert.equal(row.dropped_events_count, s.droppedEventsCount | 0);
        assert.equal(row.dropped_links_count, s.droppedLinksCount | 0);
        assert.deepEqual(row.status, { message: s.status?.message ?? '', code: statusCode(s.status?.code ?? 0) });
        const events = row.events as Row[];
        assert.equal(events.length, s.events.length);
        s.events.forEach((e, k) => {
          assert.equal(events[k]!.time_unix_nano, long(e.timeUnixNano));
          assert.equal(events[k]!.name, e.name);
          checkMap(events[k]!.attributes, e.attributes, `${where}.events[${k}]`);
        });
        const links = row.links as Row[];
        assert.equal(links.length, s.links.length);
        s.links.forEach((l, k) => {
          assert.equal(links[k]!.trace_id, id(l.traceId));
          assert.equal(links[k]!.span_id, id(l.spanId));
          assert.equal(links[k]!.trace_state, l.traceState);
          assert.equal(links[k]!.flags, l.flags | 0);
          checkMap(links[k]!.attributes, l.attributes, `${where}.links[${k}]`);
        });
        assert.equal(row.resource_schema_url, rs.schemaUrl);
        assert.equal(row.span_schema_url, ss.schemaUrl);
        checkResourceScope(row, rs.resource, ss.scope, where);
      }
  assert.equal(rows.length, i, 'one row per span');
  return rejected;
}

/** Checks the rows against the request; returns how many records the request must have had rejected. */
export const EXPECT: Record<SignalName, (req: AnyRequest, rows: Row[]) => number> = {
  metrics: (r, rows) => expectMetrics(r as T.ExportMetricsServiceRequest, rows),
  logs: (r, rows) => expectLogs(r as T.ExportLogsServiceRequest, rows),
  traces: (r, rows) => expectSpans(r as T.ExportTraceServiceRequest, rows),
};

/** The property for one signal: both encodings give the expected rows, and the same rows. */
export function roundTripProperty(signal: SignalName) {
  return fc.property(REQUESTS[signal], fc.boolean(), (request, bigintAsNumber) => {
    const fromPb = decodeBody(SIGNALS[signal].kind, 'protobuf', encode(signal, request, 'protobuf'));
    const fromJson = decodeBody(SIGNALS[signal].kind, 'json', encode(signal, request, 'json', bigintAsNumber));
    assert.equal(fromPb.rejected, EXPECT[signal](request, fromPb.rows));
    assert.deepStrictEqual(fromJson, fromPb, 'protobuf and JSON give the same rows');
  });
}

// scripts/fuzz-long.ts imports the properties without registering the tests.
if (process.env.FUZZ_LONG !== '1')
  for (const signal of ['metrics', 'logs', 'traces'] as const) {
  test(`fuzz round trip: random valid ${signal} requests give the SPEC rows, protobuf = JSON`, () => {
    fc.assert(roundTripProperty(signal), { seed: SEED, numRuns: RUNS });
  });
}
