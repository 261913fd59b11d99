import type { Long } from 'protobufjs';

/**
 * 64-bit integers between protobufjs and `bigint`. protobufjs (with long.js present) hands every
 * int64/uint64/fixed64/sfixed64 field over as a `Long` of two 32-bit halves; going through a JS
 * number would round anything above 2^53, which nanosecond timestamps (~1.7e18) always are.
 */

/** The exact value of a protobufjs Long; signedness comes from the field's type (`Long.unsigned`). */
export function longToBigInt(value: Long): bigint {
  const low = value.low >>> 0;
  const high = value.high >>> 0;
  if (high === 0) return BigInt(low); // non-negative and below 2^32, signed or not
  const bits = (BigInt(high) << 32n) | BigInt(low);
  return value.unsigned ? bits : BigInt.asIntN(64, bits);
}

/**
 * The Long-shaped object protobufjs's writer accepts for a 64-bit field (it reads only the two
 * halves). `value` must fit the field: the caller checks the range.
 */
export function bigIntToLong(value: bigint, unsigned: boolean): Long {
  return {
    low: Number(BigInt.asIntN(32, value)),
    high: Number(BigInt.asIntN(32, value >> 32n)),
    unsigned,
  };
}
