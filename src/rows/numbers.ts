/**
 * Numbers into the column types of `row.ts`.
 *
 * OTLP's unsigned fields are wider than the signed columns of the v1 tables. `fixed64` times and
 * `uint64` counts go into LONG (signed 64-bit) as they are: a value past 2^63-1 rejects its record
 * (`long-range.ts`). `uint32` flags and dropped counts go into INT (signed 32-bit) as the same bits
 * read as two's complement (what Parquet does for an unsigned integer in a signed column, and what
 * a Go `int32(u)` conversion does; `x >>> 0` reads the original back): flags are bit sets, whose
 * bits matter rather than their sign, and a dropped count never nears 2^31.
 */

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
