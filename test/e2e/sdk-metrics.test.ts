import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ValueType, type Attributes } from '@opentelemetry/api';
import {
  AggregationTemporalityPreference,
  OTLPMetricExporter as JsonMetricExporter,
} from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import {
  AggregationTemporality,
  AggregationType,
  DataPointType,
  MeterProvider,
  PeriodicExportingMetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { readTable } from '../helpers/delta-reader.js';
import { removeDir, startServer, type RunningServer } from '../helpers/server.js';
import {
  assertSameRows,
  conformanceResource,
  expectedResource,
  hrNanos,
  mapOf,
  normalize,
  recordExports,
  RESOURCE_SCHEMA_URL,
  show,
  type MapEntry,
} from '../helpers/sdk-expect.js';
import { watchWire, type WireRequest } from '../helpers/sdk-wire.js';

/**
 * Conformance against encoders we did not write: the OpenTelemetry JS SDK's OTLP metric exporters
 * (protobuf and JSON, plain and gzip, cumulative and delta) send to the real server; the rows are
 * read back from the Delta tables with DuckDB and compared, column by column, with what SPEC.md
 * says the SDK's data points become. Values, attributes and names are written out by hand below;
 * only the timestamps (and which export carried which point) come from the SDK's own data, captured
 * as the exporter was handed it.
 */

// ---------------------------------------------------------------------------------------------
// The variants

type Protocol = 'proto' | 'json';
type Compression = 'none' | 'gzip';
type Temporality = 'cumulative' | 'delta';

interface Variant {
  protocol: Protocol;
  compression: Compression;
  temporality: Temporality;
  table: string;
}

const VARIANTS: Variant[] = (['proto', 'json'] as const).flatMap((protocol) =>
  (['none', 'gzip'] as const).flatMap((compression) =>
    (['cumulative', 'delta'] as const).map((temporality) => ({
      protocol,
      compression,
      temporality,
      table: `main.sdk.m_${protocol}_${compression}_${temporality}_otel_metrics`,
    })),
  ),
);

const METRICS_PATH = '/api/2.0/otel/v1/metrics';

// ---------------------------------------------------------------------------------------------
// What the instruments record, and the text SPEC.md says each attribute becomes

const MAIN_SCOPE = { name: 'sdk-conformance-meter', version: '4.5.6', schemaUrl: 'https://example.com/schemas/meter/1.0' };
const BARE_SCOPE = { name: 'sdk-conformance-bare', version: '', schemaUrl: '' };

/** One attribute of every kind a metric attribute can hold. */
const ATTRS_A: Attributes = {
  'http.route': '/api/items',
  'http.status_code': 200,
  'retry.ratio': 0.25,
  'cache.hit': true,
  tags: ['alpha', 'beta'],
  codes: [200, 404],
  weights: [0.5, 1.5],
  switches: [true, false],
};
const TEXT_A = mapOf({
  'http.route': '/api/items',
  'http.status_code': '200',
  'retry.ratio': '0.25',
  'cache.hit': 'true',
  tags: '["alpha","beta"]',
  codes: '[200,404]',
  weights: '[0.5,1.5]',
  switches: '[true,false]',
});

const ATTRS_B: Attributes = { 'http.route': '/api/orders', 'http.status_code': -1, 'retry.ratio': 3.5, 'cache.hit': false, big: 9007199254740991 };
const TEXT_B = mapOf({ 'http.route': '/api/orders', 'http.status_code': '-1', 'retry.ratio': '3.5', 'cache.hit': 'false', big: '9007199254740991' });

const CPU0: Attributes = { cpu: 0 };
const CPU1: Attributes = { cpu: 1, 'cpu.mode': 'user' };

type MetricType = 'gauge' | 'sum' | 'histogram' | 'exponential_histogram';

type PointValue =
  | { kind: 'number'; value: number }
  | { kind: 'histogram'; count: number; sum: number; min: number; max: number; bounds: number[]; counts: number[] }
  | {
      kind: 'exponential';
      count: number;
      sum: number;
      min: number;
      max: number;
      scale: number;
      zeroCount: number;
      offset: number;
      counts: number[];
    };

interface PointSpec {
  attributes: Attributes;
  text: MapEntry[];
  value: PointValue;
}

interface InstrumentSpec {
  name: string;
  description: string;
  unit: string;
  scope: typeof MAIN_SCOPE;
  type: MetricType;
  /** sum only */
  monotonic?: boolean;
  /** sum, histogram, exponential_histogram: the temporality name under each preference */
  temporality?: Record<Temporality, 'AGGREGATION_TEMPORALITY_DELTA' | 'AGGREGATION_TEMPORALITY_CUMULATIVE'>;
  points: PointSpec[];
}

const DELTA_UNDER_DELTA = { cumulative: 'AGGREGATION_TEMPORALITY_CUMULATIVE', delta: 'AGGREGATION_TEMPORALITY_DELTA' } as const;
const ALWAYS_CUMULATIVE = { cumulative: 'AGGREGATION_TEMPORALITY_CUMULATIVE', delta: 'AGGREGATION_TEMPORALITY_CUMULATIVE' } as const;

const num = (value: number): PointValue => ({ kind: 'number', value });

const INSTRUMENTS: InstrumentSpec[] = [
  {
    name: 'sdk.requests',
    description: 'Requests served',
    unit: '{request}',
    scope: MAIN_SCOPE,
    type: 'sum',
    monotonic: true,
    temporality: DELTA_UNDER_DELTA,
    points: [
      { attributes: ATTRS_A, text: TEXT_A, value: num(3.75) },
      { attributes: ATTRS_B, text: TEXT_B, value: num(4) },
    ],
  },
  {
    name: 'sdk.items',
    description: 'Items processed',
    unit: '1',
    scope: MAIN_SCOPE,
    type: 'sum',
    monotonic: true,
    temporality: DELTA_UNDER_DELTA,
    points: [{ attributes: {}, text: [], value: num(7) }],
  },
  {
    name: 'sdk.queue.depth',
    description: 'Items waiting',
    unit: '{item}',
    scope: MAIN_SCOPE,
    type: 'sum',
    monotonic: false,
    temporality: ALWAYS_CUMULATIVE,
    points: [{ attributes: ATTRS_A, text: TEXT_A, value: num(7.5) }],
  },
  {
    name: 'sdk.temperature',
    description: 'Room temperature',
    unit: 'Cel',
    scope: MAIN_SCOPE,
    type: 'gauge',
    points: [
      { attributes: ATTRS_A, text: TEXT_A, value: num(19.25) },
      { attributes: ATTRS_B, text: TEXT_B, value: num(-4.5) },
    ],
  },
  {
    name: 'sdk.cpu.utilization',
    description: '',
    unit: '1',
    scope: MAIN_SCOPE,
    type: 'gauge',
    points: [
      { attributes: CPU0, text: mapOf({ cpu: '0' }), value: num(0.75) },
      { attributes: CPU1, text: mapOf({ cpu: '1', 'cpu.mode': 'user' }), value: num(0.5) },
    ],
  },
  {
    name: 'sdk.latency',
    description: 'Request latency',
    unit: 'ms',
    scope: MAIN_SCOPE,
    type: 'histogram',
    temporality: DELTA_UNDER_DELTA,
    points: [
      {
        attributes: ATTRS_A,
        text: TEXT_A,
        // 0 → (-inf,0]; 1 → (0,5]; 7, 7 → (5,10]; 30 → (25,+inf)
        value: { kind: 'histogram', count: 5, sum: 45, min: 0, max: 30, bounds: [0, 5, 10, 25], counts: [1, 1, 2, 0, 1] },
      },
    ],
  },
  {
    name: 'sdk.payload.size',
    description: 'Payload size',
    unit: 'By',
    scope: MAIN_SCOPE,
    type: 'exponential_histogram',
    temporality: DELTA_UNDER_DELTA,
    points: [
      {
        attributes: ATTRS_B,
        text: TEXT_B,
        // max 8 buckets: at scale 1 the values 1, 2, 4, 8 fall in buckets -1, 1, 3, 5 (7 buckets);
        // at scale 2 they would need 13. The 0 goes to the zero bucket.
        value: { kind: 'exponential', count: 5, sum: 15, min: 0, max: 8, scale: 1, zeroCount: 1, offset: -1, counts: [1, 0, 1, 0, 1, 0, 1] },
      },
    ],
  },
  {
    name: 'sdk.bare.counter',
    description: '',
    unit: '',
    scope: BARE_SCOPE,
    type: 'sum',
    monotonic: true,
    temporality: DELTA_UNDER_DELTA,
    points: [{ attributes: {}, text: [], value: num(1) }],
  },
];

/** Records, through the SDK's API, exactly the measurements that INSTRUMENTS describes. */
function recordMeasurements(provider: MeterProvider): void {
  const meter = provider.getMeter(MAIN_SCOPE.name, MAIN_SCOPE.version, { schemaUrl: MAIN_SCOPE.schemaUrl });
  const bare = provider.getMeter(BARE_SCOPE.name);

  const requests = meter.createCounter('sdk.requests', { description: 'Requests served', unit: '{request}' });
  requests.add(1.5, ATTRS_A);
  requests.add(2.25, ATTRS_A);
  requests.add(4, ATTRS_B);

  const items = meter.createCounter('sdk.items', { description: 'Items processed', unit: '1', valueType: ValueType.INT });
  items.add(3);
  items.add(4);

  const depth = meter.createUpDownCounter('sdk.queue.depth', { description: 'Items waiting', unit: '{item}' });
  depth.add(10, ATTRS_A);
  depth.add(-2.5, ATTRS_A);

  const temperature = meter.createGauge('sdk.temperature', { description: 'Room temperature', unit: 'Cel' });
  temperature.record(21.5, ATTRS_A);
  temperature.record(19.25, ATTRS_A);
  temperature.record(-4.5, ATTRS_B);

  meter.createObservableGauge('sdk.cpu.utilization', { unit: '1' }).addCallback((result) => {
    result.observe(0.75, CPU0);
    result.observe(0.5, CPU1);
  });

  const latency = meter.createHistogram('sdk.latency', {
    description: 'Request latency',
    unit: 'ms',
    advice: { explicitBucketBoundaries: [0, 5, 10, 25] },
  });
  for (const v of [1, 7, 7, 30, 0]) latency.record(v, ATTRS_A);

  const size = meter.createHistogram('sdk.payload.size', { description: 'Payload size', unit: 'By' });
  for (const v of [1, 2, 4, 8, 0]) size.record(v, ATTRS_B);

  bare.createCounter('sdk.bare.counter').add(1);
}

// ---------------------------------------------------------------------------------------------
// What the exporter was handed (copied at export time)

interface CapturedPoint {
  scope: { name: string; version: string; schemaUrl: string };
  name: string;
  description: string;
  unit: string;
  dataPointType: DataPointType;
  temporality: AggregationTemporality;
  isMonotonic: boolean | undefined;
  attributes: Attributes;
  start: bigint;
  time: bigint;
  value: unknown;
}

interface CapturedExport {
  resourceAttributes: Attributes;
  resourceSchemaUrl: string | undefined;
  points: CapturedPoint[];
}

function snapshot(rm: ResourceMetrics): CapturedExport {
  const points: CapturedPoint[] = [];
  for (const sm of rm.scopeMetrics) {
    for (const metric of sm.metrics) {
      for (const dp of metric.dataPoints) {
        points.push({
          scope: { name: sm.scope.name, version: sm.scope.version ?? '', schemaUrl: sm.scope.schemaUrl ?? '' },
          name: metric.descriptor.name,
          description: metric.descriptor.description,
          unit: metric.descriptor.unit,
          dataPointType: metric.dataPointType,
          temporality: metric.aggregationTemporality,
          isMonotonic: metric.dataPointType === DataPointType.SUM ? metric.isMonotonic : undefined,
          attributes: structuredClone(dp.attributes),
          start: hrNanos(dp.startTime),
          time: hrNanos(dp.endTime),
          value: structuredClone(dp.value),
        });
      }
    }
  }
  return { resourceAttributes: structuredClone(rm.resource.attributes), resourceSchemaUrl: rm.resource.schemaUrl, points };
}

const attributesKey = (attributes: Attributes) => show(Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : 1)));

function specOf(point: CapturedPoint): { instrument: InstrumentSpec; spec: PointSpec } {
  const instrument = INSTRUMENTS.find((i) => i.name === point.name);
  assert.ok(instrument, `the SDK exported a metric the test does not describe: ${point.name}`);
  const spec = instrument.points.find((p) => attributesKey(p.attributes) === attributesKey(point.attributes));
  assert.ok(spec, `the SDK exported a ${point.name} point with unexpected attributes ${show(point.attributes)}`);
  return { instrument, spec };
}

/** What the SDK itself produced, in its own terms: checks the test's description of it. */
function sdkValueOf(point: CapturedPoint): PointValue {
  switch (point.dataPointType) {
    case DataPointType.SUM:
    case DataPointType.GAUGE:
      return num(point.value as number);
    case DataPointType.HISTOGRAM: {
      const h = point.value as { count: number; sum: number; min: number; max: number; buckets: { boundaries: number[]; counts: number[] } };
      return { kind: 'histogram', count: h.count, sum: h.sum, min: h.min, max: h.max, bounds: h.buckets.boundaries, counts: h.buckets.counts };
    }
    case DataPointType.EXPONENTIAL_HISTOGRAM: {
      const h = point.value as {
        count: number;
        sum: number;
        min: number;
        max: number;
        scale: number;
        zeroCount: number;
        positive: { offset: number; bucketCounts: number[] };
        negative: { offset: number; bucketCounts: number[] };
      };
      assert.deepStrictEqual(h.negative.bucketCounts, [], `${point.name}: the SDK recorded negative buckets`);
      return {
        kind: 'exponential',
        count: h.count,
        sum: h.sum,
        min: h.min,
        max: h.max,
        scale: h.scale,
        zeroCount: h.zeroCount,
        offset: h.positive.offset,
        counts: h.positive.bucketCounts,
      };
    }
  }
}

const SDK_TYPE: Record<MetricType, DataPointType> = {
  gauge: DataPointType.GAUGE,
  sum: DataPointType.SUM,
  histogram: DataPointType.HISTOGRAM,
  exponential_histogram: DataPointType.EXPONENTIAL_HISTOGRAM,
};

const SDK_TEMPORALITY_NAME: Record<AggregationTemporality, string> = {
  [AggregationTemporality.DELTA]: 'AGGREGATION_TEMPORALITY_DELTA',
  [AggregationTemporality.CUMULATIVE]: 'AGGREGATION_TEMPORALITY_CUMULATIVE',
};

/** Checks that the SDK handed the exporter what the test expects it to (so the rows below mean something). */
function checkCaptured(variant: Variant, exports: CapturedExport[]): void {
  assert.ok(exports.length >= 1, `${variant.table}: the exporter was never called`);
  for (const e of exports) {
    assert.equal(e.resourceSchemaUrl, RESOURCE_SCHEMA_URL);
    assert.equal(e.resourceAttributes['service.name'], 'sdk-conformance');
  }
  // The first export (the forceFlush) carries every point.
  const first = new Set(exports[0].points.map((p) => `${p.name} ${attributesKey(p.attributes)}`));
  for (const instrument of INSTRUMENTS) {
    for (const p of instrument.points) {
      assert.ok(first.has(`${instrument.name} ${attributesKey(p.attributes)}`), `${variant.table}: the first export lacks ${instrument.name} ${show(p.attributes)}`);
    }
  }
  for (const point of exports.flatMap((e) => e.points)) {
    const { instrument, spec } = specOf(point);
    const what = `${variant.table}: SDK point ${point.name} ${show(point.attributes)}`;
    assert.equal(point.dataPointType, SDK_TYPE[instrument.type], `${what}: data point type`);
    assert.deepStrictEqual(sdkValueOf(point), spec.value, `${what}: value`);
    assert.deepStrictEqual(point.scope, instrument.scope, `${what}: scope`);
    if (instrument.temporality) {
      assert.equal(SDK_TEMPORALITY_NAME[point.temporality], instrument.temporality[variant.temporality], `${what}: temporality`);
    }
    assert.ok(point.start > 0n && point.time >= point.start, `${what}: times ${point.start} .. ${point.time}`);
  }
}

// ---------------------------------------------------------------------------------------------
// The rows SPEC.md says these points become

function expectedRow(variant: Variant, point: CapturedPoint): Record<string, unknown> {
  const { instrument, spec } = specOf(point);
  const times = { start_time_unix_nano: point.start, time_unix_nano: point.time };
  const common = { ...times, exemplars: [], attributes: spec.text, flags: 0 };
  const temporality = instrument.temporality?.[variant.temporality];
  let struct: Record<string, unknown>;
  const v = spec.value;
  switch (v.kind) {
    case 'number':
      struct =
        instrument.type === 'sum'
          ? { ...common, value: v.value, aggregation_temporality: temporality, is_monotonic: instrument.monotonic }
          : { ...common, value: v.value };
      break;
    case 'histogram':
      struct = {
        ...common,
        count: BigInt(v.count),
        sum: v.sum,
        bucket_counts: v.counts.map(BigInt),
        explicit_bounds: v.bounds,
        min: v.min,
        max: v.max,
        aggregation_temporality: temporality,
      };
      break;
    case 'exponential':
      struct = {
        ...common,
        count: BigInt(v.count),
        sum: v.sum,
        scale: v.scale,
        zero_count: BigInt(v.zeroCount),
        positive_bucket: { offset: v.offset, bucket_counts: v.counts.map(BigInt) },
        negative_bucket: { offset: 0, bucket_counts: [] },
        min: v.min,
        max: v.max,
        zero_threshold: 0,
        aggregation_temporality: temporality,
      };
      break;
  }
  return {
    name: instrument.name,
    description: instrument.description,
    unit: instrument.unit,
    metric_type: instrument.type,
    gauge: instrument.type === 'gauge' ? struct : null,
    sum: instrument.type === 'sum' ? struct : null,
    histogram: instrument.type === 'histogram' ? struct : null,
    exponential_histogram: instrument.type === 'exponential_histogram' ? struct : null,
    summary: null,
    metadata: [],
    resource: expectedResource(),
    resource_schema_url: RESOURCE_SCHEMA_URL,
    instrumentation_scope: { name: instrument.scope.name, version: instrument.scope.version, attributes: [], dropped_attributes_count: 0 },
    metric_schema_url: instrument.scope.schemaUrl,
  };
}

const STRUCTS = ['gauge', 'sum', 'histogram', 'exponential_histogram', 'summary'] as const;

/** A row's identity: metric name, data point attributes and time. */
function rowKey(row: Record<string, unknown>): string {
  const struct = STRUCTS.map((s) => row[s]).find((s) => s !== null && s !== undefined) as Record<string, unknown> | undefined;
  if (!struct) return `${String(row.name)} (no data point struct)`;
  return `${String(row.name)} ${show(normalize(struct.attributes))} t=${String(struct.time_unix_nano)}`;
}

// ---------------------------------------------------------------------------------------------
// Driving the SDK

async function exportVariant(variant: Variant, serverUrl: string): Promise<ReturnType<typeof recordExports<ResourceMetrics, CapturedExport>>> {
  const options = {
    url: serverUrl + METRICS_PATH,
    headers: { 'X-Databricks-UC-Table-Name': variant.table },
    compression: variant.compression === 'gzip' ? CompressionAlgorithm.GZIP : CompressionAlgorithm.NONE,
    temporalityPreference:
      variant.temporality === 'delta' ? AggregationTemporalityPreference.DELTA : AggregationTemporalityPreference.CUMULATIVE,
    timeoutMillis: 15_000,
  };
  const exporter = variant.protocol === 'proto' ? new ProtoMetricExporter(options) : new JsonMetricExporter(options);
  const recorded = recordExports<ResourceMetrics, CapturedExport>(exporter, snapshot);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 1_000_000_000, exportTimeoutMillis: 15_000 });
  const provider = new MeterProvider({
    resource: conformanceResource(),
    readers: [reader],
    views: [{ instrumentName: 'sdk.payload.size', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM, options: { maxSize: 8 } } }],
  });
  recordMeasurements(provider);
  await reader.forceFlush();
  // Shutting down exports once more (cumulative: every point again; delta: the observable gauge).
  await provider.shutdown();
  return recorded;
}

const EXPECTED_CONTENT_TYPE: Record<Protocol, string> = { proto: 'application/x-protobuf', json: 'application/json' };

describe('OpenTelemetry JS metric exporters → otlp-delta → Delta tables', () => {
  let server: RunningServer | undefined;
  let exitCode: number | null | undefined;
  const captured = new Map<string, CapturedExport[]>();
  const results = new Map<string, number[]>();
  const tables = new Map<string, Record<string, unknown>[]>();
  let wire: WireRequest[] = [];

  before(async () => {
    server = await startServer();
    const watch = watchWire();
    try {
      for (const variant of VARIANTS) {
        const recorded = await exportVariant(variant, server.url);
        captured.set(variant.table, recorded.inputs);
        results.set(variant.table, recorded.results.map((r) => r.code));
      }
    } finally {
      watch.stop();
      wire = watch.requests;
      exitCode = await server.stop();
    }
    for (const variant of VARIANTS) {
      const [catalog, schema, table] = variant.table.split('.');
      tables.set(variant.table, await readTable(join(server.dataDir, catalog, schema, table)));
    }
  });

  after(async () => {
    if (server) {
      if (server.process.exitCode === null) await server.stop();
      await removeDir(server.dataDir);
    }
  });

  test('every export succeeded and the server exited 0 on SIGTERM', () => {
    for (const variant of VARIANTS) {
      const codes = results.get(variant.table) ?? [];
      assert.ok(codes.length >= 1, `${variant.table}: no export finished`);
      assert.deepStrictEqual(codes, codes.map(() => 0), `${variant.table}: export result codes (0 = SUCCESS)`);
    }
    assert.equal(exitCode, 0, `server exit code; output:\n${server?.output()}`);
  });

  test('each variant went over the wire with its content type and encoding, and got 200', () => {
    for (const variant of VARIANTS) {
      const sent = wire.filter((r) => r.table === variant.table);
      assert.equal(sent.length, captured.get(variant.table)?.length, `${variant.table}: one request per export`);
      for (const r of sent) {
        assert.equal(r.path, METRICS_PATH);
        assert.equal(r.status, 200, `${variant.table}: status`);
        assert.equal(r.contentType, EXPECTED_CONTENT_TYPE[variant.protocol], `${variant.table}: content type`);
        assert.equal(r.contentEncoding, variant.compression === 'gzip' ? 'gzip' : undefined, `${variant.table}: content encoding`);
      }
    }
  });

  for (const variant of VARIANTS) {
    test(`${variant.protocol}, ${variant.compression}, ${variant.temporality}: every data point is one exact row`, () => {
      const exports = captured.get(variant.table) ?? [];
      checkCaptured(variant, exports);
      const expected = exports.flatMap((e) => e.points).map((p) => expectedRow(variant, p));
      const rows = tables.get(variant.table) ?? [];
      assert.ok(rows.length >= 11, `${variant.table}: ${rows.length} rows`);
      assertSameRows(variant.table, rows, expected, rowKey);
      // Every instrument landed, and each row's metric_type names its one non-null struct.
      for (const instrument of INSTRUMENTS) {
        assert.ok(rows.some((r) => r.name === instrument.name), `${variant.table}: no row for ${instrument.name}`);
      }
      for (const row of rows) {
        const set = STRUCTS.filter((s) => row[s] !== null);
        assert.deepStrictEqual(set, [row.metric_type], `${variant.table}: ${String(row.name)} structs`);
        const struct = row[row.metric_type as string] as { start_time_unix_nano: unknown; time_unix_nano: unknown };
        assert.equal(typeof struct.time_unix_nano, 'bigint');
        assert.ok((struct.start_time_unix_nano as bigint) > 0n && (struct.time_unix_nano as bigint) > 0n);
      }
    });
  }

  test('temporality differs between the preferences as the SDK says it should', () => {
    const temporalityOf = (table: string, name: string) => {
      const row = tables.get(table)?.find((r) => r.name === name);
      assert.ok(row, `${table}: no ${name} row`);
      return (row[row.metric_type as string] as { aggregation_temporality: string }).aggregation_temporality;
    };
    for (const variant of VARIANTS) {
      const delta = variant.temporality === 'delta';
      assert.equal(temporalityOf(variant.table, 'sdk.requests'), delta ? 'AGGREGATION_TEMPORALITY_DELTA' : 'AGGREGATION_TEMPORALITY_CUMULATIVE');
      assert.equal(temporalityOf(variant.table, 'sdk.latency'), delta ? 'AGGREGATION_TEMPORALITY_DELTA' : 'AGGREGATION_TEMPORALITY_CUMULATIVE');
      assert.equal(temporalityOf(variant.table, 'sdk.payload.size'), delta ? 'AGGREGATION_TEMPORALITY_DELTA' : 'AGGREGATION_TEMPORALITY_CUMULATIVE');
      assert.equal(temporalityOf(variant.table, 'sdk.queue.depth'), 'AGGREGATION_TEMPORALITY_CUMULATIVE');
    }
  });
});
