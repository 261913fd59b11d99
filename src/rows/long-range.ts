import type { Row, RowValue } from './row.js';

/**
 * The LONG values of a row that the column cannot hold.
 *
 * Every LONG column of the v1 tables comes from an unsigned OTLP field (`fixed64` times, counts and
 * bucket counts, `uint64` exponential bucket counts), but LONG is signed: a value above 2^63-1 has
 * no exact place in it. Storing its bits would read back as a negative time or count, so the
 * record that holds one (data point, log record, span) is rejected instead and counted in the
 * response's `partial_success` (OTLP specification, "Partial Success"); the rest of the request is
 * stored. Real data never gets there (nanosecond times reach 2^63 in the year 2262).
 *
 * The rows given here come from either decode path: the flatteners keep the unsigned value as
 * sent (> 2^63-1 when out of range), the wire decoder keeps the 64 bits read as signed (negative
 * when out of range). Both are caught, and both are reported as the unsigned value sent.
 *
 * Each check looks at the fields in one fixed order (column order, then nested arrays), so that
 * both paths name the same field when a record has several.
 */

const INT64_MAX = (1n << 63n) - 1n;

/** What is wrong with the first LONG value of a metric data point that does not fit, or null. `type` is its `metric_type`. */
export function metricPointProblem(type: string, point: Row): string | null {
  return (
    scalar(point, 'start_time_unix_nano', type) ??
    scalar(point, 'time_unix_nano', type) ??
    scalar(point, 'count', type) ??
    scalar(point, 'zero_count', type) ??
    list(point.bucket_counts, `${type}.bucket_counts`) ??
    bucket(point.positive_bucket, `${type}.positive_bucket.bucket_counts`) ??
    bucket(point.negative_bucket, `${type}.negative_bucket.bucket_counts`) ??
    nested(point.exemplars, 'time_unix_nano', `${type}.exemplars`)
  );
}

/** The same for a logs row. */
export function logRowProblem(row: Row): string | null {
  return scalar(row, 'time_unix_nano', '') ?? scalar(row, 'observed_time_unix_nano', '');
}

/** The same for a spans row. */
export function spanRowProblem(row: Row): string | null {
  return (
    scalar(row, 'start_time_unix_nano', '') ??
    scalar(row, 'end_time_unix_nano', '') ??
    nested(row.events, 'time_unix_nano', 'events')
  );
}

function fits(value: bigint): boolean {
  return value >= 0n && value <= INT64_MAX;
}

function problem(field: string, value: bigint): string {
  return `${field} ${BigInt.asUintN(64, value)} does not fit a signed 64-bit LONG`;
}

function scalar(row: Row, name: string, prefix: string): string | null {
  const value = row[name];
  if (typeof value !== 'bigint' || fits(value)) return null;
  return problem(prefix === '' ? name : `${prefix}.${name}`, value);
}

function list(values: RowValue | undefined, field: string): string | null {
  if (!Array.isArray(values)) return null;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value === 'bigint' && !fits(value)) return problem(field, value);
  }
  return null;
}

function bucket(value: RowValue | undefined, field: string): string | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? list((value as Row).bucket_counts, field) : null;
}

function nested(structs: RowValue | undefined, name: string, prefix: string): string | null {
  if (!Array.isArray(structs)) return null;
  for (let i = 0; i < structs.length; i++) {
    const found = scalar(structs[i] as Row, name, prefix);
    if (found !== null) return found;
  }
  return null;
}
