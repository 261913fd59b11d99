import { checkDepth } from '../any-value.js';
import { rethrowAt } from '../common.js';
import type { CheckReader } from './reader.js';
import { SeenSpans } from '../seen.js';

/**
 * The check-only walk of a message: every field read as the row decoder reads it (same wire-type,
 * varint, truncation, UTF-8, nesting and id-length checks, in the same order, so the same first
 * error with the same path), but nothing made of it: no row, no text, no bigint. A LONG value past
 * 2^63-1 sets `r.longOverflow`, as in the row decoder.
 *
 * A message is described by a `Shape` (its fields by tag, see `shapes.ts`) rather than by a
 * function per message: what the check does with a field depends only on its declared type.
 */

/** Messages of `remembered` shapes met earlier in the body, stepped over when met again. */
const seen = new SeenSpans(12);

/** What a field is, as far as checking it goes. */
export const STRING = 1;
/** A varint read as 32 bits (uint32, int32, enum, bool, sint32): the 5-or-10-byte rule applies. */
export const VARINT32 = 2;
/** A varint of 64 bits (int64 AnyValue.int_value). */
export const VARINT64 = 3;
/** 8 bytes that are not a LONG column (double, sfixed64 converted to a double). */
export const FIXED64 = 4;
/** A fixed64 LONG column value: range-checked. */
export const LONG = 5;
export const FIXED32 = 6;
export const BYTES = 7;
/** A trace or span id: its length is checked once the message is read (the last one counts). */
export const ID = 8;
export const MESSAGE = 9;
/** Packed repeated fixed64 LONG values (Histogram bucket_counts). */
export const PACKED_LONG = 10;
/** Packed repeated doubles (explicit_bounds). */
export const PACKED_DOUBLE = 11;
/** Packed repeated uint64 varints into a LONG column (Buckets.bucket_counts). */
export const PACKED_UINT64_LONG = 12;
/** One uint64 varint into a LONG column (Buckets.bucket_counts, unpacked). */
export const UINT64_LONG = 13;

export interface Field {
  kind: number;
  /** MESSAGE: the message's shape. */
  child?: Shape;
  /**
   * MESSAGE: the name of a repeated field whose elements the row decoder puts in error paths
   * (`links[2]`, `exemplars[0]`); at most one such field per message. None: errors pass as they are.
   */
  path?: string;
  /** ID: which of the message's `ids` this is. */
  id?: number;
}

/** An id field, in the order in which the row decoder checks the ids of its message. */
export interface IdField {
  size: number;
  /** Its name in error paths (`traceId`). */
  name: string;
}

export interface Shape {
  /** The message's name in errors (`Span.Event`). */
  name: string;
  /** Bit n set for each field number n the message declares (for wrong-wire-type errors). */
  known: number;
  /** By tag (field number and wire type): a known field sent with another wire type is not here. */
  fields: Array<Field | undefined>;
  ids: IdField[];
  /** AnyValue and its kin check the nesting limit on entry, as `any-value.ts` does. */
  depthChecked: boolean;
  /**
   * Whether a message of this shape whose bytes were met before in the body is stepped over
   * (KeyValue: attributes repeat from point to point, as `../any-value.ts` finds too).
   */
  remembered: boolean;
}

/** A shape from its fields by tag (`known` follows from them), to be filled in by `define` when it refers to itself. */
export function shape(name: string, fields: Record<number, Field> = {}, ids: IdField[] = [], depthChecked = false, remembered = false): Shape {
  const s: Shape = { name, known: 0, fields: [], ids, depthChecked, remembered };
  define(s, fields);
  return s;
}

/** Sets the fields of `s` (for shapes that refer to each other, defined after they exist). */
export function define(s: Shape, fields: Record<number, Field>): void {
  const tags = Object.keys(fields).map(Number);
  const byTag: Array<Field | undefined> = new Array(Math.max(0, ...tags) + 1).fill(undefined);
  for (const tag of tags) {
    // Every field object of one shape (the same properties, in the same order), so that the
    // walk's reads of them stay monomorphic.
    const { kind, child, path, id } = fields[tag];
    byTag[tag] = { kind, child, path, id };
    s.known |= 1 << (tag >>> 3);
  }
  s.fields = byTag;
}

/** Tag of field `field` with wire type `wire`. */
export function tagOf(field: number, wire: number): number {
  return (field << 3) | wire;
}

/** Checks the length-delimited message at `r.pos`, of shape `s`, at `depth`. */
export function walk(r: CheckReader, s: Shape, depth: number): void {
  if (s.depthChecked) checkDepth(depth);
  const outer = r.enter();
  const start = r.pos;
  const end = r.limit;
  let slot = -1;
  if (s.remembered) {
    slot = seen.slotOf(r, start, end);
    if (seen.holds(r, slot, start, end, depth)) {
      r.pos = end;
      r.leave(outer);
      return;
    }
  }
  const fields = s.fields;
  // The last length of each id field (at most three in a message); 0: absent.
  let id0 = 0;
  let id1 = 0;
  let id2 = 0;
  let listed = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    const f = tag < fields.length ? fields[tag] : undefined;
    if (f === undefined) {
      r.skip(tag, depth, s.known, s.name);
      continue;
    }
    switch (f.kind) {
      case STRING:
        r.skipString();
        break;
      case VARINT32:
        r.uint32();
        break;
      case VARINT64:
        r.varint64();
        break;
      case FIXED64:
        r.skipFixed(8);
        break;
      case LONG:
        r.skipFixed64Long();
        break;
      case FIXED32:
        r.skipFixed(4);
        break;
      case BYTES:
        r.idLength();
        break;
      case ID: {
        const length = r.idLength();
        if (f.id === 0) id0 = length;
        else if (f.id === 1) id1 = length;
        else id2 = length;
        break;
      }
      case MESSAGE:
        if (f.path === undefined) {
          walk(r, f.child!, depth + 1);
        } else {
          walkAt(r, f.child!, depth + 1, f.path, listed);
          listed++;
        }
        break;
      default:
        packed(r, f.kind);
    }
  }
  r.leave(outer);
  if (slot >= 0) seen.remember(r, slot, start, end, depth);
  const ids = s.ids;
  if (ids.length > 0) r.checkIdLength(id0, ids[0].size, ids[0].name);
  if (ids.length > 1) r.checkIdLength(id1, ids[1].size, ids[1].name);
  if (ids.length > 2) r.checkIdLength(id2, ids[2].size, ids[2].name);
}

/** `walk` of the `i`th element of the repeated field `path`, whose errors name it. */
function walkAt(r: CheckReader, s: Shape, depth: number, path: string, i: number): void {
  try {
    walk(r, s, depth);
  } catch (error) {
    rethrowAt(error, `${path}[${i}]`);
  }
}

/** The repeated LONG and double fields of metric points, as `../metrics.ts` reads them. */
function packed(r: CheckReader, kind: number): void {
  if (kind === UINT64_LONG) {
    r.varint64();
    if ((r.hi | 0) < 0) r.longOverflow = true;
    return;
  }
  const outer = r.enter();
  if (kind === PACKED_UINT64_LONG) {
    while (r.pos < r.limit) {
      r.varint64();
      if ((r.hi | 0) < 0) r.longOverflow = true;
    }
  } else {
    if ((r.limit - r.pos) % 8 !== 0) throw r.packedError();
    if (kind === PACKED_LONG) while (r.pos < r.limit) r.skipFixed64Long();
    else r.pos = r.limit;
  }
  r.leave(outer);
}
