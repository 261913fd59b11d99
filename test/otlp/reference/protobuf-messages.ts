import type { Long } from 'protobufjs';

/**
 * The objects protobufjs's reflection decoder returns for the messages in `proto/`, as far as
 * `decode-protobuf.ts` reads them. protobufjs fills in proto3 defaults from each message's
 * prototype: `''`, `0`, `false`, a zero Long, an empty (shared, frozen) array, an empty Buffer, or
 * `null` for message fields and proto3 `optional` scalars (whose presence protobufjs tracks through
 * a synthetic oneof). The name of the member set in a oneof is read from its virtual property
 * (`value`, `data`), `undefined` when none is.
 */

type Bytes = Buffer;

export interface PbAnyValue {
  readonly value?:
    | 'stringValue'
    | 'boolValue'
    | 'intValue'
    | 'doubleValue'
    | 'arrayValue'
    | 'kvlistValue'
    | 'bytesValue'
    | 'stringValueStrindex';
  readonly stringValue: string;
  readonly boolValue: boolean;
  readonly intValue: Long;
  readonly doubleValue: number;
  readonly arrayValue: { readonly values: readonly PbAnyValue[] } | null;
  readonly kvlistValue: { readonly values: readonly PbKeyValue[] } | null;
  readonly bytesValue: Bytes;
}

export interface PbKeyValue {
  readonly key: string;
  readonly value: PbAnyValue | null;
}

export interface PbResource {
  readonly attributes: readonly PbKeyValue[];
  readonly droppedAttributesCount: number;
}

export interface PbInstrumentationScope {
  readonly name: string;
  readonly version: string;
  readonly attributes: readonly PbKeyValue[];
  readonly droppedAttributesCount: number;
}

// ---- metrics ----

export interface PbExportMetricsServiceRequest {
  readonly resourceMetrics: readonly PbResourceMetrics[];
}

export interface PbResourceMetrics {
  readonly resource: PbResource | null;
  readonly scopeMetrics: readonly PbScopeMetrics[];
  readonly schemaUrl: string;
}

export interface PbScopeMetrics {
  readonly scope: PbInstrumentationScope | null;
  readonly metrics: readonly PbMetric[];
  readonly schemaUrl: string;
}

export interface PbMetric {
  readonly name: string;
  readonly description: string;
  readonly unit: string;
  readonly metadata: readonly PbKeyValue[];
  readonly data?: 'gauge' | 'sum' | 'histogram' | 'exponentialHistogram' | 'summary';
  readonly gauge: { readonly dataPoints: readonly PbNumberDataPoint[] } | null;
  readonly sum: {
    readonly dataPoints: readonly PbNumberDataPoint[];
    readonly aggregationTemporality: number;
    readonly isMonotonic: boolean;
  } | null;
  readonly histogram: {
    readonly dataPoints: readonly PbHistogramDataPoint[];
    readonly aggregationTemporality: number;
  } | null;
  readonly exponentialHistogram: {
    readonly dataPoints: readonly PbExponentialHistogramDataPoint[];
    readonly aggregationTemporality: number;
  } | null;
  readonly summary: { readonly dataPoints: readonly PbSummaryDataPoint[] } | null;
}

/** The `value` oneof of NumberDataPoint and Exemplar. */
export interface PbPointValue {
  readonly value?: 'asDouble' | 'asInt';
  readonly asDouble: number;
  readonly asInt: Long;
}

export interface PbExemplar extends PbPointValue {
  readonly filteredAttributes: readonly PbKeyValue[];
  readonly timeUnixNano: Long;
  readonly spanId: Bytes;
  readonly traceId: Bytes;
}

export interface PbNumberDataPoint extends PbPointValue {
  readonly attributes: readonly PbKeyValue[];
  readonly startTimeUnixNano: Long;
  readonly timeUnixNano: Long;
  readonly exemplars: readonly PbExemplar[];
  readonly flags: number;
}

export interface PbHistogramDataPoint {
  readonly attributes: readonly PbKeyValue[];
  readonly startTimeUnixNano: Long;
  readonly timeUnixNano: Long;
  readonly count: Long;
  readonly sum: number | null;
  readonly bucketCounts: readonly Long[];
  readonly explicitBounds: readonly number[];
  readonly exemplars: readonly PbExemplar[];
  readonly flags: number;
  readonly min: number | null;
  readonly max: number | null;
}

export interface PbBuckets {
  readonly offset: number;
  readonly bucketCounts: readonly Long[];
}

export interface PbExponentialHistogramDataPoint {
  readonly attributes: readonly PbKeyValue[];
  readonly startTimeUnixNano: Long;
  readonly timeUnixNano: Long;
  readonly count: Long;
  readonly sum: number | null;
  readonly scale: number;
  readonly zeroCount: Long;
  readonly positive: PbBuckets | null;
  readonly negative: PbBuckets | null;
  readonly flags: number;
  readonly exemplars: readonly PbExemplar[];
  readonly min: number | null;
  readonly max: number | null;
  readonly zeroThreshold: number;
}

export interface PbSummaryDataPoint {
  readonly attributes: readonly PbKeyValue[];
  readonly startTimeUnixNano: Long;
  readonly timeUnixNano: Long;
  readonly count: Long;
  readonly sum: number;
  readonly quantileValues: readonly { readonly quantile: number; readonly value: number }[];
  readonly flags: number;
}

// ---- logs ----

export interface PbExportLogsServiceRequest {
  readonly resourceLogs: readonly PbResourceLogs[];
}

export interface PbResourceLogs {
  readonly resource: PbResource | null;
  readonly scopeLogs: readonly PbScopeLogs[];
  readonly schemaUrl: string;
}

export interface PbScopeLogs {
  readonly scope: PbInstrumentationScope | null;
  readonly logRecords: readonly PbLogRecord[];
  readonly schemaUrl: string;
}

export interface PbLogRecord {
  readonly timeUnixNano: Long;
  readonly observedTimeUnixNano: Long;
  readonly severityNumber: number;
  readonly severityText: string;
  readonly body: PbAnyValue | null;
  readonly attributes: readonly PbKeyValue[];
  readonly droppedAttributesCount: number;
  readonly flags: number;
  readonly traceId: Bytes;
  readonly spanId: Bytes;
  readonly eventName: string;
}

// ---- traces ----

export interface PbExportTraceServiceRequest {
  readonly resourceSpans: readonly PbResourceSpans[];
}

export interface PbResourceSpans {
  readonly resource: PbResource | null;
  readonly scopeSpans: readonly PbScopeSpans[];
  readonly schemaUrl: string;
}

export interface PbScopeSpans {
  readonly scope: PbInstrumentationScope | null;
  readonly spans: readonly PbSpan[];
  readonly schemaUrl: string;
}

export interface PbSpanEvent {
  readonly timeUnixNano: Long;
  readonly name: string;
  readonly attributes: readonly PbKeyValue[];
  readonly droppedAttributesCount: number;
}

export interface PbSpanLink {
  readonly traceId: Bytes;
  readonly spanId: Bytes;
  readonly traceState: string;
  readonly attributes: readonly PbKeyValue[];
  readonly droppedAttributesCount: number;
  readonly flags: number;
}

export interface PbSpan {
  readonly traceId: Bytes;
  readonly spanId: Bytes;
  readonly traceState: string;
  readonly parentSpanId: Bytes;
  readonly flags: number;
  readonly name: string;
  readonly kind: number;
  readonly startTimeUnixNano: Long;
  readonly endTimeUnixNano: Long;
  readonly attributes: readonly PbKeyValue[];
  readonly droppedAttributesCount: number;
  readonly events: readonly PbSpanEvent[];
  readonly droppedEventsCount: number;
  readonly links: readonly PbSpanLink[];
  readonly droppedLinksCount: number;
  readonly status: { readonly message: string; readonly code: number } | null;
}
