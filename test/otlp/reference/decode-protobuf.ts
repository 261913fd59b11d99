import type { Long } from 'protobufjs';
import type * as T from '../../../src/otlp/types.js';
import type * as Pb from './protobuf-messages.js';
import { mapRepeated } from '../../../src/otlp/decode-error.js';
import { idFromBytes, NO_BYTES, SPAN_ID_BYTES, TRACE_ID_BYTES } from '../../../src/otlp/ids.js';
import { longToBigInt } from '../../../src/otlp/long.js';
import { otlpSchema } from '../../../src/otlp/proto-loader.js';
import { decodeMessage } from './protobuf-reader.js';

/**
 * OTLP/HTTP binary protobuf bodies (`Content-Type: application/x-protobuf`) to the types of
 * `types.ts`. protobufjs does the wire decoding (see `protobuf-reader.ts`); this module turns its
 * objects into ours: Longs into bigints, oneofs into tagged values, Buffers into plain Uint8Array
 * copies, and checks the sizes of trace and span ids. Unknown fields were skipped by protobufjs,
 * as protobuf requires.
 *
 * Every function throws OtlpDecodeError for a body it cannot accept.
 */

export function decodeMetricsProtobuf(body: Uint8Array): T.ExportMetricsServiceRequest {
  const request = decodeMessage<Pb.PbExportMetricsServiceRequest>(otlpSchema().metricsRequest, body);
  return { resourceMetrics: mapRepeated(request.resourceMetrics, 'resourceMetrics', resourceMetrics) };
}

export function decodeLogsProtobuf(body: Uint8Array): T.ExportLogsServiceRequest {
  const request = decodeMessage<Pb.PbExportLogsServiceRequest>(otlpSchema().logsRequest, body);
  return { resourceLogs: mapRepeated(request.resourceLogs, 'resourceLogs', resourceLogs) };
}

export function decodeTracesProtobuf(body: Uint8Array): T.ExportTraceServiceRequest {
  const request = decodeMessage<Pb.PbExportTraceServiceRequest>(otlpSchema().traceRequest, body);
  return { resourceSpans: mapRepeated(request.resourceSpans, 'resourceSpans', resourceSpans) };
}

// ---- common ----
//
// Only trace and span ids can be wrong once protobufjs has accepted the body, so error paths are
// tracked (with mapRepeated) down the lists that lead to ids, and not through attributes and
// values, which are the bulk of a request.

function anyValue(m: Pb.PbAnyValue): T.AnyValue {
  switch (m.value) {
    case 'stringValue':
      return { kind: 'string', value: m.stringValue };
    case 'boolValue':
      return { kind: 'bool', value: m.boolValue };
    case 'intValue':
      return { kind: 'int', value: longToBigInt(m.intValue) };
    case 'doubleValue':
      return { kind: 'double', value: m.doubleValue };
    case 'bytesValue':
      return { kind: 'bytes', value: copyBytes(m.bytesValue) };
    case 'arrayValue':
      return { kind: 'array', values: m.arrayValue!.values.map(anyValue) };
    case 'kvlistValue':
      return { kind: 'kvlist', values: keyValues(m.kvlistValue!.values) };
    case 'stringValueStrindex': // profiles only; other signals process the value as absent
    case undefined:
      return { kind: 'empty' };
  }
}

function keyValue(m: Pb.PbKeyValue): T.KeyValue {
  return { key: m.key, value: m.value === null ? null : anyValue(m.value) };
}

function keyValues(values: readonly Pb.PbKeyValue[]): T.KeyValue[] {
  return values.map(keyValue);
}

function resource(m: Pb.PbResource | null): T.Resource | null {
  if (m === null) return null;
  return { attributes: keyValues(m.attributes), droppedAttributesCount: m.droppedAttributesCount };
}

function scope(m: Pb.PbInstrumentationScope | null): T.InstrumentationScope | null {
  if (m === null) return null;
  return {
    name: m.name,
    version: m.version,
    attributes: keyValues(m.attributes),
    droppedAttributesCount: m.droppedAttributesCount,
  };
}

function copyBytes(bytes: Uint8Array): Uint8Array {
  return bytes.length === 0 ? NO_BYTES : new Uint8Array(bytes);
}

function uint64s(values: readonly Long[]): bigint[] {
  return values.map((value) => longToBigInt(value));
}

// ---- metrics ----

function resourceMetrics(m: Pb.PbResourceMetrics): T.ResourceMetrics {
  return {
    resource: resource(m.resource),
    scopeMetrics: mapRepeated(m.scopeMetrics, 'scopeMetrics', scopeMetrics),
    schemaUrl: m.schemaUrl,
  };
}

function scopeMetrics(m: Pb.PbScopeMetrics): T.ScopeMetrics {
  return {
    scope: scope(m.scope),
    metrics: mapRepeated(m.metrics, 'metrics', metric),
    schemaUrl: m.schemaUrl,
  };
}

function metric(m: Pb.PbMetric): T.Metric {
  return {
    name: m.name,
    description: m.description,
    unit: m.unit,
    metadata: keyValues(m.metadata),
    data: metricData(m),
  };
}

function metricData(m: Pb.PbMetric): T.MetricData | null {
  switch (m.data) {
    case 'gauge':
      return { type: 'gauge', dataPoints: mapRepeated(m.gauge!.dataPoints, 'gauge.dataPoints', numberDataPoint) };
    case 'sum': {
      const sum = m.sum!;
      return {
        type: 'sum',
        dataPoints: mapRepeated(sum.dataPoints, 'sum.dataPoints', numberDataPoint),
        aggregationTemporality: sum.aggregationTemporality,
        isMonotonic: sum.isMonotonic,
      };
    }
    case 'histogram': {
      const histogram = m.histogram!;
      return {
        type: 'histogram',
        dataPoints: mapRepeated(histogram.dataPoints, 'histogram.dataPoints', histogramDataPoint),
        aggregationTemporality: histogram.aggregationTemporality,
      };
    }
    case 'exponentialHistogram': {
      const histogram = m.exponentialHistogram!;
      return {
        type: 'exponential_histogram',
        dataPoints: mapRepeated(
          histogram.dataPoints,
          'exponentialHistogram.dataPoints',
          exponentialHistogramDataPoint,
        ),
        aggregationTemporality: histogram.aggregationTemporality,
      };
    }
    case 'summary':
      return {
        type: 'summary',
        dataPoints: mapRepeated(m.summary!.dataPoints, 'summary.dataPoints', summaryDataPoint),
      };
    case undefined:
      return null;
  }
}

function pointValue(m: Pb.PbPointValue): number | bigint | null {
  switch (m.value) {
    case 'asDouble':
      return m.asDouble;
    case 'asInt':
      return longToBigInt(m.asInt);
    case undefined:
      return null;
  }
}

function exemplar(m: Pb.PbExemplar): T.Exemplar {
  return {
    filteredAttributes: keyValues(m.filteredAttributes),
    timeUnixNano: longToBigInt(m.timeUnixNano),
    value: pointValue(m),
    spanId: idFromBytes(m.spanId, 'spanId', SPAN_ID_BYTES),
    traceId: idFromBytes(m.traceId, 'traceId', TRACE_ID_BYTES),
  };
}

function numberDataPoint(m: Pb.PbNumberDataPoint): T.NumberDataPoint {
  return {
    attributes: keyValues(m.attributes),
    startTimeUnixNano: longToBigInt(m.startTimeUnixNano),
    timeUnixNano: longToBigInt(m.timeUnixNano),
    value: pointValue(m),
    exemplars: mapRepeated(m.exemplars, 'exemplars', exemplar),
    flags: m.flags,
  };
}

function histogramDataPoint(m: Pb.PbHistogramDataPoint): T.HistogramDataPoint {
  return {
    attributes: keyValues(m.attributes),
    startTimeUnixNano: longToBigInt(m.startTimeUnixNano),
    timeUnixNano: longToBigInt(m.timeUnixNano),
    count: longToBigInt(m.count),
    sum: m.sum,
    bucketCounts: uint64s(m.bucketCounts),
    explicitBounds: m.explicitBounds.slice(),
    exemplars: mapRepeated(m.exemplars, 'exemplars', exemplar),
    flags: m.flags,
    min: m.min,
    max: m.max,
  };
}

function buckets(m: Pb.PbBuckets | null): T.Buckets | null {
  if (m === null) return null;
  return { offset: m.offset, bucketCounts: uint64s(m.bucketCounts) };
}

function exponentialHistogramDataPoint(m: Pb.PbExponentialHistogramDataPoint): T.ExponentialHistogramDataPoint {
  return {
    attributes: keyValues(m.attributes),
    startTimeUnixNano: longToBigInt(m.startTimeUnixNano),
    timeUnixNano: longToBigInt(m.timeUnixNano),
    count: longToBigInt(m.count),
    sum: m.sum,
    scale: m.scale,
    zeroCount: longToBigInt(m.zeroCount),
    positive: buckets(m.positive),
    negative: buckets(m.negative),
    flags: m.flags,
    exemplars: mapRepeated(m.exemplars, 'exemplars', exemplar),
    min: m.min,
    max: m.max,
    zeroThreshold: m.zeroThreshold,
  };
}

function summaryDataPoint(m: Pb.PbSummaryDataPoint): T.SummaryDataPoint {
  return {
    attributes: keyValues(m.attributes),
    startTimeUnixNano: longToBigInt(m.startTimeUnixNano),
    timeUnixNano: longToBigInt(m.timeUnixNano),
    count: longToBigInt(m.count),
    sum: m.sum,
    quantileValues: m.quantileValues.map((q) => ({ quantile: q.quantile, value: q.value })),
    flags: m.flags,
  };
}

// ---- logs ----

function resourceLogs(m: Pb.PbResourceLogs): T.ResourceLogs {
  return {
    resource: resource(m.resource),
    scopeLogs: mapRepeated(m.scopeLogs, 'scopeLogs', scopeLogs),
    schemaUrl: m.schemaUrl,
  };
}

function scopeLogs(m: Pb.PbScopeLogs): T.ScopeLogs {
  return {
    scope: scope(m.scope),
    logRecords: mapRepeated(m.logRecords, 'logRecords', logRecord),
    schemaUrl: m.schemaUrl,
  };
}

function logRecord(m: Pb.PbLogRecord): T.LogRecord {
  return {
    timeUnixNano: longToBigInt(m.timeUnixNano),
    observedTimeUnixNano: longToBigInt(m.observedTimeUnixNano),
    severityNumber: m.severityNumber,
    severityText: m.severityText,
    body: m.body === null ? null : anyValue(m.body),
    attributes: keyValues(m.attributes),
    droppedAttributesCount: m.droppedAttributesCount,
    flags: m.flags,
    traceId: idFromBytes(m.traceId, 'traceId', TRACE_ID_BYTES),
    spanId: idFromBytes(m.spanId, 'spanId', SPAN_ID_BYTES),
    eventName: m.eventName,
  };
}

// ---- traces ----

function resourceSpans(m: Pb.PbResourceSpans): T.ResourceSpans {
  return {
    resource: resource(m.resource),
    scopeSpans: mapRepeated(m.scopeSpans, 'scopeSpans', scopeSpans),
    schemaUrl: m.schemaUrl,
  };
}

function scopeSpans(m: Pb.PbScopeSpans): T.ScopeSpans {
  return {
    scope: scope(m.scope),
    spans: mapRepeated(m.spans, 'spans', span),
    schemaUrl: m.schemaUrl,
  };
}

function spanEvent(m: Pb.PbSpanEvent): T.SpanEvent {
  return {
    timeUnixNano: longToBigInt(m.timeUnixNano),
    name: m.name,
    attributes: keyValues(m.attributes),
    droppedAttributesCount: m.droppedAttributesCount,
  };
}

function spanLink(m: Pb.PbSpanLink): T.SpanLink {
  return {
    traceId: idFromBytes(m.traceId, 'traceId', TRACE_ID_BYTES),
    spanId: idFromBytes(m.spanId, 'spanId', SPAN_ID_BYTES),
    traceState: m.traceState,
    attributes: keyValues(m.attributes),
    droppedAttributesCount: m.droppedAttributesCount,
    flags: m.flags,
  };
}

function span(m: Pb.PbSpan): T.Span {
  return {
    traceId: idFromBytes(m.traceId, 'traceId', TRACE_ID_BYTES),
    spanId: idFromBytes(m.spanId, 'spanId', SPAN_ID_BYTES),
    traceState: m.traceState,
    parentSpanId: idFromBytes(m.parentSpanId, 'parentSpanId', SPAN_ID_BYTES),
    flags: m.flags,
    name: m.name,
    kind: m.kind,
    startTimeUnixNano: longToBigInt(m.startTimeUnixNano),
    endTimeUnixNano: longToBigInt(m.endTimeUnixNano),
    attributes: keyValues(m.attributes),
    droppedAttributesCount: m.droppedAttributesCount,
    events: m.events.map(spanEvent),
    droppedEventsCount: m.droppedEventsCount,
    links: mapRepeated(m.links, 'links', spanLink),
    droppedLinksCount: m.droppedLinksCount,
    status: m.status === null ? null : { message: m.status.message, code: m.status.code },
  };
}
