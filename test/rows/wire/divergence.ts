import { isUtf8 } from 'node:buffer';
import protobuf from 'protobufjs';

/**
 * An independent check for the mutation test: does a body contain one of the constructs on which
 * the new reader knowingly departs from protobufjs 7 (listed in `src/rows/wire/index.ts`)? It walks
 * the body by the protobufjs reflection types of `proto/` (not by the hand-written reader's
 * tables), reading the wire format strictly, and reports the first such construct, or null.
 *
 * Up to the first departure both decoders read the same bytes the same way, so a body on which
 * they disagree must contain one; a disagreement on a body without one is a bug.
 */
export type Divergence =
  /** A known field with another wire type than declared (protobufjs reads it as declared). */
  | 'wire-type'
  /** A 32-bit varint of 6-9 bytes or > 10 bytes (protobufjs skips 5 bytes blindly), or an unknown varint > 10 bytes. */
  | 'varint-length'
  /** A 64-bit varint of 4 bytes, all with the continuation bit, ending its message (protobufjs stops there). */
  | 'int64-near-end'
  /** Field number 0 (protobufjs skips it). */
  | 'field-0'
  /** A group closed by the end-group tag of another field number (protobufjs accepts any). */
  | 'group-end'
  /** A oneof member that comes back after another member (protobufjs and protobuf pick different winners). */
  | 'oneof-order';

class Stop extends Error {
  constructor(readonly divergence: Divergence | null) {
    super(divergence ?? 'malformed');
  }
}

const MAX_DEPTH = 100;

export function findDivergence(type: protobuf.Type, body: Uint8Array): Divergence | null {
  const state = { oneofOrder: false };
  try {
    walk(type, body, 0, body.length, 0, state);
  } catch (error) {
    if (error instanceof Stop) return error.divergence ?? (state.oneofOrder ? 'oneof-order' : null);
    throw error;
  }
  return state.oneofOrder ? 'oneof-order' : null;
}

/** A cursor over `buf`, limited to `end`. */
interface Cursor {
  pos: number;
}

/** protobufjs's uint32 against a strict reading: tags, lengths, 32-bit fields. */
function varint32(buf: Uint8Array, at: Cursor, end: number): number {
  const start = at.pos;
  const { length, value } = properVarint(buf, start, end);
  let continued = end - start >= 5; // the first 5 bytes all have the continuation bit
  for (let i = 0; continued && i < 5; i++) continued = buf[start + i]! >= 0x80;
  if (continued) {
    // protobufjs: 5 bytes, then 5 more skipped whatever they are.
    if (start + 10 <= end && length !== 10) throw new Stop('varint-length');
  }
  if (length < 0 || length > 10 || (length > 5 && length !== 10)) throw new Stop(null);
  at.pos = start + length;
  return Number(value & 0xffffffffn);
}

/** protobufjs's readLongVarint against a strict reading: int64 / uint64 fields. */
function varint64(buf: Uint8Array, at: Cursor, end: number): void {
  const start = at.pos;
  if (end - start === 4 && buf[start]! >= 0x80 && buf[start + 1]! >= 0x80 && buf[start + 2]! >= 0x80 && buf[start + 3]! >= 0x80) {
    throw new Stop('int64-near-end');
  }
  const { length } = properVarint(buf, start, end);
  if (length < 0 || length > 10) throw new Stop(null);
  at.pos = start + length;
}

/** The length of the varint at `start` (-1 if it does not end before `end`) and its low 64 bits. */
function properVarint(buf: Uint8Array, start: number, end: number): { length: number; value: bigint } {
  let value = 0n;
  for (let i = start; i < end; i++) {
    const b = buf[i]!;
    if (i - start < 10) value |= BigInt(b & 0x7f) << BigInt(7 * (i - start));
    if (b < 0x80) return { length: i - start + 1, value: BigInt.asUintN(64, value) };
  }
  return { length: -1, value: 0n };
}

function expectedWireType(field: protobuf.Field): number {
  if (field.resolvedType instanceof protobuf.Type) return 2;
  switch (field.type) {
    case 'string':
    case 'bytes':
      return 2;
    case 'double':
    case 'fixed64':
    case 'sfixed64':
      return 1;
    case 'float':
    case 'fixed32':
    case 'sfixed32':
      return 5;
    default:
      return 0; // varints, enums
  }
}

const PACKABLE = new Set(['double', 'float', 'int32', 'uint32', 'sint32', 'fixed32', 'sfixed32', 'int64', 'uint64', 'sint64', 'fixed64', 'sfixed64', 'bool']);

function walk(type: protobuf.Type, buf: Uint8Array, pos: number, end: number, depth: number, state: { oneofOrder: boolean }): void {
  if (depth > MAX_DEPTH) throw new Stop(null);
  const at: Cursor = { pos };
  const oneofs = new Map<string, string[]>();
  while (at.pos < end) {
    const tag = varint32(buf, at, end);
    const number = tag >>> 3;
    const wireType = tag & 7;
    const field = type.fieldsById[number];
    if (field === undefined) {
      skip(buf, at, end, tag, depth);
      continue;
    }
    field.resolve();
    const expected = expectedWireType(field);
    const packed = field.repeated && PACKABLE.has(field.type) && wireType === 2;
    if (wireType !== expected && !packed) throw new Stop('wire-type');
    if (field.partOf !== null && field.partOf.oneof.length > 1) {
      const seq = oneofs.get(field.partOf.name) ?? [];
      seq.push(field.name);
      oneofs.set(field.partOf.name, seq);
    }
    if (packed) {
      const length = varint32(buf, at, end);
      if (length > end - at.pos) throw new Stop(null);
      const packedEnd = at.pos + length;
      if (field.type === 'uint64' || field.type === 'int64') {
        while (at.pos < packedEnd) varint64(buf, at, packedEnd);
      } else {
        if (length % 8 !== 0) throw new Stop(null);
        at.pos = packedEnd;
      }
      continue;
    }
    switch (expected) {
      case 0:
        if (field.type === 'int64' || field.type === 'uint64') varint64(buf, at, end);
        else varint32(buf, at, end);
        break;
      case 1:
      case 5: {
        const size = expected === 1 ? 8 : 4;
        if (end - at.pos < size) throw new Stop(null);
        at.pos += size;
        break;
      }
      case 2: {
        const length = varint32(buf, at, end);
        if (length > end - at.pos) throw new Stop(null);
        const start = at.pos;
        at.pos += length;
        if (field.resolvedType instanceof protobuf.Type) walk(field.resolvedType, buf, start, start + length, depth + 1, state);
        else if (field.type === 'string' && !isUtf8(buf.subarray(start, start + length))) throw new Stop(null);
        break;
      }
    }
  }
  for (const seq of oneofs.values()) {
    // protobuf: the last occurrence wins; protobufjs: the member whose first occurrence is last.
    const firstSeen: string[] = [];
    for (const name of seq) if (!firstSeen.includes(name)) firstSeen.push(name);
    if (firstSeen[firstSeen.length - 1] !== seq[seq.length - 1]) state.oneofOrder = true;
  }
}

/** protobufjs's skipType against a strict reading. */
function skip(buf: Uint8Array, at: Cursor, end: number, tag: number, depth: number): void {
  if (depth > MAX_DEPTH) throw new Stop(null);
  const wireType = tag & 7;
  const valid = wireType === 0 || wireType === 1 || wireType === 2 || wireType === 3 || wireType === 5;
  if (tag >>> 3 === 0 && valid) throw new Stop('field-0');
  switch (wireType) {
    case 0: {
      const { length } = properVarint(buf, at.pos, end);
      if (length < 0) throw new Stop(null);
      if (length > 10) throw new Stop('varint-length');
      at.pos += length;
      return;
    }
    case 1:
    case 5: {
      const size = wireType === 1 ? 8 : 4;
      if (end - at.pos < size) throw new Stop(null);
      at.pos += size;
      return;
    }
    case 2: {
      const length = varint32(buf, at, end);
      if (length > end - at.pos) throw new Stop(null);
      at.pos += length;
      return;
    }
    case 3:
      for (;;) {
        if (at.pos >= end) throw new Stop(null);
        const inner = varint32(buf, at, end);
        if ((inner & 7) === 4) {
          if (inner >>> 3 !== tag >>> 3) throw new Stop('group-end');
          return;
        }
        skip(buf, at, end, inner, depth + 1);
      }
    default:
      throw new Stop(null);
  }
}
