/**
 * OTLP requests as the decoders hand them to the flatteners: the shape of the OTLP messages
 * (opentelemetry/proto v1), with proto3 defaults filled in, so that protobuf and JSON decode to the
 * same values.
 *
 * - 64-bit integers (fixed64 times, int64/uint64 counts, `intValue`) are `bigint`: never a JS double.
 * - `bytes` fields (ids, `bytesValue`) are `Uint8Array`; absent ids are empty arrays.
 * - Absent sub-messages are `null`; absent `optional double` fields (`sum`, `min`, `max`) are `null`.
 * - Enums are their integer values (an unknown number is kept as it is).
 */

export type AnyValue =
  | { kind: 'string'; value: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'int'; value: bigint }
  | { kind: 'double'; value: number }
  | { kind: 'bytes'; value: Uint8Array }
  | { kind: 'array'; values: AnyValue[] }
  | { kind: 'kvlist'; values: KeyValue[] }
  /** An AnyValue with none of its fields set (`{}` in JSON). */
  | { kind: 'empty' };

export interface KeyValue {
  key: string;
  /** `null` when the KeyValue carries no value message at all. */
  value: AnyValue | null;
}

export interface Resource {
  attributes: KeyValue[];
  droppedAttributesCount: number;
}

export interface InstrumentationScope {
  name: string;
  version: string;
  attributes: KeyValue[];
  droppedAttributesCount: number;
}

// ---- metrics ----

export interface ExportMetricsServiceRequest {
  resourceMetrics: ResourceMetrics[];
}

export interface ResourceMetrics {
  resource: Resource | null;
  scopeMetrics: ScopeMetrics[];
  schemaUrl: string;
}

export interface ScopeMetrics {
  scope: InstrumentationScope | null;
  metrics: Metric[];
  schemaUrl: string;
}

export interface Metric {
  name: string;
  description: string;
  unit: string;
  metadata: KeyValue[];
  /** `null` when the metric carries none of the five data fields. */
  data: MetricData | null;
}

export type MetricData =
  | { type: 'gauge'; dataPoints: NumberDataPoint[] }
  | { type: 'sum'; dataPoints: NumberDataPoint[]; aggregationTemporality: number; isMonotonic: boolean }
  | { type: 'histogram'; dataPoints: HistogramDataPoint[]; aggregationTemporality: number }
  | {
      type: 'exponential_histogram';
      dataPoints: ExponentialHistogramDataPoint[];
      aggregationTemporality: number;
    }
  | { type: 'summary'; dataPoints: SummaryDataPoint[] };

export interface Exemplar {
  filteredAttributes: KeyValue[];
  timeUnixNano: bigint;
  /** `asDouble` as a number, `asInt` as a bigint, `null` when neither is set. */
  value: number | bigint | null;
  spanId: Uint8Array;
  traceId: Uint8Array;
}

export interface NumberDataPoint {
  attributes: KeyValue[];
  startTimeUnixNano: bigint;
  timeUnixNano: bigint;
  /** `asDouble` as a number, `asInt` as a bigint, `null` when neither is set. */
  value: number | bigint | null;
  exemplars: Exemplar[];
  flags: number;
}

export interface HistogramDataPoint {
  attributes: KeyValue[];
  startTimeUnixNano: bigint;
  timeUnixNano: bigint;
  count: bigint;
  sum: number | null;
  bucketCounts: bigint[];
  explicitBounds: number[];
  exemplars: Exemplar[];
  flags: number;
  min: number | null;
  max: number | null;
}

export interface Buckets {
  offset: number;
  bucketCounts: bigint[];
}

export interface ExponentialHistogramDataPoint {
  attributes: KeyValue[];
  startTimeUnixNano: bigint;
  timeUnixNano: bigint;
  count: bigint;
  sum: number | null;
  scale: number;
  zeroCount: bigint;
  positive: Buckets | null;
  negative: Buckets | null;
  flags: number;
  exemplars: Exemplar[];
  min: number | null;
  max: number | null;
  zeroThreshold: number;
}

export interface ValueAtQuantile {
  quantile: number;
  value: number;
}

export interface SummaryDataPoint {
  attributes: KeyValue[];
  startTimeUnixNano: bigint;
  timeUnixNano: bigint;
  count: bigint;
  sum: number;
  quantileValues: ValueAtQuantile[];
  flags: number;
}

// ---- logs ----

export interface ExportLogsServiceRequest {
  resourceLogs: ResourceLogs[];
}

export interface ResourceLogs {
  resource: Resource | null;
  scopeLogs: ScopeLogs[];
  schemaUrl: string;
}

export interface ScopeLogs {
  scope: InstrumentationScope | null;
  logRecords: LogRecord[];
  schemaUrl: string;
}

export interface LogRecord {
  timeUnixNano: bigint;
  observedTimeUnixNano: bigint;
  severityNumber: number;
  severityText: string;
  body: AnyValue | null;
  attributes: KeyValue[];
  droppedAttributesCount: number;
  flags: number;
  traceId: Uint8Array;
  spanId: Uint8Array;
  eventName: string;
}

// ---- traces ----

export interface ExportTraceServiceRequest {
  resourceSpans: ResourceSpans[];
}

export interface ResourceSpans {
  resource: Resource | null;
  scopeSpans: ScopeSpans[];
  schemaUrl: string;
}

export interface ScopeSpans {
  scope: InstrumentationScope | null;
  spans: Span[];
  schemaUrl: string;
}

export interface SpanEvent {
  timeUnixNano: bigint;
  name: string;
  attributes: KeyValue[];
  droppedAttributesCount: number;
}

export interface SpanLink {
  traceId: Uint8Array;
  spanId: Uint8Array;
  traceState: string;
  attributes: KeyValue[];
  droppedAttributesCount: number;
  flags: number;
}

export interface SpanStatus {
  message: string;
  code: number;
}

export interface Span {
  traceId: Uint8Array;
  spanId: Uint8Array;
  traceState: string;
  parentSpanId: Uint8Array;
  flags: number;
  name: string;
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: KeyValue[];
  droppedAttributesCount: number;
  events: SpanEvent[];
  droppedEventsCount: number;
  links: SpanLink[];
  droppedLinksCount: number;
  status: SpanStatus | null;
}

export type Signal = 'metrics' | 'logs' | 'traces';
