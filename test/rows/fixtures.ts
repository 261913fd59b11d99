import type {
  AnyValue,
  ExponentialHistogramDataPoint,
  ExportLogsServiceRequest,
  ExportMetricsServiceRequest,
  ExportTraceServiceRequest,
  HistogramDataPoint,
  InstrumentationScope,
  KeyValue,
  LogRecord,
  Metric,
  MetricData,
  NumberDataPoint,
  Resource,
  Span,
  SpanEvent,
  SpanLink,
  SummaryDataPoint,
} from '../../src/otlp/types.js';

/** Builders for hand-made decoded OTLP requests, with proto3 defaults for everything not given. */

export const str = (value: string): AnyValue => ({ kind: 'string', value });
export const bool = (value: boolean): AnyValue => ({ kind: 'bool', value });
export const int = (value: bigint): AnyValue => ({ kind: 'int', value });
export const dbl = (value: number): AnyValue => ({ kind: 'double', value });
export const bytes = (value: Uint8Array): AnyValue => ({ kind: 'bytes', value });
export const arr = (...values: AnyValue[]): AnyValue => ({ kind: 'array', values });
export const kvlist = (...values: KeyValue[]): AnyValue => ({ kind: 'kvlist', values });
export const EMPTY: AnyValue = { kind: 'empty' };
export const kv = (key: string, value: AnyValue | null): KeyValue => ({ key, value });

export const NO_ID = new Uint8Array(0);
export const TRACE_ID = Uint8Array.from([
  0x5b, 0x8e, 0xff, 0xf7, 0x98, 0x03, 0x81, 0x03, 0xd2, 0x69, 0xb6, 0x33, 0x81, 0x3f, 0xc6, 0x0c,
]);
export const TRACE_ID_HEX = '5b8efff798038103d269b633813fc60c';
export const SPAN_ID = Uint8Array.from([0x00, 0xf0, 0x67, 0xaa, 0x0b, 0xa9, 0x02, 0xb7]);
export const SPAN_ID_HEX = '00f067aa0ba902b7';

export function resource(attributes: KeyValue[], droppedAttributesCount = 0): Resource {
  return { attributes, droppedAttributesCount };
}

export function scope(
  name: string,
  version: string,
  attributes: KeyValue[] = [],
  droppedAttributesCount = 0,
): InstrumentationScope {
  return { name, version, attributes, droppedAttributesCount };
}

export function metric(name: string, data: MetricData | null, more: Partial<Metric> = {}): Metric {
  return { name, description: '', unit: '', metadata: [], data, ...more };
}

export function numberPoint(more: Partial<NumberDataPoint> = {}): NumberDataPoint {
  return { attributes: [], startTimeUnixNano: 0n, timeUnixNano: 0n, value: null, exemplars: [], flags: 0, ...more };
}

export function histogramPoint(more: Partial<HistogramDataPoint> = {}): HistogramDataPoint {
  return {
    attributes: [],
    startTimeUnixNano: 0n,
    timeUnixNano: 0n,
    count: 0n,
    sum: null,
    bucketCounts: [],
    explicitBounds: [],
    exemplars: [],
    flags: 0,
    min: null,
    max: null,
    ...more,
  };
}

export function exponentialHistogramPoint(
  more: Partial<ExponentialHistogramDataPoint> = {},
): ExponentialHistogramDataPoint {
  return {
    attributes: [],
    startTimeUnixNano: 0n,
    timeUnixNano: 0n,
    count: 0n,
    sum: null,
    scale: 0,
    zeroCount: 0n,
    positive: null,
    negative: null,
    flags: 0,
    exemplars: [],
    min: null,
    max: null,
    zeroThreshold: 0,
    ...more,
  };
}

export function summaryPoint(more: Partial<SummaryDataPoint> = {}): SummaryDataPoint {
  return {
    attributes: [],
    startTimeUnixNano: 0n,
    timeUnixNano: 0n,
    count: 0n,
    sum: 0,
    quantileValues: [],
    flags: 0,
    ...more,
  };
}

export interface Envelope {
  resource?: Resource | null;
  resourceSchemaUrl?: string;
  scope?: InstrumentationScope | null;
  scopeSchemaUrl?: string;
}

/** One resource, one scope, these metrics. */
export function metricsRequest(metrics: Metric[], e: Envelope = {}): ExportMetricsServiceRequest {
  return {
    resourceMetrics: [
      {
        resource: e.resource ?? null,
        schemaUrl: e.resourceSchemaUrl ?? '',
        scopeMetrics: [{ scope: e.scope ?? null, schemaUrl: e.scopeSchemaUrl ?? '', metrics }],
      },
    ],
  };
}

export function logRecord(more: Partial<LogRecord> = {}): LogRecord {
  return {
    timeUnixNano: 0n,
    observedTimeUnixNano: 0n,
    severityNumber: 0,
    severityText: '',
    body: null,
    attributes: [],
    droppedAttributesCount: 0,
    flags: 0,
    traceId: NO_ID,
    spanId: NO_ID,
    eventName: '',
    ...more,
  };
}

/** One resource, one scope, these log records. */
export function logsRequest(logRecords: LogRecord[], e: Envelope = {}): ExportLogsServiceRequest {
  return {
    resourceLogs: [
      {
        resource: e.resource ?? null,
        schemaUrl: e.resourceSchemaUrl ?? '',
        scopeLogs: [{ scope: e.scope ?? null, schemaUrl: e.scopeSchemaUrl ?? '', logRecords }],
      },
    ],
  };
}

export function span(more: Partial<Span> = {}): Span {
  return {
    traceId: NO_ID,
    spanId: NO_ID,
    traceState: '',
    parentSpanId: NO_ID,
    flags: 0,
    name: '',
    kind: 0,
    startTimeUnixNano: 0n,
    endTimeUnixNano: 0n,
    attributes: [],
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    status: null,
    ...more,
  };
}

export function spanEvent(more: Partial<SpanEvent> = {}): SpanEvent {
  return { timeUnixNano: 0n, name: '', attributes: [], droppedAttributesCount: 0, ...more };
}

export function spanLink(more: Partial<SpanLink> = {}): SpanLink {
  return { traceId: NO_ID, spanId: NO_ID, traceState: '', attributes: [], droppedAttributesCount: 0, flags: 0, ...more };
}

/** One resource, one scope, these spans. */
export function tracesRequest(spans: Span[], e: Envelope = {}): ExportTraceServiceRequest {
  return {
    resourceSpans: [
      {
        resource: e.resource ?? null,
        schemaUrl: e.resourceSchemaUrl ?? '',
        scopeSpans: [{ scope: e.scope ?? null, schemaUrl: e.scopeSchemaUrl ?? '', spans }],
      },
    ],
  };
}
