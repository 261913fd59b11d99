/**
 * Numbers into the column types of `row.ts`.
 *
 * OTLP's unsigned fields are wider than the signed columns of the v1 tables: `fixed64` times and
 * `uint64` counts go into LONG (signed 64-bit), `uint32` flags and dropped counts into INT (signed
 * 32-bit). A value beyond the column's signed range is stored as the same bits, read as two's
 * complement (what Parquet does for an unsigned integer in a signed column, and what a Go
 * `int64(u)` conversion does). Nothing is clamped or dropped, and the original value can be read
 * back (`x & 0xFFFF_FFFF_FFFF_FFFF` for a LONG, `x >>> 0` for an INT). Real data stays far inside
 * the range (nanosecond times reach 2^63 in the year 2262), so this only decides what happens to
 * garbage.
 */

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** A 64-bit integer as a LONG column value. */
export function toLong(value: bigint): bigint {
  return value > INT64_MAX || value < INT64_MIN ? BigInt.asIntN(64, value) : value;
}

/** A list of 64-bit integers as an ARRAY<LONG>; the array itself when every value already fits. */
export function toLongArray(values: bigint[]): bigint[] {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v > INT64_MAX || v < INT64_MIN) return values.map(toLong);
  }
  return values;
}

/** A 32-bit integer (`uint32` or `int32` field) as an INT column value. */
export function toInt(value: number): number {
  return value | 0;
}

/** An OTLP number value (`asDouble` as a number, `asInt` as a bigint) as a DOUBLE; NULL when unset. */
export function toDouble(value: number | bigint | null): number | null {
  // Number(bigint) rounds to the nearest double, so an asInt above 2^53 loses only what a DOUBLE
  // column cannot hold anyway.
  return typeof value === 'bigint' ? Number(value) : value;
}
