/**
 * Conformance against encoders we did not write: telemetry produced by the OpenTelemetry JS SDK,
 * serialized by @opentelemetry/otlp-transformer to protobuf and to OTLP/JSON, decoded by ours.
 * Both encodings must decode to the same values, and those values must be what the SDK recorded.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { context, SpanKind, SpanStatusCode, trace, TraceFlags, ValueType } from '@opentelemetry/api';
import type { HrTime } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import {
  JsonLogsSerializer,
  JsonMetricsSerializer,
  JsonTraceSerializer,
  ProtobufLogsSerializer,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import {
  AggregationTemporality,
  AggregationType,
  MeterProvider,
  MetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { decodeLogsJson, decodeMetricsJson, decodeTracesJson } from '../../src/otlp/decode-json.js';
import { decodeLogsProtobuf, decodeMetricsProtobuf, decodeTracesProtobuf } from './reference/decode-protobuf.js';
import type * as T from '../../src/otlp/types.js';

const utf8 = new TextDecoder();

function nanos([seconds, nanoseconds]: HrTime): bigint {
  return BigInt(seconds) * 1_000_000_000n + BigInt(nanoseconds);
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** Attributes as a plain object, for readable assertions. */
function attrs(list: readonly T.KeyValue[]): Record<string, T.AnyValue | null> {
  return Object.fromEntries(list.map((kv) => [kv.key, kv.value]));
}

/** An attribute set of every value type OpenTelemetry JS can send. */
const RICH_ATTRIBUTES = {
  str: 'text ✓',
  int: 42,
  negative: -7,
  double: 0.25,
  bool: true,
  strings: ['a', 'b'],
};

function assertRichAttributes(list: readonly T.KeyValue[]): void {
  const a = attrs(list);
  assert.deepEqual(a.str, { kind: 'string', value: 'text ✓' });
  assert.deepEqual(a.int, { kind: 'int', value: 42n });
  assert.deepEqual(a.negative, { kind: 'int', value: -7n });
  assert.deepEqual(a.double, { kind: 'double', value: 0.25 });
  assert.deepEqual(a.bool, { kind: 'bool', value: true });
  assert.deepEqual(a.strings, {
    kind: 'array',
    values: [
      { kind: 'string', value: 'a' },
      { kind: 'string', value: 'b' },
    ],
  });
}

// ---- metrics ----

class CollectingReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

async function collectMetrics(temporality: AggregationTemporality): Promise<ResourceMetrics> {
  const reader = new CollectingReader({ aggregationTemporalitySelector: () => temporality });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'conformance', 'service.instance.id': 'i-1' }),
    readers: [reader],
    views: [{ instrumentName: 'latency.exp', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }],
  });
  const meter = provider.getMeter('test-meter', '1.2.3', { schemaUrl: 'https://opentelemetry.io/schemas/1.30.0' });

  meter.createCounter('requests', { description: 'requests served', unit: '{request}' }).add(5.5, RICH_ATTRIBUTES);
  meter.createCounter('requests.int', { valueType: ValueType.INT }).add(7, { route: '/a' });
  meter.createUpDownCounter('queue.depth', { valueType: ValueType.INT }).add(-3);
  meter.createGauge('temperature', { unit: 'Cel' }).record(21.5, { room: 'lab' });
  const histogram = meter.createHistogram('latency', { unit: 'ms' });
  for (const v of [1, 7, 7, 120]) histogram.record(v, { route: '/a' });
  const exponential = meter.createHistogram('latency.exp', { unit: 's' });
  for (const v of [0, 0.5, 2, 2, 8]) exponential.record(v);

  const { resourceMetrics, errors } = await reader.collect();
  assert.deepEqual(errors, []);
  await provider.shutdown();
  return resourceMetrics;
}

function decodeBothMetrics(resourceMetrics: ResourceMetrics): T.ExportMetricsServiceRequest {
  const protobuf = decodeMetricsProtobuf(ProtobufMetricsSerializer.serializeRequest(resourceMetrics)!);
  const json = decodeMetricsJson(utf8.decode(JsonMetricsSerializer.serializeRequest(resourceMetrics)!));
  assert.deepEqual(protobuf, json, 'protobuf and OTLP/JSON decode to the same request');
  return protobuf;
}

function metricNamed(request: T.ExportMetricsServiceRequest, name: string): T.Metric {
  const metric = request.resourceMetrics[0]!.scopeMetrics[0]!.metrics.find((m) => m.name === name);
  assert.ok(metric, `metric ${name} present`);
  return metric;
}

/** The metric's data, asserted to be of `type`. */
function dataOf<K extends T.MetricData['type']>(metric: T.Metric, type: K): Extract<T.MetricData, { type: K }> {
  assert.equal(metric.data?.type, type, `${metric.name} is a ${type}`);
  return metric.data as Extract<T.MetricData, { type: K }>;
}

describe('metrics from the OpenTelemetry JS SDK', () => {
  it('decodes resource, scope and every metric kind identically from protobuf and JSON', async () => {
    const sdk = await collectMetrics(AggregationTemporality.DELTA);
    const request = decodeBothMetrics(sdk);

    assert.equal(request.resourceMetrics.length, 1);
    const rm = request.resourceMetrics[0]!;
    assert.deepEqual(attrs(rm.resource!.attributes), {
      'service.name': { kind: 'string', value: 'conformance' },
      'service.instance.id': { kind: 'string', value: 'i-1' },
    });
    const sm = rm.scopeMetrics[0]!;
    assert.equal(sm.scope!.name, 'test-meter');
    assert.equal(sm.scope!.version, '1.2.3');
    assert.equal(sm.schemaUrl, 'https://opentelemetry.io/schemas/1.30.0');
    assert.equal(sm.metrics.length, 6);

    const sdkMetrics = sdk.scopeMetrics[0]!.metrics;
    for (const metric of sm.metrics) {
      const original = sdkMetrics.find((m) => m.descriptor.name === metric.name)!;
      const points = metric.data!.dataPoints;
      assert.equal(points.length, original.dataPoints.length, metric.name);
      points.forEach((point, i) => {
        assert.equal(point.startTimeUnixNano, nanos(original.dataPoints[i]!.startTime), `${metric.name} start`);
        assert.equal(point.timeUnixNano, nanos(original.dataPoints[i]!.endTime), `${metric.name} time`);
      });
    }
  });

  it('keeps counter values, attributes, temporality and monotonicity', async () => {
    const request = decodeBothMetrics(await collectMetrics(AggregationTemporality.DELTA));

    const requests = metricNamed(request, 'requests');
    assert.equal(requests.description, 'requests served');
    assert.equal(requests.unit, '{request}');
    const sum = dataOf(requests, 'sum');
    assert.equal(sum.aggregationTemporality, 1); // DELTA
    assert.equal(sum.isMonotonic, true);
    assert.equal(sum.dataPoints[0]!.value, 5.5);
    assertRichAttributes(sum.dataPoints[0]!.attributes);

    assert.equal(dataOf(metricNamed(request, 'requests.int'), 'sum').dataPoints[0]!.value, 7n);

    const upDown = dataOf(metricNamed(request, 'queue.depth'), 'sum');
    assert.equal(upDown.isMonotonic, false);
    assert.equal(upDown.dataPoints[0]!.value, -3n);
  });

  it('keeps cumulative temporality', async () => {
    const request = decodeBothMetrics(await collectMetrics(AggregationTemporality.CUMULATIVE));
    assert.equal(dataOf(metricNamed(request, 'requests'), 'sum').aggregationTemporality, 2); // CUMULATIVE
  });

  it('decodes gauges', async () => {
    const data = dataOf(metricNamed(decodeBothMetrics(await collectMetrics(AggregationTemporality.DELTA)), 'temperature'), 'gauge');
    assert.equal(data.dataPoints[0]!.value, 21.5);
    assert.deepEqual(attrs(data.dataPoints[0]!.attributes), { room: { kind: 'string', value: 'lab' } });
  });

  it('decodes explicit-bucket histograms with sum, min, max and bucket counts', async () => {
    const data = dataOf(metricNamed(decodeBothMetrics(await collectMetrics(AggregationTemporality.DELTA)), 'latency'), 'histogram');
    const point = data.dataPoints[0]!;
    assert.equal(point.count, 4n);
    assert.equal(point.sum, 135);
    assert.equal(point.min, 1);
    assert.equal(point.max, 120);
    assert.deepEqual(point.explicitBounds, [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000]);
    assert.deepEqual(point.bucketCounts, [0n, 1n, 2n, 0n, 0n, 0n, 0n, 1n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n]);
  });

  it('decodes exponential histograms (selected by a View)', async () => {
    const request = decodeBothMetrics(await collectMetrics(AggregationTemporality.DELTA));
    const data = dataOf(metricNamed(request, 'latency.exp'), 'exponential_histogram');
    const point = data.dataPoints[0]!;
    assert.equal(point.count, 5n);
    assert.equal(point.sum, 12.5);
    assert.equal(point.min, 0);
    assert.equal(point.max, 8);
    assert.equal(point.zeroCount, 1n);
    const positive = point.positive!.bucketCounts.reduce((a, b) => a + b, 0n);
    assert.equal(positive, 4n);
    assert.deepEqual(point.negative, { offset: 0, bucketCounts: [] });
    assert.ok(point.scale <= 20 && point.scale >= -10, `scale ${point.scale}`);
  });
});

describe('integers above 2^53 from the OpenTelemetry JS SDK', () => {
  it('reads each encoding exactly: protobuf the varint, JSON the literal as written', async () => {
    const reader = new CollectingReader();
    const provider = new MeterProvider({ readers: [reader] });
    provider.getMeter('m').createCounter('c').add(1, { big: 2 ** 60, negativeBig: -(2 ** 62) });
    const { resourceMetrics } = await reader.collect();
    await provider.shutdown();

    const fromProtobuf = decodeMetricsProtobuf(ProtobufMetricsSerializer.serializeRequest(resourceMetrics)!);
    const jsonText = utf8.decode(JsonMetricsSerializer.serializeRequest(resourceMetrics)!);
    const fromJson = decodeMetricsJson(jsonText);
    const pointAttributes = (r: T.ExportMetricsServiceRequest) => attrs(metricNamed(r, 'c').data!.dataPoints[0]!.attributes);

    assert.deepEqual(pointAttributes(fromProtobuf), {
      big: { kind: 'int', value: 2n ** 60n },
      negativeBig: { kind: 'int', value: -(2n ** 62n) },
    });
    // JSON.stringify writes a double's shortest round-trip form, not its exact integer value, so
    // the literal differs from 2^60 in the last digits; Go's protojson would read the same value.
    assert.match(jsonText, /"intValue":1152921504606847000\b/);
    assert.deepEqual(pointAttributes(fromJson), {
      big: { kind: 'int', value: 1152921504606847000n },
      negativeBig: { kind: 'int', value: -4611686018427388000n },
    });
  });
});

// ---- logs ----

const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const SPAN_ID = 'eee19b7ec3c1b174';

function emitLogs(): InMemoryLogRecordExporter {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'conformance' }),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger('test-logger', '0.1.0');
  const traced = trace.setSpanContext(context.active(), {
    traceId: TRACE_ID,
    spanId: SPAN_ID,
    traceFlags: TraceFlags.SAMPLED,
  });

  logger.emit({
    timestamp: [1_700_000_000, 123_456_789],
    observedTimestamp: [1_700_000_001, 1],
    severityNumber: SeverityNumber.WARN,
    severityText: 'WARN',
    body: 'a plain message',
    attributes: RICH_ATTRIBUTES,
    context: traced,
  });
  logger.emit({
    timestamp: [1_700_000_002, 0],
    eventName: 'session.start',
    body: {
      user: 'ada',
      count: 3,
      nested: { list: [1, 'two', false], empty: [] },
      raw: new Uint8Array([0, 255, 16]),
    },
  });
  return exporter;
}

describe('logs from the OpenTelemetry JS SDK', () => {
  it('decodes log records identically from protobuf and JSON', () => {
    const records = emitLogs().getFinishedLogRecords();
    const protobuf = decodeLogsProtobuf(ProtobufLogsSerializer.serializeRequest(records)!);
    const json = decodeLogsJson(utf8.decode(JsonLogsSerializer.serializeRequest(records)!));
    assert.deepEqual(protobuf, json);

    const sl = protobuf.resourceLogs[0]!.scopeLogs[0]!;
    assert.deepEqual(sl.scope, { name: 'test-logger', version: '0.1.0', attributes: [], droppedAttributesCount: 0 });
    const [plain, event] = sl.logRecords;

    assert.equal(plain!.timeUnixNano, 1_700_000_000_123_456_789n);
    assert.equal(plain!.observedTimeUnixNano, 1_700_000_001_000_000_001n);
    assert.equal(plain!.severityNumber, 13); // SEVERITY_NUMBER_WARN
    assert.equal(plain!.severityText, 'WARN');
    assert.deepEqual(plain!.body, { kind: 'string', value: 'a plain message' });
    assertRichAttributes(plain!.attributes);
    assert.equal(hex(plain!.traceId), TRACE_ID);
    assert.equal(hex(plain!.spanId), SPAN_ID);
    assert.equal(plain!.flags, 1);
    assert.equal(plain!.eventName, '');

    assert.equal(event!.eventName, 'session.start');
    assert.equal(event!.traceId.length, 0);
    assert.equal(event!.spanId.length, 0);
    assert.equal(event!.severityNumber, 0);
    assert.deepEqual(event!.body, {
      kind: 'kvlist',
      values: [
        { key: 'user', value: { kind: 'string', value: 'ada' } },
        { key: 'count', value: { kind: 'int', value: 3n } },
        {
          key: 'nested',
          value: {
            kind: 'kvlist',
            values: [
              {
                key: 'list',
                value: {
                  kind: 'array',
                  values: [
                    { kind: 'int', value: 1n },
                    { kind: 'string', value: 'two' },
                    { kind: 'bool', value: false },
                  ],
                },
              },
              { key: 'empty', value: { kind: 'array', values: [] } },
            ],
          },
        },
        { key: 'raw', value: { kind: 'bytes', value: new Uint8Array([0, 255, 16]) } },
      ],
    });
  });
});

// ---- traces ----

function recordSpans(): InMemorySpanExporter {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'conformance' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('test-tracer', '2.0.0');
  const remoteParent = trace.setSpanContext(context.active(), {
    traceId: TRACE_ID,
    spanId: SPAN_ID,
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
  });
  const span = tracer.startSpan(
    'GET /things',
    {
      kind: SpanKind.SERVER,
      startTime: [1_700_000_000, 5],
      attributes: RICH_ATTRIBUTES,
      links: [
        {
          context: { traceId: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', spanId: 'bbbbbbbbbbbbbbbb', traceFlags: TraceFlags.NONE },
          attributes: { reason: 'retry' },
        },
      ],
    },
    remoteParent,
  );
  span.addEvent('cache.miss', { key: 'k1' }, [1_700_000_000, 500]);
  span.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream failed' });
  span.end([1_700_000_001, 7]);

  const root = tracer.startSpan('background', { startTime: [1_700_000_002, 0] });
  root.end([1_700_000_003, 0]);
  return exporter;
}

describe('spans from the OpenTelemetry JS SDK', () => {
  it('decodes spans with events, links and status identically from protobuf and JSON', () => {
    const spans = recordSpans().getFinishedSpans();
    const protobuf = decodeTracesProtobuf(ProtobufTraceSerializer.serializeRequest(spans)!);
    const json = decodeTracesJson(utf8.decode(JsonTraceSerializer.serializeRequest(spans)!));
    assert.deepEqual(protobuf, json);

    const ss = protobuf.resourceSpans[0]!.scopeSpans[0]!;
    assert.equal(ss.scope!.name, 'test-tracer');
    const server = ss.spans.find((s) => s.name === 'GET /things')!;
    const original = spans.find((s) => s.name === 'GET /things')!;

    assert.equal(hex(server.traceId), TRACE_ID);
    assert.equal(hex(server.spanId), original.spanContext().spanId);
    assert.equal(hex(server.parentSpanId), SPAN_ID);
    assert.equal(server.kind, 2); // SPAN_KIND_SERVER
    assert.equal(server.startTimeUnixNano, 1_700_000_000_000_000_005n);
    assert.equal(server.endTimeUnixNano, 1_700_000_001_000_000_007n);
    assert.equal(server.flags, 0x301); // sampled, has-is-remote, is-remote
    assertRichAttributes(server.attributes);
    assert.deepEqual(server.status, { code: 2, message: 'upstream failed' }); // STATUS_CODE_ERROR

    assert.equal(server.events.length, 1);
    assert.equal(server.events[0]!.name, 'cache.miss');
    assert.equal(server.events[0]!.timeUnixNano, 1_700_000_000_000_000_500n);
    assert.deepEqual(attrs(server.events[0]!.attributes), { key: { kind: 'string', value: 'k1' } });

    assert.equal(server.links.length, 1);
    assert.equal(hex(server.links[0]!.traceId), 'a'.repeat(32));
    assert.equal(hex(server.links[0]!.spanId), 'b'.repeat(16));
    assert.equal(server.links[0]!.flags, 0x100);
    assert.deepEqual(attrs(server.links[0]!.attributes), { reason: { kind: 'string', value: 'retry' } });

    const background = ss.spans.find((s) => s.name === 'background')!;
    assert.equal(background.parentSpanId.length, 0);
    assert.equal(background.kind, 1); // SPAN_KIND_INTERNAL
    assert.deepEqual(background.status, { code: 0, message: '' });
  });
});
