import type { Row } from '../row.js';
import { closeEntries, NO_ROWS, openEntries, readAttribute, rethrowAt } from './common.js';
import { addPoint, type MetricContext } from './metric-points.js';
import type { Reader } from './reader.js';

/**
 * Summary data (metrics.proto) → rows, one per SummaryDataPoint:
 *
 *   Summary { repeated SummaryDataPoint data_points = 1; }
 */

const SUMMARY_FIELDS = 0b10;
const SUMMARY_POINT_FIELDS = 0b1_1111_1100; // 2..8
const QUANTILE_FIELDS = 0b110;

export function readSummaryData(r: Reader, c: MetricContext | null): void {
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
