import type { FlattenResult } from '../flatten-result.js';
import { MAX_NAMES_IN_MESSAGE, noDataMessage } from '../metrics.js';
import { joinMessages, Rejections } from '../rejections.js';
import type { Row } from '../row.js';
import { closeEntries, openEntries, readAttribute } from './common.js';
import { type EnvelopeNames, readEnvelope } from './envelope.js';
import type { MetricContext } from './metric-points.js';
import { readHistogramData } from './metrics-histogram.js';
import { readNumberData } from './metrics-number.js';
import { readSummaryData } from './metrics-summary.js';
import type { Reader } from './reader.js';

/**
 * ExportMetricsServiceRequest bytes → rows of the v1 metrics table, the rows of
 * `src/rows/metrics.ts` (one per data point). Field numbers, from metrics.proto:
 *
 *   ExportMetricsServiceRequest { repeated ResourceMetrics resource_metrics = 1; }
 *   Metric { string name = 1; string description = 2; string unit = 3;
 *            oneof data { Gauge gauge = 5; Sum sum = 7; Histogram histogram = 9;
 *                         ExponentialHistogram exponential_histogram = 10; Summary summary = 11; }
 *            repeated KeyValue metadata = 12; }
 *   Gauge { repeated NumberDataPoint data_points = 1; }
 *   Sum { repeated NumberDataPoint data_points = 1; AggregationTemporality aggregation_temporality = 2;
 *         bool is_monotonic = 3; }
 *   Histogram / ExponentialHistogram { repeated ...DataPoint data_points = 1;
 *                                      AggregationTemporality aggregation_temporality = 2; }
 *   Summary { repeated SummaryDataPoint data_points = 1; }
 *
 * Every row of a metric needs `metadata` (field 12, after the data on the wire) and the data
 * message's temporality (after its points): a first pass over the message reads those and steps
 * over the rest by length, a second pass reads the points.
 *
 * One file per data kind: `metrics-number.ts` (gauge and sum), `metrics-histogram.ts`,
 * `metrics-exponential.ts`, `metrics-summary.ts`; the rows and exemplars they share in
 * `metric-points.ts`.
 *
 * Depths (for the nesting limit): request 0, ResourceMetrics 1, ScopeMetrics 2, Metric 3, data 4,
 * data point 5, exemplar / buckets / quantile 6.
 */

interface Output {
  rows: Row[];
  rejections: Rejections;
  metricsWithoutData: number;
  namesWithoutData: string[];
}

const GAUGE_TAG = (5 << 3) | 2;
const SUM_TAG = (7 << 3) | 2;
const HISTOGRAM_TAG = (9 << 3) | 2;
const EXPONENTIAL_HISTOGRAM_TAG = (10 << 3) | 2;
const SUMMARY_TAG = (11 << 3) | 2;

const METRIC_FIELDS = 0b1_1110_1010_1110; // 1..3, 5, 7, 9..12

export function readMetricsRequest(r: Reader): FlattenResult {
  const out: Output = { rows: [], rejections: new Rejections('data point', 'data points'), metricsWithoutData: 0, namesWithoutData: [] };
  readEnvelope(r, METRICS, (r, c) => readMetric(r, out, c.resource, c.resourceSchemaUrl, c.scope, c.scopeSchemaUrl));
  return {
    rows: out.rows,
    rejected: out.rejections.count,
    rejectionMessage: joinMessages(out.rejections.message(), noDataMessage(out.metricsWithoutData, out.namesWithoutData)),
  };
}

export const METRICS: EnvelopeNames = {
  request: 'ExportMetricsServiceRequest',
  resource: 'ResourceMetrics',
  resources: 'resourceMetrics',
  scope: 'ScopeMetrics',
  scopes: 'scopeMetrics',
  records: 'metrics',
};

function readMetric(r: Reader, out: Output, resource: Row, resourceSchemaUrl: string, scope: Row, scopeSchemaUrl: string): void {
  const outer = r.enter();
  const end = r.limit;
  let name = '';
  let description = '';
  let unit = '';
  const metadataList = openEntries(3);
  // The data field: the last one on the wire wins; earlier ones (tag, position pairs) are only checked.
  let dataTag = 0;
  let dataPos = -1;
  let replaced: number[] | null = null;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case (1 << 3) | 2: // name = 1, string
        name = r.string();
        break;
      case (2 << 3) | 2: // description = 2, string
        description = r.string();
        break;
      case (3 << 3) | 2: // unit = 3, string
        unit = r.string();
        break;
      case (12 << 3) | 2: // repeated metadata = 12, KeyValue
        readAttribute(r, 4, metadataList);
        break;
      case GAUGE_TAG:
      case SUM_TAG:
      case HISTOGRAM_TAG:
      case EXPONENTIAL_HISTOGRAM_TAG:
      case SUMMARY_TAG:
        if (dataPos >= 0) (replaced ??= []).push(dataTag, dataPos);
        dataTag = tag;
        dataPos = r.pos;
        r.skipChecked(tag, 3);
        break;
      default:
        r.skip(tag, 3, METRIC_FIELDS, 'Metric');
    }
  }
  const metadata = closeEntries(metadataList);

  if (dataPos < 0) {
    out.metricsWithoutData++;
    if (out.namesWithoutData.length < MAX_NAMES_IN_MESSAGE) out.namesWithoutData.push(name);
  } else {
    if (replaced !== null) {
      // protobufjs decodes every occurrence (so wire and UTF-8 errors count) but the old path
      // converts, and so checks the ids of, only the member it keeps.
      r.strictIds = false;
      for (let k = 0; k < replaced.length; k += 2) {
        r.pos = replaced[k + 1];
        readData(r, replaced[k], null);
      }
      r.strictIds = true;
    }
    r.pos = dataPos;
    readData(r, dataTag, {
      rows: out.rows,
      rejections: out.rejections,
      name,
      description,
      unit,
      metadata,
      resource,
      resourceSchemaUrl,
      scope,
      scopeSchemaUrl,
    });
    r.pos = end;
  }
  r.leave(outer);
}

function readData(r: Reader, tag: number, c: MetricContext | null): void {
  switch (tag) {
    case GAUGE_TAG:
      return readNumberData(r, c, false);
    case SUM_TAG:
      return readNumberData(r, c, true);
    case HISTOGRAM_TAG:
      return readHistogramData(r, c, false);
    case EXPONENTIAL_HISTOGRAM_TAG:
      return readHistogramData(r, c, true);
    case SUMMARY_TAG:
      return readSummaryData(r, c);
  }
}
