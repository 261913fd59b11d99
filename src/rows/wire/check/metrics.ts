import { MAX_NAMES_IN_MESSAGE } from '../../metrics.js';
import { rethrowAt } from '../common.js';
import type { CheckReader } from './reader.js';
import { EXPONENTIAL_POINT, HISTOGRAM_POINT, KEY_VALUE, NUMBER_POINT, SUMMARY_POINT } from './shapes.js';
import { type Shape, walk } from './walk.js';

/**
 * The check-only walk of a Metric (`../metrics.ts` reads the same bytes into rows, and quotes
 * metrics.proto): the same two passes in the same order, so that the first error is the same.
 * Counts the data points that would become rows; the names of metrics without data are kept for
 * the rejection message.
 */

/** What the metrics of one request came to. */
export interface MetricsTally {
  points: number;
  /** A point had a LONG value past 2^63-1: its rejection message needs the row decoder. */
  overflow: boolean;
  metricsWithoutData: number;
  namesWithoutData: string[];
}

/** A Metric.data member: the message and how the row decoder walks it. */
interface DataShape {
  message: string;
  /** Its declared fields, for wrong-wire-type errors. */
  known: number;
  /** Whether a first pass reads its varint fields (temporality, monotonic) before the points. */
  twoPass: boolean;
  /** Its name in error paths (`sum.dataPoints[3]`). */
  field: string;
  point: Shape;
}

const DATA: Record<number, DataShape> = {
  [(5 << 3) | 2]: { message: 'Gauge', known: 0b10, twoPass: false, field: 'gauge', point: NUMBER_POINT },
  [(7 << 3) | 2]: { message: 'Sum', known: 0b1110, twoPass: true, field: 'sum', point: NUMBER_POINT },
  [(9 << 3) | 2]: { message: 'Histogram', known: 0b110, twoPass: true, field: 'histogram', point: HISTOGRAM_POINT },
  [(10 << 3) | 2]: {
    message: 'ExponentialHistogram',
    known: 0b110,
    twoPass: true,
    field: 'exponentialHistogram',
    point: EXPONENTIAL_POINT,
  },
  [(11 << 3) | 2]: { message: 'Summary', known: 0b10, twoPass: false, field: 'summary', point: SUMMARY_POINT },
};

const METRIC_FIELDS = 0b1_1110_1010_1110; // 1..3, 5, 7, 9..12
const POINTS_TAG = (1 << 3) | 2;

/** Checks the Metric at `r.pos` (depth 3) and adds what it holds to `out`. */
export function checkMetric(r: CheckReader, out: MetricsTally): void {
  const outer = r.enter();
  const end = r.limit;
  let nameStart = -1;
  let nameEnd = -1;
  // The data field: the last one on the wire wins; earlier ones (tag, position pairs) are only checked.
  let dataTag = 0;
  let dataPos = -1;
  let replaced: number[] | null = null;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === ((1 << 3) | 2)) {
      nameStart = r.skipString(); // name = 1
      nameEnd = r.pos;
    } else if (tag === ((2 << 3) | 2) || tag === ((3 << 3) | 2)) {
      r.skipString(); // description = 2, unit = 3
    } else if (tag === ((12 << 3) | 2)) {
      walk(r, KEY_VALUE, 4); // repeated metadata = 12
    } else if (DATA[tag] !== undefined) {
      if (dataPos >= 0) (replaced ??= []).push(dataTag, dataPos);
      dataTag = tag;
      dataPos = r.pos;
      r.skipChecked(tag, 3);
    } else {
      r.skip(tag, 3, METRIC_FIELDS, 'Metric');
    }
  }
  if (dataPos < 0) {
    out.metricsWithoutData++;
    if (out.namesWithoutData.length < MAX_NAMES_IN_MESSAGE) out.namesWithoutData.push(nameStart < 0 ? '' : r.textAt(nameStart, nameEnd));
  } else {
    if (replaced !== null) {
      // As in the row decoder: a replaced member is checked, but not its ids, and adds no rows.
      r.strictIds = false;
      for (let k = 0; k < replaced.length; k += 2) {
        r.pos = replaced[k + 1];
        checkData(r, DATA[replaced[k]], null);
      }
      r.strictIds = true;
    }
    r.pos = dataPos;
    checkData(r, DATA[dataTag], out);
    r.pos = end;
  }
  r.leave(outer);
}

/** A Gauge / Sum / Histogram / ExponentialHistogram / Summary message (depth 4); `out` null: replaced, count nothing. */
function checkData(r: CheckReader, data: DataShape, out: MetricsTally | null): void {
  const outer = r.enter();
  const start = r.pos;
  const end = r.limit;
  if (data.twoPass) {
    while (r.pos < end) {
      const tag = r.uint32();
      const field = tag >>> 3;
      // aggregation_temporality = 2 (and Sum's is_monotonic = 3): enum and bool, read as uint32
      if ((tag & 7) === 0 && field > 1 && field < 32 && (data.known >>> field) & 1) r.uint32();
      else if (tag === POINTS_TAG) r.skipChecked(tag, 4);
      else r.skip(tag, 4, data.known, data.message);
    }
    r.pos = start;
  }
  let i = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === POINTS_TAG) {
      try {
        r.longOverflow = false;
        walk(r, data.point, 5);
      } catch (error) {
        rethrowAt(error, `${data.field}.dataPoints[${i}]`);
      }
      if (out !== null) {
        if (r.longOverflow) out.overflow = true;
        else out.points++;
      }
      i++;
    } else if (data.twoPass) {
      r.skipChecked(tag, 4);
    } else {
      r.skip(tag, 4, data.known, data.message);
    }
  }
  r.leave(outer);
}
