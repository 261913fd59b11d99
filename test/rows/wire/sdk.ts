import { context, SpanKind, SpanStatusCode, trace, TraceFlags, ValueType } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { ProtobufLogsSerializer, ProtobufMetricsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, AggregationType, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';

/**
 * Requests made by the OpenTelemetry JS SDK and serialized by @opentelemetry/otlp-transformer's
 * protobuf serializers (encoders we did not write): every metric kind, log bodies of every kind,
 * spans with events, links and status.
 */

const ATTRIBUTES = {
  str: 'text ✓',
  int: 42,
  negative: -7,
  big: 2 ** 60,
  double: 0.25,
  bool: true,
  strings: ['a', 'b'],
  empty: [],
};

const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const SPAN_ID = 'eee19b7ec3c1b174';

class CollectingReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

export async function sdkMetrics(temporality = AggregationTemporality.DELTA): Promise<Uint8Array> {
  const reader = new CollectingReader({ aggregationTemporalitySelector: () => temporality });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'wire', 'service.instance.id': 'i-1', pid: 1234 }),
    readers: [reader],
    views: [{ instrumentName: 'latency.exp', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }],
  });
  const meter = provider.getMeter('wire-meter', '1.2.3', { schemaUrl: 'https://opentelemetry.io/schemas/1.30.0' });
  meter.createCounter('requests', { description: 'requests served', unit: '{request}' }).add(5.5, ATTRIBUTES);
  meter.createCounter('requests.int', { valueType: ValueType.INT }).add(7, { route: '/a' });
  meter.createUpDownCounter('queue.depth', { valueType: ValueType.INT }).add(-3);
  meter.createGauge('temperature', { unit: 'Cel' }).record(21.5, { room: 'lab' });
  meter.createGauge('temperature').record(-0.0, { room: 'freezer' });
  const histogram = meter.createHistogram('latency', { unit: 'ms' });
  for (const v of [1, 7, 7, 120]) histogram.record(v, { route: '/a' });
  histogram.record(3, { route: '/b', ok: false });
  const exponential = meter.createHistogram('latency.exp', { unit: 's' });
  for (const v of [0, 0.5, 2, 2, 8, -1]) exponential.record(v);
  meter.createObservableGauge('observed').addCallback((r) => r.observe(3, { k: 'v' }));
  const { resourceMetrics, errors } = await reader.collect();
  if (errors.length > 0) throw errors[0];
  await provider.shutdown();
  return ProtobufMetricsSerializer.serializeRequest(resourceMetrics)!;
}

export function sdkLogs(): Uint8Array {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'wire' }),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger('wire-logger', '0.1.0');
  const traced = trace.setSpanContext(context.active(), { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED });
  logger.emit({
    timestamp: [1_700_000_000, 123_456_789],
    observedTimestamp: [1_700_000_001, 1],
    severityNumber: SeverityNumber.WARN,
    severityText: 'WARN',
    body: 'a plain message',
    attributes: ATTRIBUTES,
    context: traced,
  });
  logger.emit({
    timestamp: [1_700_000_002, 0],
    eventName: 'session.start',
    body: { user: 'ada', count: 3, nested: { list: [1, 'two', false, 2.5], empty: [] }, raw: new Uint8Array([0, 255, 16]) },
  });
  logger.emit({ body: 'claude_code.api_request', attributes: { 'event.name': 'api_request', duration_ms: 12 } });
  logger.emit({ body: ['x', 1, true], attributes: { 'event.name': '' } });
  logger.emit({ body: 12.75, context: traced });
  logger.emit({});
  return ProtobufLogsSerializer.serializeRequest(exporter.getFinishedLogRecords())!;
}

export function sdkSpans(): Uint8Array {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'wire' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('wire-tracer', '2.0.0');
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
      attributes: ATTRIBUTES,
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
  span.addEvent('bare');
  span.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream failed' });
  span.end([1_700_000_001, 7]);
  const ok = tracer.startSpan('ok', { kind: SpanKind.CLIENT, startTime: [1_700_000_002, 0] });
  ok.setStatus({ code: SpanStatusCode.OK });
  ok.end([1_700_000_003, 0]);
  tracer.startSpan('background').end();
  return ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans())!;
}
