import type {
  Buckets,
  Exemplar,
  ExponentialHistogramDataPoint,
  ExportMetricsServiceRequest,
  HistogramDataPoint,
  MetricData,
  NumberDataPoint,
  SummaryDataPoint,
  ValueAtQuantile,
} from '../otlp/types.js';
import { attributesMap } from './any-value.js';
import { aggregationTemporalityName } from './enums.js';
import type { FlattenResult } from './flatten-result.js';
import { idHex } from './ids.js';
import { metricPointProblem } from './long-range.js';
import { toDouble, toInt } from './numbers.js';
import { joinMessages, Rejections } from './rejections.js';
import { resourceStruct, scopeStruct } from './resource-scope.js';
import type { MapEntries, Row } from './row.js';

/**
 * ExportMetricsServiceRequest → rows of the v1 metrics table (`sql/otel_metrics.sql`): one row per
 * data point.
 *
 * - `metric_type` names the one struct column that is set (`gauge`, `sum`, `histogram`,
 *   `exponential_histogram`, `summary`); the other four are NULL.
 * - `name`, `description`, `unit`, `resource_schema_url`, `metric_schema_url` are written as sent,
 *   `""` included: proto3 cannot tell an empty string from an absent one, and `""` is what the
 *   client's message holds. Only AnyValues have an "empty" that becomes NULL (see `any-value.ts`).
 * - A number value (`value` of gauge/sum points, exemplars) is a DOUBLE: `as_int` is converted to
 *   the nearest double; a point with neither `as_double` nor `as_int` has a NULL value.
 * - Absent `sum`/`min`/`max` of (exponential) histograms are NULL.
 * - Times and counts (LONG) are the exact 64-bit values; a point with one past 2^63-1 is
 *   rejected (`long-range.ts`), counted in `rejected` with a message naming the field.
 * - An absent `positive`/`negative` bucket message of an exponential histogram point is
 *   `{offset: 0, bucket_counts: []}`: proto3 reads an absent message as its default, which here
 *   means "no buckets", and there is nothing to tell apart from an empty one.
 * - A metric with none of the five data fields has no data points and so produces no rows; the
 *   result's `rejectionMessage` names such metrics (with `rejected` 0, since no data point was
 *   refused) so the client learns that they were not stored. A metric with an empty data point
 *   list produces no rows and no message: it had nothing to report.
 *
 * `metadata`, resource and scope structs are built once per metric / resource / scope and shared
 * by the rows under it, as are the arrays of the request that need no conversion
 * (`explicit_bounds`, `bucket_counts`): rows are read-only.
 */
export function flattenMetrics(req: ExportMetricsServiceRequest): FlattenResult {
  const rows: Row[] = [];
  const rejections = new Rejections('data point', 'data points');
  let metricsWithoutData = 0;
  const namesWithoutData: string[] = [];

  for (const rm of req.resourceMetrics) {
    const resource = resourceStruct(rm.resource);
    for (const sm of rm.scopeMetrics) {
      const scope = scopeStruct(sm.scope);
      for (const metric of sm.metrics) {
        const data = metric.data;
        if (data === null) {
          metricsWithoutData++;
          if (namesWithoutData.length < MAX_NAMES_IN_MESSAGE) namesWithoutData.push(metric.name);
          continue;
        }
        if (data.dataPoints.length === 0) continue;
        const context: MetricContext = {
          name: metric.name,
          description: metric.description,
          unit: metric.unit,
          metadata: attributesMap(metric.metadata),
          resource,
          resourceSchemaUrl: rm.schemaUrl,
          scope,
          scopeSchemaUrl: sm.schemaUrl,
          rows,
          rejections,
        };
        switch (data.type) {
          case 'gauge':
            for (const dp of data.dataPoints) addPoint(context, 'gauge', gaugePoint(dp));
            break;
          case 'sum': {
            const temporality = aggregationTemporalityName(data.aggregationTemporality);
            for (const dp of data.dataPoints) {
              addPoint(context, 'sum', sumPoint(dp, temporality, data.isMonotonic));
            }
            break;
          }
          case 'histogram': {
            const temporality = aggregationTemporalityName(data.aggregationTemporality);
            for (const dp of data.dataPoints) {
              addPoint(context, 'histogram', histogramPoint(dp, temporality));
            }
            break;
          }
          case 'exponential_histogram': {
            const temporality = aggregationTemporalityName(data.aggregationTemporality);
            for (const dp of data.dataPoints) {
              addPoint(context, 'exponential_histogram', exponentialHistogramPoint(dp, temporality));
            }
            break;
          }
          case 'summary':
            for (const dp of data.dataPoints) addPoint(context, 'summary', summaryPoint(dp));
            break;
        }
      }
    }
  }

  return {
    rows,
    rejected: rejections.count,
    rejectionMessage: joinMessages(rejections.message(), noDataMessage(metricsWithoutData, namesWithoutData)),
  };
}

/** The `type` of a metric's data: also the name of its struct column. */
export type MetricType = MetricData['type'];

/** What every row of one metric shares. */
export interface MetricRowContext {
  name: string;
  description: string;
  unit: string;
  metadata: MapEntries;
  resource: Row;
  resourceSchemaUrl: string;
  scope: Row;
  scopeSchemaUrl: string;
}

interface MetricContext extends MetricRowContext {
  rows: Row[];
  rejections: Rejections;
}

/** A point's row, or its rejection when a LONG value does not fit (`long-range.ts`). */
function addPoint(c: MetricContext, type: MetricType, point: Row): void {
  const problem = metricPointProblem(type, point);
  if (problem === null) c.rows.push(metricRow(c, type, point));
  else c.rejections.add(problem);
}

/** How many names of metrics without data a rejection message lists. */
export const MAX_NAMES_IN_MESSAGE = 3;
const MAX_NAME_LENGTH_IN_MESSAGE = 100;

/** The rejection message for metrics without data points. Shared with `rows/wire/metrics.ts`. */
export function noDataMessage(count: number, names: string[]): string {
  if (count === 0) return '';
  const listed = names
    .map((n) => JSON.stringify(n.length > MAX_NAME_LENGTH_IN_MESSAGE ? n.slice(0, MAX_NAME_LENGTH_IN_MESSAGE) + '…' : n))
    .join(', ');
  const more = count > names.length ? `, and ${count - names.length} more` : '';
  return (
    `${count} metric${count === 1 ? '' : 's'} had no data (none of gauge, sum, histogram, ` +
    `exponential_histogram, summary) and ${count === 1 ? 'was' : 'were'} not stored: ${listed}${more}`
  );
}

/** One data point's row: the metric's shared columns, and `point` in the struct column of its type. Shared with `rows/wire/`. */
export function metricRow(c: MetricRowContext, type: MetricType, point: Row): Row {
  return {
    name: c.name,
    description: c.description,
    unit: c.unit,
    metric_type: type,
    gauge: type === 'gauge' ? point : null,
    sum: type === 'sum' ? point : null,
    histogram: type === 'histogram' ? point : null,
    exponential_histogram: type === 'exponential_histogram' ? point : null,
    summary: type === 'summary' ? point : null,
    metadata: c.metadata,
    resource: c.resource,
    resource_schema_url: c.resourceSchemaUrl,
    instrumentation_scope: c.scope,
    metric_schema_url: c.scopeSchemaUrl,
  };
}

function gaugePoint(dp: NumberDataPoint): Row {
  return {
    start_time_unix_nano: dp.startTimeUnixNano,
    time_unix_nano: dp.timeUnixNano,
    value: toDouble(dp.value),
    exemplars: exemplarList(dp.exemplars),
    attributes: attributesMap(dp.attributes),
    flags: toInt(dp.flags),
  };
}

function sumPoint(dp: NumberDataPoint, aggregationTemporality: string, isMonotonic: boolean): Row {
  return {
    start_time_unix_nano: dp.startTimeUnixNano,
    time_unix_nano: dp.timeUnixNano,
    value: toDouble(dp.value),
    exemplars: exemplarList(dp.exemplars),
    attributes: attributesMap(dp.attributes),
    flags: toInt(dp.flags),
    aggregation_temporality: aggregationTemporality,
    is_monotonic: isMonotonic,
  };
}

function histogramPoint(dp: HistogramDataPoint, aggregationTemporality: string): Row {
  return {
    start_time_unix_nano: dp.startTimeUnixNano,
    time_unix_nano: dp.timeUnixNano,
    count: dp.count,
    sum: dp.sum,
    bucket_counts: dp.bucketCounts,
    explicit_bounds: dp.explicitBounds,
    exemplars: exemplarList(dp.exemplars),
    attributes: attributesMap(dp.attributes),
    flags: toInt(dp.flags),
    min: dp.min,
    max: dp.max,
    aggregation_temporality: aggregationTemporality,
  };
}

function exponentialHistogramPoint(dp: ExponentialHistogramDataPoint, aggregationTemporality: string): Row {
  return {
    attributes: attributesMap(dp.attributes),
    start_time_unix_nano: dp.startTimeUnixNano,
    time_unix_nano: dp.timeUnixNano,
    count: dp.count,
    sum: dp.sum,
    scale: toInt(dp.scale),
    zero_count: dp.zeroCount,
    positive_bucket: bucketStruct(dp.positive),
    negative_bucket: bucketStruct(dp.negative),
    flags: toInt(dp.flags),
    exemplars: exemplarList(dp.exemplars),
    min: dp.min,
    max: dp.max,
    zero_threshold: dp.zeroThreshold,
    aggregation_temporality: aggregationTemporality,
  };
}

function summaryPoint(dp: SummaryDataPoint): Row {
  return {
    start_time_unix_nano: dp.startTimeUnixNano,
    time_unix_nano: dp.timeUnixNano,
    count: dp.count,
    sum: dp.sum,
    quantile_values: quantileList(dp.quantileValues),
    attributes: attributesMap(dp.attributes),
    flags: toInt(dp.flags),
  };
}

function bucketStruct(buckets: Buckets | null): Row {
  if (buckets === null) return { offset: 0, bucket_counts: [] };
  return { offset: toInt(buckets.offset), bucket_counts: buckets.bucketCounts };
}

function exemplarList(exemplars: Exemplar[]): Row[] {
  const out: Row[] = [];
  for (let i = 0; i < exemplars.length; i++) {
    const e = exemplars[i];
    out.push({
      time_unix_nano: e.timeUnixNano,
      value: toDouble(e.value),
      span_id: idHex(e.spanId),
      trace_id: idHex(e.traceId),
      filtered_attributes: attributesMap(e.filteredAttributes),
    });
  }
  return out;
}

function quantileList(quantiles: ValueAtQuantile[]): Row[] {
  const out: Row[] = [];
  for (let i = 0; i < quantiles.length; i++) {
    out.push({ quantile: quantiles[i].quantile, value: quantiles[i].value });
  }
  return out;
}
