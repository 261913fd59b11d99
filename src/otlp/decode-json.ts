import type * as T from './types.js';
import { OtlpDecodeError, rethrowUnder } from './decode-error.js';
import { idFromHex, SPAN_ID_BYTES, TRACE_ID_BYTES } from './ids.js';
import { parseJsonKeepingLongNumbers } from './json-bigint.js';
import {
  describe,
  isJsonObject,
  jsonBool,
  jsonBytes,
  jsonDouble,
  jsonEnum,
  jsonInt32,
  jsonInt64,
  jsonMessages,
  jsonObject,
  jsonOptionalDouble,
  jsonScalars,
  jsonString,
  jsonUint32,
  jsonUint64,
  type JsonObject,
} from './json-values.js';
import { otlpSchema } from './proto-loader.js';

/**
 * OTLP/JSON bodies (`Content-Type: application/json`) to the types of `types.ts`, the same values
 * `decode-protobuf.ts` gives for the same data.
 *
 * OTLP/JSON is the proto3 JSON mapping with OTLP's deviations (OTLP specification, "JSON Protobuf
 * Encoding"): trace and span ids are hex strings, enums are numbers, and receivers must ignore
 * fields they do not know. Beyond that this decoder accepts what a proto3 JSON parser accepts:
 * the original snake_case field names besides the lowerCamelCase ones, enum names, integers as
 * numbers or strings, `null` for a default. Each field is read by the lowerCamelCase name first.
 *
 * Every function throws OtlpDecodeError, naming the JSON path of the offending value.
 */

/**
 * How deep AnyValues may nest inside each other (arrays and key-value lists). Bounded so that a
 * hostile body cannot exhaust the stack; protobuf bodies have protobufjs's own limit of 100 nested
 * messages.
 */
const MAX_VALUE_NESTING = 64;

export function decodeMetricsJson(text: string): T.ExportMetricsServiceRequest {
  const o = parseRequest(text, 'ExportMetricsServiceRequest');
  return { resourceMetrics: jsonMessages(o.resourceMetrics ?? o.resource_metrics, 'resourceMetrics', resourceMetrics) };
}

export function decodeLogsJson(text: string): T.ExportLogsServiceRequest {
  const o = parseRequest(text, 'ExportLogsServiceRequest');
  return { resourceLogs: jsonMessages(o.resourceLogs ?? o.resource_logs, 'resourceLogs', resourceLogs) };
}

export function decodeTracesJson(text: string): T.ExportTraceServiceRequest {
  const o = parseRequest(text, 'ExportTraceServiceRequest');
  return { resourceSpans: jsonMessages(o.resourceSpans ?? o.resource_spans, 'resourceSpans', resourceSpans) };
}

function parseRequest(text: string, message: string): JsonObject {
  // RFC 8259 lets a parser ignore a byte order mark; JSON.parse does not.
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let parsed: unknown;
  try {
    parsed = parseJsonKeepingLongNumbers(json);
  } catch (error) {
    throw new OtlpDecodeError(`the body is not valid JSON (${(error as Error).message})`, { cause: error });
  }
  if (!isJsonObject(parsed)) {
    throw new OtlpDecodeError(`expected a JSON object (an ${message}), got ${describe(parsed)}`);
  }
  return parsed;
}

/** A singular message field: `null` when absent, else converted with errors named under `field`. */
function message<R>(value: unknown, field: string, convert: (o: JsonObject) => R): R | null {
  const o = jsonObject(value, field);
  if (o === null) return null;
  try {
    return convert(o);
  } catch (error) {
    return rethrowUnder(error, field);
  }
}

// ---- common ----

/**
 * An AnyValue: exactly one of its fields, or none (`{}`, the empty value). The keys present are
 * walked rather than each field looked up, as an AnyValue object usually holds a single key.
 */
function anyValue(o: JsonObject, depth: number): T.AnyValue {
  if (depth > MAX_VALUE_NESTING) {
    throw new OtlpDecodeError(`values are nested more than ${MAX_VALUE_NESTING} levels deep`);
  }
  let result: T.AnyValue | undefined;
  let resultField = '';
  for (const key in o) {
    const v = o[key];
    if (v === null || v === undefined) continue; // null means "not set" in proto3 JSON
    let value: T.AnyValue;
    let field: string;
    switch (key) {
      case 'stringValue':
      case 'string_value':
        field = 'stringValue';
        value = { kind: 'string', value: jsonString(v, field) };
        break;
      case 'boolValue':
      case 'bool_value':
        field = 'boolValue';
        value = { kind: 'bool', value: jsonBool(v, field) };
        break;
      case 'intValue':
      case 'int_value':
        field = 'intValue';
        value = { kind: 'int', value: jsonInt64(v, field) };
        break;
      case 'doubleValue':
      case 'double_value':
        field = 'doubleValue';
        value = { kind: 'double', value: jsonDouble(v, field) };
        break;
      case 'bytesValue':
      case 'bytes_value':
        field = 'bytesValue';
        value = { kind: 'bytes', value: jsonBytes(v, field) };
        break;
      case 'arrayValue':
      case 'array_value':
        field = 'arrayValue';
        value = { kind: 'array', values: message(v, field, (a) => anyValues(a.values, depth + 1))! };
        break;
      case 'kvlistValue':
      case 'kvlist_value':
        field = 'kvlistValue';
        value = { kind: 'kvlist', values: message(v, field, (l) => keyValues(l.values, 'values', depth + 1))! };
        break;
      default:
        continue; // unknown fields, and the profiles-only stringValueStrindex, are ignored
    }
    if (result !== undefined) {
      throw new OtlpDecodeError(`both ${resultField} and ${field} are set; an AnyValue holds one value`);
    }
    result = value;
    resultField = field;
  }
  return result ?? { kind: 'empty' };
}

/** A field holding an AnyValue (`KeyValue.value`, `LogRecord.body`): `null` when absent. */
function anyValueField(value: unknown, field: string, depth: number): T.AnyValue | null {
  const o = jsonObject(value, field);
  if (o === null) return null;
  try {
    return anyValue(o, depth);
  } catch (error) {
    return rethrowUnder(error, field);
  }
}

function anyValues(value: unknown, depth: number): T.AnyValue[] {
  return jsonMessages(value, 'values', (o) => anyValue(o, depth));
}

function keyValue(o: JsonObject, depth: number): T.KeyValue {
  return { key: jsonString(o.key, 'key'), value: anyValueField(o.value, 'value', depth) };
}

function keyValues(value: unknown, field: string, depth: number): T.KeyValue[] {
  return jsonMessages(value, field, (o) => keyValue(o, depth));
}

function attributes(value: unknown, field = 'attributes'): T.KeyValue[] {
  return keyValues(value, field, 0);
}

function droppedAttributesCount(o: JsonObject): number {
  return jsonUint32(o.droppedAttributesCount ?? o.dropped_attributes_count, 'droppedAttributesCount');
}

function resource(o: JsonObject): T.Resource {
  return { attributes: attributes(o.attributes), droppedAttributesCount: droppedAttributesCount(o) };
}

function scope(o: JsonObject): T.InstrumentationScope {
  return {
    name: jsonString(o.name, 'name'),
    version: jsonString(o.version, 'version'),
    attributes: attributes(o.attributes),
    droppedAttributesCount: droppedAttributesCount(o),
  };
}

function schemaUrl(o: JsonObject): string {
  return jsonString(o.schemaUrl ?? o.schema_url, 'schemaUrl');
}

function traceId(o: JsonObject): Uint8Array {
  return idFromHex(jsonString(o.traceId ?? o.trace_id, 'traceId'), 'traceId', TRACE_ID_BYTES);
}

function spanId(o: JsonObject, field = 'spanId', snake = 'span_id'): Uint8Array {
  return idFromHex(jsonString(o[field] ?? o[snake], field), field, SPAN_ID_BYTES);
}

function flags(o: JsonObject): number {
  return jsonUint32(o.flags, 'flags');
}

// ---- metrics ----

function resourceMetrics(o: JsonObject): T.ResourceMetrics {
  return {
    resource: message(o.resource, 'resource', resource),
    scopeMetrics: jsonMessages(o.scopeMetrics ?? o.scope_metrics, 'scopeMetrics', scopeMetrics),
    schemaUrl: schemaUrl(o),
  };
}

function scopeMetrics(o: JsonObject): T.ScopeMetrics {
  return {
    scope: message(o.scope, 'scope', scope),
    metrics: jsonMessages(o.metrics, 'metrics', metric),
    schemaUrl: schemaUrl(o),
  };
}

function metric(o: JsonObject): T.Metric {
  return {
    name: jsonString(o.name, 'name'),
    description: jsonString(o.description, 'description'),
    unit: jsonString(o.unit, 'unit'),
    metadata: attributes(o.metadata, 'metadata'),
    data: metricData(o),
  };
}

/** The `data` oneof of Metric: at most one of the five kinds may be set. */
function metricData(o: JsonObject): T.MetricData | null {
  const kinds = {
    gauge: o.gauge,
    sum: o.sum,
    histogram: o.histogram,
    exponentialHistogram: o.exponentialHistogram ?? o.exponential_histogram,
    summary: o.summary,
  };
  const set = Object.entries(kinds).filter(([, value]) => value !== undefined && value !== null);
  if (set.length > 1) {
    const names = set.map(([kind]) => kind).join(', ');
    throw new OtlpDecodeError(`more than one kind of data is set (${names}); a metric holds one`);
  }
  return (
    message(kinds.gauge, 'gauge', gauge) ??
    message(kinds.sum, 'sum', sum) ??
    message(kinds.histogram, 'histogram', histogram) ??
    message(kinds.exponentialHistogram, 'exponentialHistogram', exponentialHistogram) ??
    message(kinds.summary, 'summary', summary)
  );
}

function dataPoints<R>(o: JsonObject, convert: (point: JsonObject) => R): R[] {
  return jsonMessages(o.dataPoints ?? o.data_points, 'dataPoints', convert);
}

function aggregationTemporality(o: JsonObject): number {
  return jsonEnum(
    o.aggregationTemporality ?? o.aggregation_temporality,
    'aggregationTemporality',
    otlpSchema().enums.aggregationTemporality,
  );
}

function gauge(o: JsonObject): T.MetricData {
  return { type: 'gauge', dataPoints: dataPoints(o, numberDataPoint) };
}

function sum(o: JsonObject): T.MetricData {
  return {
    type: 'sum',
    dataPoints: dataPoints(o, numberDataPoint),
    aggregationTemporality: aggregationTemporality(o),
    isMonotonic: jsonBool(o.isMonotonic ?? o.is_monotonic, 'isMonotonic'),
  };
}

function histogram(o: JsonObject): T.MetricData {
  return {
    type: 'histogram',
    dataPoints: dataPoints(o, histogramDataPoint),
    aggregationTemporality: aggregationTemporality(o),
  };
}

function exponentialHistogram(o: JsonObject): T.MetricData {
  return {
    type: 'exponential_histogram',
    dataPoints: dataPoints(o, exponentialHistogramDataPoint),
    aggregationTemporality: aggregationTemporality(o),
  };
}

function summary(o: JsonObject): T.MetricData {
  return { type: 'summary', dataPoints: dataPoints(o, summaryDataPoint) };
}

function startTimeUnixNano(o: JsonObject): bigint {
  return jsonUint64(o.startTimeUnixNano ?? o.start_time_unix_nano, 'startTimeUnixNano');
}

function timeUnixNano(o: JsonObject): bigint {
  return jsonUint64(o.timeUnixNano ?? o.time_unix_nano, 'timeUnixNano');
}

/** The `value` oneof of NumberDataPoint and Exemplar. */
function pointValue(o: JsonObject): number | bigint | null {
  const asDouble = o.asDouble ?? o.as_double;
  const asInt = o.asInt ?? o.as_int;
  const hasDouble = asDouble !== undefined && asDouble !== null;
  const hasInt = asInt !== undefined && asInt !== null;
  if (hasDouble && hasInt) throw new OtlpDecodeError('both asDouble and asInt are set; a point holds one value');
  if (hasDouble) return jsonDouble(asDouble, 'asDouble');
  if (hasInt) return jsonInt64(asInt, 'asInt');
  return null;
}

function exemplars(o: JsonObject): T.Exemplar[] {
  return jsonMessages(o.exemplars, 'exemplars', exemplar);
}

function exemplar(o: JsonObject): T.Exemplar {
  return {
    filteredAttributes: attributes(o.filteredAttributes ?? o.filtered_attributes, 'filteredAttributes'),
    timeUnixNano: timeUnixNano(o),
    value: pointValue(o),
    spanId: spanId(o),
    traceId: traceId(o),
  };
}

function numberDataPoint(o: JsonObject): T.NumberDataPoint {
  return {
    attributes: attributes(o.attributes),
    startTimeUnixNano: startTimeUnixNano(o),
    timeUnixNano: timeUnixNano(o),
    value: pointValue(o),
    exemplars: exemplars(o),
    flags: flags(o),
  };
}

function histogramDataPoint(o: JsonObject): T.HistogramDataPoint {
  return {
    attributes: attributes(o.attributes),
    startTimeUnixNano: startTimeUnixNano(o),
    timeUnixNano: timeUnixNano(o),
    count: jsonUint64(o.count, 'count'),
    sum: jsonOptionalDouble(o.sum, 'sum'),
    bucketCounts: jsonScalars(o.bucketCounts ?? o.bucket_counts, 'bucketCounts', jsonUint64),
    explicitBounds: jsonScalars(o.explicitBounds ?? o.explicit_bounds, 'explicitBounds', jsonDouble),
    exemplars: exemplars(o),
    flags: flags(o),
    min: jsonOptionalDouble(o.min, 'min'),
    max: jsonOptionalDouble(o.max, 'max'),
  };
}

function buckets(o: JsonObject): T.Buckets {
  return {
    offset: jsonInt32(o.offset, 'offset'),
    bucketCounts: jsonScalars(o.bucketCounts ?? o.bucket_counts, 'bucketCounts', jsonUint64),
  };
}

function exponentialHistogramDataPoint(o: JsonObject): T.ExponentialHistogramDataPoint {
  return {
    attributes: attributes(o.attributes),
    startTimeUnixNano: startTimeUnixNano(o),
    timeUnixNano: timeUnixNano(o),
    count: jsonUint64(o.count, 'count'),
    sum: jsonOptionalDouble(o.sum, 'sum'),
    scale: jsonInt32(o.scale, 'scale'),
    zeroCount: jsonUint64(o.zeroCount ?? o.zero_count, 'zeroCount'),
    positive: message(o.positive, 'positive', buckets),
    negative: message(o.negative, 'negative', buckets),
    flags: flags(o),
    exemplars: exemplars(o),
    min: jsonOptionalDouble(o.min, 'min'),
    max: jsonOptionalDouble(o.max, 'max'),
    zeroThreshold: jsonDouble(o.zeroThreshold ?? o.zero_threshold, 'zeroThreshold'),
  };
}

function summaryDataPoint(o: JsonObject): T.SummaryDataPoint {
  return {
    attributes: attributes(o.attributes),
    startTimeUnixNano: startTimeUnixNano(o),
    timeUnixNano: timeUnixNano(o),
    count: jsonUint64(o.count, 'count'),
    sum: jsonDouble(o.sum, 'sum'),
    quantileValues: jsonMessages(o.quantileValues ?? o.quantile_values, 'quantileValues', valueAtQuantile),
    flags: flags(o),
  };
}

function valueAtQuantile(o: JsonObject): T.ValueAtQuantile {
  return { quantile: jsonDouble(o.quantile, 'quantile'), value: jsonDouble(o.value, 'value') };
}

// ---- logs ----

function resourceLogs(o: JsonObject): T.ResourceLogs {
  return {
    resource: message(o.resource, 'resource', resource),
    scopeLogs: jsonMessages(o.scopeLogs ?? o.scope_logs, 'scopeLogs', scopeLogs),
    schemaUrl: schemaUrl(o),
  };
}

function scopeLogs(o: JsonObject): T.ScopeLogs {
  return {
    scope: message(o.scope, 'scope', scope),
    logRecords: jsonMessages(o.logRecords ?? o.log_records, 'logRecords', logRecord),
    schemaUrl: schemaUrl(o),
  };
}

function logRecord(o: JsonObject): T.LogRecord {
  return {
    timeUnixNano: timeUnixNano(o),
    observedTimeUnixNano: jsonUint64(o.observedTimeUnixNano ?? o.observed_time_unix_nano, 'observedTimeUnixNano'),
    severityNumber: jsonEnum(
      o.severityNumber ?? o.severity_number,
      'severityNumber',
      otlpSchema().enums.severityNumber,
    ),
    severityText: jsonString(o.severityText ?? o.severity_text, 'severityText'),
    body: anyValueField(o.body, 'body', 0),
    attributes: attributes(o.attributes),
    droppedAttributesCount: droppedAttributesCount(o),
    flags: flags(o),
    traceId: traceId(o),
    spanId: spanId(o),
    eventName: jsonString(o.eventName ?? o.event_name, 'eventName'),
  };
}

// ---- traces ----

function resourceSpans(o: JsonObject): T.ResourceSpans {
  return {
    resource: message(o.resource, 'resource', resource),
    scopeSpans: jsonMessages(o.scopeSpans ?? o.scope_spans, 'scopeSpans', scopeSpans),
    schemaUrl: schemaUrl(o),
  };
}

function scopeSpans(o: JsonObject): T.ScopeSpans {
  return {
    scope: message(o.scope, 'scope', scope),
    spans: jsonMessages(o.spans, 'spans', span),
    schemaUrl: schemaUrl(o),
  };
}

function traceState(o: JsonObject): string {
  return jsonString(o.traceState ?? o.trace_state, 'traceState');
}

function spanEvent(o: JsonObject): T.SpanEvent {
  return {
    timeUnixNano: timeUnixNano(o),
    name: jsonString(o.name, 'name'),
    attributes: attributes(o.attributes),
    droppedAttributesCount: droppedAttributesCount(o),
  };
}

function spanLink(o: JsonObject): T.SpanLink {
  return {
    traceId: traceId(o),
    spanId: spanId(o),
    traceState: traceState(o),
    attributes: attributes(o.attributes),
    droppedAttributesCount: droppedAttributesCount(o),
    flags: flags(o),
  };
}

function spanStatus(o: JsonObject): T.SpanStatus {
  return {
    message: jsonString(o.message, 'message'),
    code: jsonEnum(o.code, 'code', otlpSchema().enums.statusCode),
  };
}

function span(o: JsonObject): T.Span {
  return {
    traceId: traceId(o),
    spanId: spanId(o),
    traceState: traceState(o),
    parentSpanId: spanId(o, 'parentSpanId', 'parent_span_id'),
    flags: flags(o),
    name: jsonString(o.name, 'name'),
    kind: jsonEnum(o.kind, 'kind', otlpSchema().enums.spanKind),
    startTimeUnixNano: startTimeUnixNano(o),
    endTimeUnixNano: jsonUint64(o.endTimeUnixNano ?? o.end_time_unix_nano, 'endTimeUnixNano'),
    attributes: attributes(o.attributes),
    droppedAttributesCount: droppedAttributesCount(o),
    events: jsonMessages(o.events, 'events', spanEvent),
    droppedEventsCount: jsonUint32(o.droppedEventsCount ?? o.dropped_events_count, 'droppedEventsCount'),
    links: jsonMessages(o.links, 'links', spanLink),
    droppedLinksCount: jsonUint32(o.droppedLinksCount ?? o.dropped_links_count, 'droppedLinksCount'),
    status: message(o.status, 'status', spanStatus),
  };
}
