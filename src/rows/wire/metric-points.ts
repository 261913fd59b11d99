import { metricPointProblem } from '../long-range.js';
import type { Rejections } from '../rejections.js';
import { metricRow, type MetricRowContext, type MetricType } from '../metrics.js';
import type { Row } from '../row.js';
import { closeEntries, NO_ROWS, openEntries, readAttribute, rethrowAt } from './common.js';
import type { Reader } from './reader.js';

/**
 * What the data kinds of a metric (`metrics-*.ts`) share: the context of a metric's rows, adding a
 * data point's row (`metricRow`, shared with the object flattener `rows/metrics.ts`), and exemplars
 * (of number and histogram points).
 */

/** What every row of one metric shares (`null` context: a replaced data field, read to be checked only). */
export interface MetricContext extends MetricRowContext {
  rows: Row[];
  rejections: Rejections;
}

const EXEMPLAR_FIELDS = 0b1111_1100; // 2..7

/**
 * A point's row, or its rejection when a LONG value does not fit (as `src/rows/metrics.ts`); the
 * point is looked at only when the reader saw such a value while reading it.
 */
export function addPoint(r: Reader, c: MetricContext, type: MetricType, point: Row): void {
  const problem = r.longOverflow ? metricPointProblem(type, point) : null;
  if (problem === null) c.rows.push(metricRow(c, type, point));
  else c.rejections.add(problem);
}

/** Exemplar { repeated KeyValue filtered_attributes = 7; fixed64 time_unix_nano = 2;
 *  oneof value { double as_double = 3; sfixed64 as_int = 6; } bytes span_id = 4; bytes trace_id = 5; } */
export function readExemplarAt(r: Reader, exemplars: Row[]): Row[] {
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
