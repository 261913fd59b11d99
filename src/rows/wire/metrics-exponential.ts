import type { Row } from '../row.js';
import { closeEntries, NO_ROWS, openEntries, readAttribute } from './common.js';
import { bigIntOf } from './interned.js';
import { readExemplarAt } from './metric-points.js';
import type { Reader } from './reader.js';

/**
 * ExponentialHistogramDataPoint (metrics.proto) → the `exponential_histogram` struct of a row; the
 * data message around it is read by `metrics-histogram.ts`.
 */

const EXPONENTIAL_POINT_FIELDS = 0b111_1111_1111_1110; // 1..14
const BUCKETS_FIELDS = 0b110;

/** ExponentialHistogramDataPoint { repeated KeyValue attributes = 1; fixed64 start_time_unix_nano = 2;
 *  fixed64 time_unix_nano = 3; fixed64 count = 4; optional double sum = 5; sint32 scale = 6;
 *  fixed64 zero_count = 7; Buckets positive = 8; Buckets negative = 9; uint32 flags = 10;
 *  repeated Exemplar exemplars = 11; optional double min = 12; optional double max = 13;
 *  double zero_threshold = 14; } */
export function readExponentialPoint(r: Reader, temporality: string): Row {
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
