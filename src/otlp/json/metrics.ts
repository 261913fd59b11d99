import type * as T from '../types.js';
import { OtlpDecodeError } from '../decode-error.js';
import { otlpSchema } from '../proto-loader.js';
import { jsonBool, jsonDouble, jsonEnum, jsonInt32, jsonInt64, jsonMessages, jsonOptionalDouble, jsonScalars, jsonString, jsonUint64, type JsonObject } from '../json-values.js';
import { parseRequest, message, attributes, resource, scope, schemaUrl, traceId, spanId, flags, startTimeUnixNano, timeUnixNano } from './common.js';

/** OTLP/JSON metrics bodies (ExportMetricsServiceRequest) to the types of `types.ts`. */

export function decodeMetricsJson(text: string): T.ExportMetricsServiceRequest {
  const o = parseRequest(text, 'ExportMetricsServiceRequest');
  return { resourceMetrics: jsonMessages(o.resourceMetrics ?? o.resource_metrics, 'resourceMetrics', resourceMetrics) };
}

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
