import { aggregationTemporalityName } from '../enums.js';
import type { Row } from '../row.js';
import { closeEntries, NO_ROWS, openEntries, readAttribute, rethrowAt } from './common.js';
import type { MetricType } from '../metrics.js';
import { addPoint, type MetricContext, readExemplarAt } from './metric-points.js';
import { readExponentialPoint } from './metrics-exponential.js';
import type { Reader } from './reader.js';

/**
 * Histogram and ExponentialHistogram data (metrics.proto) → rows, one per data point (the
 * exponential points themselves in `metrics-exponential.ts`):
 *
 *   Histogram / ExponentialHistogram { repeated ...DataPoint data_points = 1;
 *                                      AggregationTemporality aggregation_temporality = 2; }
 */

const HISTOGRAM_FIELDS = 0b110;
const HISTOGRAM_POINT_FIELDS = 0b1_1111_1111_1100; // 2..12

export function readHistogramData(r: Reader, c: MetricContext | null, exponential: boolean): void {
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
 * histogram nearly always share their bounds, and so do their rows (rows are read-only). Within
 * the body they came from (`Reader.generation`), the bytes are compared where they are, 4 at a
 * time (`sameBytes`); the copy serves the next body's first point.
 */
let lastBounds: number[] = [];
let lastBoundsBytes = new Uint8Array(0);
let lastBoundsBody = 0;
let lastBoundsStart = 0;

/** A packed explicit_bounds field, as `lastBounds` when its bytes are the same. */
function readBounds(r: Reader): number[] {
  const outer = r.enter();
  const start = r.pos;
  const end = r.limit;
  const length = end - start;
  if (length % 8 !== 0) throw r.packedError();
  const buf = r.buf;
  if (length === lastBoundsBytes.length) {
    let same: boolean;
    if (lastBoundsBody === r.generation) {
      same = r.sameBytes(lastBoundsStart, start, length);
    } else {
      let i = 0;
      while (i < length && buf[start + i] === lastBoundsBytes[i]) i++;
      same = i === length;
    }
    if (same) {
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
  lastBoundsBody = r.generation;
  lastBoundsStart = start;
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
