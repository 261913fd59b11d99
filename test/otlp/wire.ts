/**
 * A minimal protobuf wire-format writer for hand-built test bodies. It is deliberately independent
 * of `proto/` and of protobufjs, so that field numbers and wire types written here are checked
 * against the decoder rather than derived from the same schema.
 */

type Part = Uint8Array;

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LEN = 2;
const WIRE_FIXED32 = 5;

export function concat(...parts: Part[]): Uint8Array {
  return Uint8Array.from(Buffer.concat(parts));
}

function varintBytes(value: bigint): Uint8Array {
  let v = BigInt.asUintN(64, value);
  const out: number[] = [];
  do {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v === 0n ? byte : byte | 0x80);
  } while (v !== 0n);
  return Uint8Array.from(out);
}

function tag(field: number, wireType: number): Uint8Array {
  return varintBytes(BigInt((field << 3) | wireType));
}

/** varint field: int32/int64/uint32/uint64/bool/enum (two's complement for negatives). */
export function varint(field: number, value: bigint | number | boolean): Uint8Array {
  const v = typeof value === 'boolean' ? (value ? 1n : 0n) : BigInt(value);
  return concat(tag(field, WIRE_VARINT), varintBytes(v));
}

/** sint32/sint64 field (zigzag). */
export function sint(field: number, value: number): Uint8Array {
  const v = BigInt(value);
  return concat(tag(field, WIRE_VARINT), varintBytes(v >= 0n ? v << 1n : (-v << 1n) - 1n));
}

export function fixed64(field: number, value: bigint): Uint8Array {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt.asUintN(64, value));
  return concat(tag(field, WIRE_FIXED64), b);
}

export function fixed32(field: number, value: number): Uint8Array {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value >>> 0);
  return concat(tag(field, WIRE_FIXED32), b);
}

export function double(field: number, value: number): Uint8Array {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(value);
  return concat(tag(field, WIRE_FIXED64), b);
}

/** Length-delimited field holding raw bytes (bytes, string, or an embedded message). */
export function bytes(field: number, value: Uint8Array): Uint8Array {
  return concat(tag(field, WIRE_LEN), varintBytes(BigInt(value.length)), value);
}

export function string(field: number, value: string): Uint8Array {
  return bytes(field, Buffer.from(value, 'utf8'));
}

/** Embedded message field made of the given fields. */
export function message(field: number, ...fields: Uint8Array[]): Uint8Array {
  return bytes(field, concat(...fields));
}

/** Packed repeated fixed64. */
export function packedFixed64(field: number, values: bigint[]): Uint8Array {
  const b = Buffer.alloc(8 * values.length);
  values.forEach((v, i) => b.writeBigUInt64LE(v, 8 * i));
  return bytes(field, b);
}

/** Packed repeated varint (uint64). */
export function packedVarint(field: number, values: bigint[]): Uint8Array {
  return bytes(field, concat(...values.map(varintBytes)));
}

/** Packed repeated double. */
export function packedDouble(field: number, values: number[]): Uint8Array {
  const b = Buffer.alloc(8 * values.length);
  values.forEach((v, i) => b.writeDoubleLE(v, 8 * i));
  return bytes(field, b);
}
