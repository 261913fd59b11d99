import { aggregationTemporalityName } from '../enums.js';
import type { Row } from '../row.js';
import { closeEntries, NO_ROWS, openEntries, readAttribute, rethrowAt } from './common.js';
import { addPoint, type MetricContext, readExemplarAt } from './metric-points.js';
import type { Reader } from './reader.js';

/**
 * Gauge and Sum data (metrics.proto) → rows, one per NumberDataPoint:
 *
 *   Gauge { repeated NumberDataPoint data_points = 1; }
 *   Sum { repeated NumberDataPoint data_points = 1; AggregationTemporality aggregation_temporality = 2;
 *         bool is_monotonic = 3; }
 */

const GAUGE_FIELDS = 0b10;
const SUM_FIELDS = 0b1110;
const NUMBER_POINT_FIELDS = 0b1_1111_1100; // 2..8

export function readNumberData(r: Reader, c: MetricContext | null, sum: boolean): void {
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
