import { aggregationTemporalityName } from '../enums.js';
import type { FlattenResult } from '../flatten-result.js';
import { metricPointProblem } from '../long-range.js';
import { MAX_NAMES_IN_MESSAGE, noDataMessage } from '../metrics.js';
import { joinMessages, Rejections } from '../rejections.js';
import type { MapEntries, Row } from '../row.js';
import { closeEntries, NO_ROWS, openEntries, readAttribute, rethrowAt } from './common.js';
import { type EnvelopeNames, readEnvelope } from './envelope.js';
import { bigIntOf } from './interned.js';
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
 * Depths (for the nesting limit): request 0, ResourceMetrics 1, ScopeMetrics 2, Metric 3, data 4,
 * data point 5, exemplar / buckets / quantile 6.
 */

interface Output {
  rows: Row[];
  rejections: Rejections;
  metricsWithoutData: number;
  namesWithoutData: string[];
}

/** What every row of one metric shares (`null` context: a replaced data field, read to be checked only). */
interface MetricContext {
  rows: Row[];
  rejections: Rejections;
  name: string;
  description: string;
  unit: string;
  metadata: MapEntries;
  resource: Row;
  resourceSchemaUrl: string;
  scope: Row;
  scopeSchemaUrl: string;
}

type MetricType = 'gauge' | 'sum' | 'histogram' | 'exponential_histogram' | 'summary';

const GAUGE_TAG = (5 << 3) | 2;
const SUM_TAG = (7 << 3) | 2;
const HISTOGRAM_TAG = (9 << 3) | 2;
const EXPONENTIAL_HISTOGRAM_TAG = (10 << 3) | 2;
const SUMMARY_TAG = (11 << 3) | 2;

const METRIC_FIELDS = 0b1_1110_1010_1110; // 1..3, 5, 7, 9..12
const GAUGE_FIELDS = 0b10;
const SUM_FIELDS = 0b1110;
const HISTOGRAM_FIELDS = 0b110;
const SUMMARY_FIELDS = 0b10;
const NUMBER_POINT_FIELDS = 0b1_1111_1100; // 2..8
const EXEMPLAR_FIELDS = 0b1111_1100; // 2..7
const HISTOGRAM_POINT_FIELDS = 0b1_1111_1111_1100; // 2..12
const EXPONENTIAL_POINT_FIELDS = 0b111_1111_1111_1110; // 1..14
const BUCKETS_FIELDS = 0b110;
const SUMMARY_POINT_FIELDS = 0b1_1111_1100; // 2..8
const QUANTILE_FIELDS = 0b110;

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

function metricRow(c: MetricContext, type: MetricType, point: Row): Row {
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

/**
 * A point's row, or its rejection when a LONG value does not fit (as `src/rows/metrics.ts`); the
 * point is looked at only when the reader saw such a value while reading it.
 */
function addPoint(r: Reader, c: MetricContext, type: MetricType, point: Row): void {
  const problem = r.longOverflow ? metricPointProblem(type, point) : null;
  if (problem === null) c.rows.push(metricRow(c, type, point));
  else c.rejections.add(problem);
}

// ---- gauge and sum ----

function readNumberData(r: Reader, c: MetricContext | null, sum: boolean): void {
  const outer = r.enter();
  const start = r.pos;
  const end = r.limit;
  let temporality = 0;
  let monotonic = false;
  if (sum) {
    while (r.pos < end) {
      const tag = r.uint32();
      if (tag === ((2 << 3) | 0)) temporality = r.uint32() | 0; // aggregation_temporality = 2, enum
      else if (tag === ((3 << 3) | 0)) monotonic = r.uint32() !== 0; // is_monotonic = 3, bool
      else if (tag === ((1 << 3) | 2)) r.skipChecked(tag, 4); // repeated data_points = 1, NumberDataPoint (read on a second pass)
      else r.skip(tag, 4, SUM_FIELDS, 'Sum');
    }
    r.pos = start;
  }
  const temporalityName = aggregationTemporalityName(temporality);
  const field = sum ? 'sum' : 'gauge';
  let i = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === ((1 << 3) | 2)) { // repeated data_points = 1, NumberDataPoint
      try {
        r.longOverflow = false;
        const point = readNumberPoint(r, sum, temporalityName, monotonic);
        if (c !== null) addPoint(r, c, field, point);
      } catch (error) {
        rethrowAt(error, `${field}.dataPoints[${i}]`);
      }
      i++;
    } else if (sum) {
      r.skipChecked(tag, 4);
    } else {
      r.skip(tag, 4, GAUGE_FIELDS, 'Gauge');
    }
  }
  r.leave(outer);
}

/** NumberDataPoint { repeated KeyValue attributes = 7; fixed64 start_time_unix_nano = 2;
 *  fixed64 time_unix_nano = 3; oneof value { double as_double = 4; sfixed64 as_int = 6; }
 *  repeated Exemplar exemplars = 5; uint32 flags = 8; } */
function readNumberPoint(r: Reader, sum: boolean, temporality: string, monotonic: boolean): Row {
  const outer = r.enter();
  const end = r.limit;
  let start = 0n;
  let time = 0n;
  let value: number | null = null;
  let exemplars: Row[] = NO_ROWS;
  const list = openEntries(5);
  let flags = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case (7 << 3) | 2: // repeated attributes = 7, KeyValue
        readAttribute(r, 6, list);
        break;
      case (2 << 3) | 1: // start_time_unix_nano = 2, fixed64
        start = r.fixed64Long();
        break;
      case (3 << 3) | 1: // time_unix_nano = 3, fixed64
        time = r.fixed64Long();
        break;
      case (4 << 3) | 1: // as_double = 4, double
        value = r.double();
        break;
      case (6 << 3) | 1: // as_int = 6, sfixed64
        value = r.sfixed64Double();
        break;
      case (5 << 3) | 2: // repeated exemplars = 5, Exemplar
        exemplars = readExemplarAt(r, exemplars);
        break;
      case (8 << 3) | 0: // flags = 8, uint32
        flags = r.uint32() | 0;
        break;
      default:
        r.skip(tag, 5, NUMBER_POINT_FIELDS, 'NumberDataPoint');
    }
  }
  r.leave(outer);
  const attributes = closeEntries(list);
  if (sum) {
    return {
      start_time_unix_nano: start,
      time_unix_nano: time,
      value,
      exemplars,
      attributes,
      flags,
      aggregation_temporality: temporality,
      is_monotonic: monotonic,
    };
  }
  return { start_time_unix_nano: start, time_unix_nano: time, value, exemplars, attributes, flags };
}

/** Exemplar { repeated KeyValue filtered_attributes = 7; fixed64 time_unix_nano = 2;
 *  oneof value { double as_double = 3; sfixed64 as_int = 6; } bytes span_id = 4; bytes trace_id = 5; } */
function readExemplarAt(r: Reader, exemplars: Row[]): Row[] {
  const out = exemplars === NO_ROWS ? [] : exemplars;
  try {
    out.push(readExemplar(r));
  } catch (error) {
    rethrowAt(error, `exemplars[${out.length}]`);
  }
  return out;
}

function readExemplar(r: Reader): Row {
  const outer = r.enter();
  const end = r.limit;
  let time = 0n;
  let value: number | null = null;
  let spanId: string | null | number = null;
  let traceId: string | null | number = null;
  const attributes = openEntries(6);
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case (7 << 3) | 2: // repeated filtered_attributes = 7, KeyValue
        readAttribute(r, 7, attributes);
        break;
      case (2 << 3) | 1: // time_unix_nano = 2, fixed64
        time = r.fixed64Long();
        break;
      case (3 << 3) | 1: // as_double = 3, double
        value = r.double();
        break;
      case (6 << 3) | 1: // as_int = 6, sfixed64
        value = r.sfixed64Double();
        break;
      case (4 << 3) | 2: // span_id = 4, bytes
        spanId = r.id(8);
        break;
      case (5 << 3) | 2: // trace_id = 5, bytes
        traceId = r.id(16);
        break;
      default:
        r.skip(tag, 6, EXEMPLAR_FIELDS, 'Exemplar');
    }
  }
  r.leave(outer);
  // The old path checks span_id before trace_id.
  const span = r.checkId(spanId, 8, 'spanId');
  return {
    time_unix_nano: time,
    value,
    span_id: span,
    trace_id: r.checkId(traceId, 16, 'traceId'),
    filtered_attributes: closeEntries(attributes),
  };
}

// ---- histograms ----

function readHistogramData(r: Reader, c: MetricContext | null, exponential: boolean): void {
  const outer = r.enter();
  const start = r.pos;
  const end = r.limit;
  const message = exponential ? 'ExponentialHistogram' : 'Histogram';
  let temporality = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === ((2 << 3) | 0)) temporality = r.uint32() | 0; // aggregation_temporality = 2, enum
    else if (tag === ((1 << 3) | 2)) r.skipChecked(tag, 4); // repeated data_points = 1 (read on a second pass)
    else r.skip(tag, 4, HISTOGRAM_FIELDS, message);
  }
  r.pos = start;
  const temporalityName = aggregationTemporalityName(temporality);
  const field = exponential ? 'exponentialHistogram' : 'histogram';
  const type: MetricType = exponential ? 'exponential_histogram' : 'histogram';
  let i = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === ((1 << 3) | 2)) { // repeated data_points = 1
      try {
        r.longOverflow = false;
        const point = exponential
          ? readExponentialPoint(r, temporalityName)
          : readHistogramPoint(r, temporalityName);
        if (c !== null) addPoint(r, c, type, point);
      } catch (error) {
        rethrowAt(error, `${field}.dataPoints[${i}]`);
      }
      i++;
    } else {
      r.skipChecked(tag, 4);
    }
  }
  r.leave(outer);
}

/** HistogramDataPoint { repeated KeyValue attributes = 9; fixed64 start_time_unix_nano = 2;
 *  fixed64 time_unix_nano = 3; fixed64 count = 4; optional double sum = 5;
 *  repeated fixed64 bucket_counts = 6; repeated double explicit_bounds = 7;
 *  repeated Exemplar exemplars = 8; uint32 flags = 10; optional double min = 11;
 *  optional double max = 12; } */
function readHistogramPoint(r: Reader, temporality: string): Row {
  const outer = r.enter();
  const end = r.limit;
  let start = 0n;
  let time = 0n;
  let count = 0n;
  let sum: number | null = null;
  const bucketCounts: bigint[] = [];
  let explicitBounds: number[] | null = null;
  let boundsShared = false; // explicitBounds is `lastBounds`: copy it before adding to it
  let exemplars: Row[] = NO_ROWS;
  const attributes = openEntries(5);
  let flags = 0;
  let min: number | null = null;
  let max: number | null = null;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case (9 << 3) | 2: // repeated attributes = 9, KeyValue
        readAttribute(r, 6, attributes);
        break;
      case (2 << 3) | 1: // start_time_unix_nano = 2, fixed64
        start = r.fixed64Long();
        break;
      case (3 << 3) | 1: // time_unix_nano = 3, fixed64
        time = r.fixed64Long();
        break;
      case (4 << 3) | 1: // count = 4, fixed64
        count = r.fixed64Long();
        break;
      case (5 << 3) | 1: // sum = 5, double
        sum = r.double();
        break;
      case (6 << 3) | 2: // repeated bucket_counts = 6, fixed64, packed
        readPackedFixed64(r, bucketCounts);
        break;
      case (6 << 3) | 1: // repeated bucket_counts = 6, fixed64, one element
        bucketCounts.push(r.fixed64Long());
        break;
      case (7 << 3) | 2: // repeated explicit_bounds = 7, double, packed
        if (explicitBounds === null) {
          explicitBounds = readBounds(r);
          boundsShared = true;
        } else {
          if (boundsShared) explicitBounds = explicitBounds.slice();
          boundsShared = false;
          readPackedDouble(r, explicitBounds);
        }
        break;
      case (7 << 3) | 1: // repeated explicit_bounds = 7, double, one element
        if (explicitBounds === null) explicitBounds = [];
        else if (boundsShared) explicitBounds = explicitBounds.slice();
        boundsShared = false;
        explicitBounds.push(r.double());
        break;
      case (8 << 3) | 2: // repeated exemplars = 8, Exemplar
        exemplars = readExemplarAt(r, exemplars);
        break;
      case (10 << 3) | 0: // flags = 10, uint32
        flags = r.uint32() | 0;
        break;
      case (11 << 3) | 1: // min = 11, double
        min = r.double();
        break;
      case (12 << 3) | 1: // max = 12, double
        max = r.double();
        break;
      default:
        r.skip(tag, 5, HISTOGRAM_POINT_FIELDS, 'HistogramDataPoint');
    }
  }
  r.leave(outer);
  return {
    start_time_unix_nano: start,
    time_unix_nano: time,
    count,
    sum,
    bucket_counts: bucketCounts,
    explicit_bounds: explicitBounds ?? [],
    exemplars,
    attributes: closeEntries(attributes),
    flags,
    min,
    max,
    aggregation_temporality: temporality,
  };
}

/**
 * The bounds of the last histogram point that sent them packed, and their bytes: points of a
 * histogram nearly always share their bounds, and so do their rows (rows are read-only).
 */
let lastBounds: number[] = [];
let lastBoundsBytes = new Uint8Array(0);

/** A packed explicit_bounds field, as `lastBounds` when its bytes are the same. */
function readBounds(r: Reader): number[] {
  const outer = r.enter();
  const start = r.pos;
  const end = r.limit;
  const length = end - start;
  if (length % 8 !== 0) throw r.packedError();
  const buf = r.buf;
  if (length === lastBoundsBytes.length) {
    let i = 0;
    while (i < length && buf[start + i] === lastBoundsBytes[i]) i++;
    if (i === length) {
      r.pos = end;
      r.leave(outer);
      return lastBounds;
    }
  }
  const bounds: number[] = [];
  while (r.pos < end) bounds.push(r.double());
  r.leave(outer);
  lastBounds = bounds;
  lastBoundsBytes = buf.slice(start, end);
  return bounds;
}

function readPackedFixed64(r: Reader, out: bigint[]): void {
  const outer = r.enter();
  if ((r.limit - r.pos) % 8 !== 0) throw r.packedError();
  while (r.pos < r.limit) out.push(r.fixed64Long());
  r.leave(outer);
}

function readPackedDouble(r: Reader, out: number[]): void {
  const outer = r.enter();
  if ((r.limit - r.pos) % 8 !== 0) throw r.packedError();
  while (r.pos < r.limit) out.push(r.double());
  r.leave(outer);
}


/** ExponentialHistogramDataPoint { repeated KeyValue attributes = 1; fixed64 start_time_unix_nano = 2;
 *  fixed64 time_unix_nano = 3; fixed64 count = 4; optional double sum = 5; sint32 scale = 6;
 *  fixed64 zero_count = 7; Buckets positive = 8; Buckets negative = 9; uint32 flags = 10;
 *  repeated Exemplar exemplars = 11; optional double min = 12; optional double max = 13;
 *  double zero_threshold = 14; } */
function readExponentialPoint(r: Reader, temporality: string): Row {
  const outer = r.enter();
  const end = r.limit;
  const attributes = openEntries(5);
  let start = 0n;
  let time = 0n;
  let count = 0n;
  let sum: number | null = null;
  let scale = 0;
  let zeroCount = 0n;
  let positive: Row | null = null;
  let negative: Row | null = null;
  let flags = 0;
  let exemplars: Row[] = NO_ROWS;
  let min: number | null = null;
  let max: number | null = null;
  let zeroThreshold = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case (1 << 3) | 2: // repeated attributes = 1, KeyValue
        readAttribute(r, 6, attributes);
        break;
      case (2 << 3) | 1: // start_time_unix_nano = 2, fixed64
        start = r.fixed64Long();
        break;
      case (3 << 3) | 1: // time_unix_nano = 3, fixed64
        time = r.fixed64Long();
        break;
      case (4 << 3) | 1: // count = 4, fixed64
        count = r.fixed64Long();
        break;
      case (5 << 3) | 1: // sum = 5, double
        sum = r.double();
        break;
      case (6 << 3) | 0: // scale = 6, sint32
        scale = r.sint32();
        break;
      case (7 << 3) | 1: // zero_count = 7, fixed64
        zeroCount = r.fixed64Long();
        break;
      case (8 << 3) | 2: // positive = 8, Buckets
        positive = readBuckets(r);
        break;
      case (9 << 3) | 2: // negative = 9, Buckets
        negative = readBuckets(r);
        break;
      case (10 << 3) | 0: // flags = 10, uint32
        flags = r.uint32() | 0;
        break;
      case (11 << 3) | 2: // repeated exemplars = 11, Exemplar
        exemplars = readExemplarAt(r, exemplars);
        break;
      case (12 << 3) | 1: // min = 12, double
        min = r.double();
        break;
      case (13 << 3) | 1: // max = 13, double
        max = r.double();
        break;
      case (14 << 3) | 1: // zero_threshold = 14, double
        zeroThreshold = r.double();
        break;
      default:
        r.skip(tag, 5, EXPONENTIAL_POINT_FIELDS, 'ExponentialHistogramDataPoint');
    }
  }
  r.leave(outer);
  return {
    attributes: closeEntries(attributes),
    start_time_unix_nano: start,
    time_unix_nano: time,
    count,
    sum,
    scale,
    zero_count: zeroCount,
    // An absent Buckets message is proto3's default: no buckets.
    positive_bucket: positive ?? { offset: 0, bucket_counts: [] },
    negative_bucket: negative ?? { offset: 0, bucket_counts: [] },
    flags,
    exemplars,
    min,
    max,
    zero_threshold: zeroThreshold,
    aggregation_temporality: temporality,
  };
}

/** Buckets { sint32 offset = 1; repeated uint64 bucket_counts = 2; } */
function readBuckets(r: Reader): Row {
  const outer = r.enter();
  const end = r.limit;
  let offset = 0;
  const counts: bigint[] = [];
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case (1 << 3) | 0: // offset = 1, sint32
        offset = r.sint32();
        break;
      case (2 << 3) | 2: { // repeated bucket_counts = 2, uint64, packed
        // packed varints
        const packedOuter = r.enter();
        while (r.pos < r.limit) {
          const lo = r.varint64();
          counts.push(unsignedLong(r, lo));
        }
        r.leave(packedOuter);
        break;
      }
      case (2 << 3) | 0: { // repeated bucket_counts = 2, uint64, unpacked
        counts.push(unsignedLong(r, r.varint64()));
        break;
      }
      default:
        r.skip(tag, 6, BUCKETS_FIELDS, 'Buckets');
    }
  }
  r.leave(outer);
  return { offset, bucket_counts: counts };
}

/** The uint64 of the last `varint64()` (`lo`, `r.hi`) as a LONG value: its bits, as `fixed64Long()`. */
function unsignedLong(r: Reader, lo: number): bigint {
  if ((r.hi | 0) < 0) r.longOverflow = true;
  return bigIntOf(lo | 0, r.hi | 0);
}

// ---- summary ----

function readSummaryData(r: Reader, c: MetricContext | null): void {
  const outer = r.enter();
  const end = r.limit;
  let i = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === ((1 << 3) | 2)) { // repeated data_points = 1, SummaryDataPoint
      try {
        r.longOverflow = false;
        const point = readSummaryPoint(r);
        if (c !== null) addPoint(r, c, 'summary', point);
      } catch (error) {
        rethrowAt(error, `summary.dataPoints[${i}]`);
      }
      i++;
    } else {
      r.skip(tag, 4, SUMMARY_FIELDS, 'Summary');
    }
  }
  r.leave(outer);
}

/** SummaryDataPoint { repeated KeyValue attributes = 7; fixed64 start_time_unix_nano = 2;
 *  fixed64 time_unix_nano = 3; fixed64 count = 4; double sum = 5;
 *  repeated ValueAtQuantile quantile_values = 6; uint32 flags = 8; }
 *  ValueAtQuantile { double quantile = 1; double value = 2; } */
function readSummaryPoint(r: Reader): Row {
  const outer = r.enter();
  const end = r.limit;
  let start = 0n;
  let time = 0n;
  let count = 0n;
  let sum = 0;
  let quantiles: Row[] = NO_ROWS;
  const attributes = openEntries(5);
  let flags = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case (7 << 3) | 2: // repeated attributes = 7, KeyValue
        readAttribute(r, 6, attributes);
        break;
      case (2 << 3) | 1: // start_time_unix_nano = 2, fixed64
        start = r.fixed64Long();
        break;
      case (3 << 3) | 1: // time_unix_nano = 3, fixed64
        time = r.fixed64Long();
        break;
      case (4 << 3) | 1: // count = 4, fixed64
        count = r.fixed64Long();
        break;
      case (5 << 3) | 1: // sum = 5, double
        sum = r.double();
        break;
      case (6 << 3) | 2: // repeated quantile_values = 6, ValueAtQuantile
        if (quantiles === NO_ROWS) quantiles = [];
        quantiles.push(readQuantile(r));
        break;
      case (8 << 3) | 0: // flags = 8, uint32
        flags = r.uint32() | 0;
        break;
      default:
        r.skip(tag, 5, SUMMARY_POINT_FIELDS, 'SummaryDataPoint');
    }
  }
  r.leave(outer);
  return {
    start_time_unix_nano: start,
    time_unix_nano: time,
    count,
    sum,
    quantile_values: quantiles,
    attributes: closeEntries(attributes),
    flags,
  };
}

function readQuantile(r: Reader): Row {
  const outer = r.enter();
  const end = r.limit;
  let quantile = 0;
  let value = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === ((1 << 3) | 1)) quantile = r.double();
    else if (tag === ((2 << 3) | 1)) value = r.double();
    else r.skip(tag, 6, QUANTILE_FIELDS, 'ValueAtQuantile');
  }
  r.leave(outer);
  return { quantile, value };
}
