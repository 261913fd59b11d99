import { isUtf8 } from 'node:buffer';
import { OtlpDecodeError } from '../../otlp/decode-error.js';
import { hex16, hex8 } from './hex.js';
import { CACHED_STRING_BYTES, cachedBigInt, internAscii, lastTextId, rememberBigInt, stringAt } from './interned.js';

/**
 * A protobuf wire-format reader for the hand-written OTLP decoders of this folder: it reads the
 * request body in place (no copies of sub-messages), and hands out values in the form the v1 rows
 * want them (LONG columns as signed bigints, ids as hex, strings checked for UTF-8), so that no
 * intermediate object is made per field.
 *
 * Rules (protobuf encoding spec; where protobufjs 7, the old path, is laxer, the spec wins and
 * `index.ts` lists the difference):
 * - A message is read up to `limit`, the end of the innermost length-delimited field: any read past
 *   it is a "truncated message" error (as protobufjs 7.6 does with `r.len`).
 * - varints are at most 10 bytes; in a tag, a length or a 32-bit field, at most 5 or exactly 10
 *   (a negative int32), of which the low 32 bits count (protobufjs and Go alike).
 * - 64-bit values are read as two 32-bit halves; a bigint is made only for a LONG column, and
 *   recurring ones are shared (`interned.ts`). Strings: see `string()`.
 * - Unknown fields are skipped by wire type, groups (3 .. 4 with the same field number) included;
 *   a stray end-group tag, wire types 6 and 7, and field number 0 are errors.
 * - A known field sent with another wire type than its declaration is an error (protobufjs reads it
 *   as declared, which yields garbage). Packed repeated scalars accept both encodings.
 * - Nesting is limited to 100 messages, protobufjs's (and protoc's) limit, counted the same way
 *   (the request itself is depth 0).
 */

export const WIRE_VARINT = 0;
export const WIRE_I64 = 1;
export const WIRE_LEN = 2;
export const WIRE_START_GROUP = 3;
export const WIRE_END_GROUP = 4;
export const WIRE_I32 = 5;

/** protobufjs's `util.recursionLimit` (protoc's default recursion limit). */
export const MAX_DEPTH = 100;

/**
 * An error in the wire format itself (as opposed to a well-formed value the rules refuse, such as an
 * id of the wrong length). `index.ts` prefixes its message with "not a valid protobuf <Type>".
 */
export class WireError extends OtlpDecodeError {}

/** Buffer's internal slice methods: what `toString(encoding, start, end)` calls, minus the checks. */
interface BufferSlices {
  utf8Slice(start: number, end: number): string;
  latin1Slice(start: number, end: number): string;
  base64Slice(start: number, end: number): string;
}

/** The last `Reader.generation` handed out. */
let generations = 0;

export class Reader {
  readonly buf: Uint8Array;
  /** Tells this body from the ones read before it, for tables that point into the body. */
  readonly generation: number;
  private readonly slices: BufferSlices;
  protected readonly view: DataView;
  pos = 0;
  /** The end of the message being read. */
  limit: number;
  /** The high 32 bits of the last `varint64()`, unsigned. */
  hi = 0;
  /** The `interned.ts` id of the last `string()` when it was found in the table, else -1. */
  textId = -1;
  /**
   * The table slot of the last `string()`, found or just filled; -1 when it is not in the table
   * (empty, long or not ASCII). Two equal strings in the table have the same slot.
   */
  textSlot = -1;
  /**
   * When false, ids of the wrong length read as NULL instead of throwing: used for the data of a
   * metric that a later data field replaces (the old path checks ids only in the member it keeps).
   */
  strictIds = true;
  /**
   * Set when a `fixed64Long()` (or a caller reading an unsigned varint64 into a LONG) met a value
   * past 2^63-1, which the LONG columns cannot hold. The record decoders clear it before a record
   * and look for the value (`src/rows/long-range.ts`) only when it is set afterwards.
   */
  longOverflow = false;

  constructor(body: Uint8Array) {
    this.buf = body;
    const buffer = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    this.slices = buffer as unknown as BufferSlices;
    this.view = new DataView(body.buffer, body.byteOffset, body.byteLength);
    this.limit = body.length;
    generations = generations === 0x7fffffff ? 1 : generations + 1;
    this.generation = generations;
  }

  /** A hash of the bytes `start..end` (4 at a time), well mixed in all 32 bits. */
  hashBytes(start: number, end: number): number {
    const view = this.view;
    let hash = end - start;
    let i = start;
    for (; i + 4 <= end; i += 4) hash = Math.imul(hash ^ view.getInt32(i, true), 0x9e3779b1) ^ (hash >>> 15);
    for (; i < end; i++) hash = Math.imul(hash ^ this.buf[i], 0x9e3779b1) ^ (hash >>> 15);
    return Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  }

  /** Whether the `length` bytes at `a` and at `b` are the same. */
  sameBytes(a: number, b: number, length: number): boolean {
    const view = this.view;
    let i = 0;
    for (; i + 4 <= length; i += 4) if (view.getInt32(a + i, true) !== view.getInt32(b + i, true)) return false;
    for (; i < length; i++) if (this.buf[a + i] !== this.buf[b + i]) return false;
    return true;
  }

  // ---- errors ----

  truncated(): WireError {
    return new WireError(`truncated message: a field runs past the end of its message (at byte ${this.pos})`);
  }

  /** A known field of `message` sent with another wire type than its declaration. */
  /** A packed repeated field whose length does not divide into whole elements. */
  packedError(): WireError {
    return new WireError(`a packed field's length is not a multiple of its elements' size (at byte ${this.pos})`);
  }

  wrongWireType(tag: number, message: string): WireError {
    return new WireError(
      `field ${tag >>> 3} of ${message} has wire type ${tag & 7}, which does not match its declared type (at byte ${this.pos})`,
    );
  }

  // ---- length-delimited nesting ----

  /**
   * Reads the length of a length-delimited field and makes its end the limit of the reads that
   * follow. Returns the limit to restore with `leave` once the field has been read.
   */
  enter(): number {
    const length = this.uint32();
    const outer = this.limit;
    if (length > outer - this.pos) throw this.truncated();
    this.limit = this.pos + length;
    return outer;
  }

  leave(outer: number): void {
    this.limit = outer;
  }

  // ---- varints ----

  /**
   * A varint's low 32 bits, unsigned: tags, lengths, uint32, and (with `| 0`) int32 and enums.
   * Encoders write these in at most 5 bytes, or 10 for a negative int32 (sign-extended to 64
   * bits); protobufjs reads 5 bytes and then steps over 5 more whatever they hold, so a varint of
   * 6 to 9 bytes, or longer than 10, is refused here rather than read differently.
   */
  uint32(): number {
    const p = this.pos;
    if (p < this.limit) {
      const b = this.buf[p];
      if (b < 0x80) {
        this.pos = p + 1;
        return b;
      }
    }
    return this.varint32Slow();
  }

  private varint32Slow(): number {
    const start = this.pos;
    const lo = this.varint64();
    const length = this.pos - start;
    if (length > 5 && length !== 10) {
      throw new WireError(`a 32-bit varint (tag, length or 32-bit field) of ${length} bytes at byte ${start}`);
    }
    return lo;
  }

  /** `sint32` (zigzag). */
  sint32(): number {
    const v = this.uint32();
    return (v >>> 1) ^ -(v & 1);
  }

  /** A 64-bit varint: returns the low 32 bits (unsigned), leaves the high 32 bits in `hi`. */
  varint64(): number {
    const buf = this.buf;
    const limit = this.limit;
    let p = this.pos;
    let lo = 0;
    let hi = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      if (p >= limit) throw this.truncated();
      const b = buf[p++];
      lo |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = p;
        this.hi = 0;
        return lo >>> 0;
      }
    }
    if (p >= limit) throw this.truncated();
    let b = buf[p++];
    lo |= (b & 0x7f) << 28; // 4 bits into lo ...
    hi = (b & 0x7f) >> 4; // ... 3 into hi
    if (b >= 0x80) {
      for (let shift = 3; ; shift += 7) {
        if (p >= limit) throw this.truncated();
        b = buf[p++];
        hi |= (b & 0x7f) << shift; // bits past 64 are dropped (<< keeps 32 bits), as protobufjs does
        if (b < 0x80) break;
        if (shift === 31) {
          this.pos = p;
          throw new WireError(`a varint is longer than 10 bytes (at byte ${p})`);
        }
      }
    }
    this.pos = p;
    this.hi = hi >>> 0;
    return lo >>> 0;
  }

  // ---- fixed-size values ----

  /**
   * A fixed64 as a LONG column value: the 64 bits read as a signed integer, shared through
   * `cachedBigInt` when it recurs. A value past 2^63-1 reads as negative and sets `longOverflow`:
   * its record is rejected, never stored.
   */
  fixed64Long(): bigint {
    const p = this.pos;
    if (this.limit - p < 8) throw this.truncated();
    this.pos = p + 8;
    const lo = this.view.getInt32(p, true);
    const hi = this.view.getInt32(p + 4, true);
    if (hi < 0) this.longOverflow = true;
    return cachedBigInt(lo, hi) ?? rememberBigInt(lo, hi, this.view.getBigInt64(p, true));
  }

  /** The bits of the last `doubleBits()`, as two int32 halves. */
  bitsLo = 0;
  bitsHi = 0;

  /** A double, with its bits left in `bitsLo` and `bitsHi` (to key a table by). */
  doubleBits(): number {
    const p = this.pos;
    if (this.limit - p < 8) throw this.truncated();
    this.pos = p + 8;
    this.bitsLo = this.view.getInt32(p, true);
    this.bitsHi = this.view.getInt32(p + 4, true);
    return this.view.getFloat64(p, true);
  }

  /** `size` bytes of a fixed-size value stepped over. */
  skipFixed(size: number): void {
    if (this.limit - this.pos < size) throw this.truncated();
    this.pos += size;
  }

  /** An sfixed64 converted to the nearest double (what `toDouble` does with its bigint). */
  sfixed64Double(): number {
    const p = this.pos;
    if (this.limit - p < 8) throw this.truncated();
    this.pos = p + 8;
    // Both terms are exact and the one addition rounds to nearest, as Number(bigint) does.
    return this.view.getInt32(p + 4, true) * 4294967296 + this.view.getUint32(p, true);
  }

  /** A fixed32 as an INT column value (its bits read as a signed 32-bit integer, as `toInt`). */
  fixed32Int(): number {
    const p = this.pos;
    if (this.limit - p < 4) throw this.truncated();
    this.pos = p + 4;
    return this.view.getInt32(p, true);
  }

  double(): number {
    const p = this.pos;
    if (this.limit - p < 8) throw this.truncated();
    this.pos = p + 8;
    return this.view.getFloat64(p, true);
  }

  // ---- length-delimited values ----

  /** The bounds of a length-delimited value; `pos` moves past it. */
  protected span(): number {
    const length = this.uint32();
    const start = this.pos;
    if (length > this.limit - start) throw this.truncated();
    this.pos = start + length;
    return start;
  }

  /**
   * A `string` field. protobuf requires UTF-8 and the old path (protobuf-reader.ts) refuses anything
   * else, so does this: invalid sequences decode to U+FFFD, and only then are the bytes checked.
   * Short ASCII strings (attribute keys, most values) come from the table of `interned.ts`, and
   * `textId` tells which entry (-1: none).
   */
  string(): string {
    const start = this.span();
    const end = this.pos;
    const length = end - start;
    if (length !== 0 && length <= CACHED_STRING_BYTES) {
      const slot = internAscii(this.buf, this.slices, start, end, this.hashBytes(start, end));
      this.textSlot = slot;
      if (slot >= 0) {
        this.textId = lastTextId;
        return stringAt(slot);
      }
    } else {
      this.textSlot = -1;
    }
    this.textId = -1;
    return this.utf8(start, end);
  }

  /** The bytes from `start` to `end` as UTF-8 text, checked. */
  protected utf8(start: number, end: number): string {
    if (start === end) return '';
    const text = this.slices.utf8Slice(start, end);
    if (text.includes('\uFFFD') && !isUtf8(this.buf.subarray(start, end))) throw notUtf8(start);
    return text;
  }

  /**
   * A trace or span id (`bytes`, `size` bytes, 16 or 8, or none) as the rows write it: lowercase hex, or null
   * when absent or all zero. Another length gives the length itself, a number: the field may come
   * again (the last occurrence counts), so the message checks its final value with `checkId`.
   */
  id(size: number): string | null | number {
    const start = this.span();
    const end = this.pos;
    const length = end - start;
    if (length === 0) return null;
    if (length !== size) return length;
    const buf = this.buf;
    // Records of one trace (or span) follow each other: compare with the last id of this size.
    const last = size === 16 ? this.lastTraceId : this.lastSpanId;
    if (last >= 0) {
      let i = 0;
      while (i < size && buf[start + i] === buf[last + i]) i++;
      if (i === size) return size === 16 ? this.lastTraceHex : this.lastSpanHex;
    }
    let any = 0;
    for (let i = start; i < end; i++) any |= buf[i];
    const hex = any === 0 ? null : size === 16 ? hex16(buf, start) : hex8(buf, start);
    if (size === 16) {
      this.lastTraceId = start;
      this.lastTraceHex = hex;
    } else {
      this.lastSpanId = start;
      this.lastSpanHex = hex;
    }
    return hex;
  }

  /**
   * The final value of an id field read with `id`: a wrong length throws the error of
   * `src/otlp/ids.ts` (with `field` as the path), unless `strictIds` is off (then NULL).
   */
  checkId(value: string | null | number, size: number, field: string): string | null {
    if (typeof value !== 'number') return value;
    if (!this.strictIds) return null;
    throw wrongIdLength(value, size, field);
  }

  /** Where in the body the last trace / span id was, and its text (see `id`). */
  private lastTraceId = -1;
  private lastTraceHex: string | null = null;
  private lastSpanId = -1;
  private lastSpanHex: string | null = null;

  /** A `bytes` field as base64 (the text rule for bytes AnyValues). */
  base64(): string {
    const start = this.span();
    return start === this.pos ? '' : this.slices.base64Slice(start, this.pos);
  }

  /** A `bytes` field as a view into the body (for the generic AnyValue objects, read at once). */
  bytesView(): Uint8Array {
    const start = this.span();
    return this.buf.subarray(start, this.pos);
  }

  // ---- unknown fields ----

  /**
   * Skips the field whose tag was just read. `known` has bit n set for each field number n (< 32)
   * that the message declares: reaching here with one of those means its wire type is wrong.
   * `depth` is the depth of the enclosing message, for the nesting limit of groups.
   */
  skip(tag: number, depth: number, known: number, message: string): void {
    const field = tag >>> 3;
    if (field < 32 && (known >>> field) & 1) throw this.wrongWireType(tag, message);
    this.skipField(tag, depth);
  }

  /** Skips a field on a second pass over a message whose fields were checked on the first. */
  skipChecked(tag: number, depth: number): void {
    this.skipField(tag, depth);
  }

  private skipField(tag: number, depth: number): void {
    if (depth > MAX_DEPTH) throw new WireError('maximum nesting depth exceeded');
    if (tag >>> 3 === 0) throw new WireError(`invalid field number 0 (at byte ${this.pos})`);
    switch (tag & 7) {
      case WIRE_VARINT:
        this.varint64();
        return;
      case WIRE_I64:
        this.skipFixed(8);
        return;
      case WIRE_LEN:
        this.span();
        return;
      case WIRE_I32:
        this.skipFixed(4);
        return;
      case WIRE_START_GROUP:
        for (;;) {
          if (this.pos >= this.limit) throw this.truncated();
          const inner = this.uint32();
          if ((inner & 7) === WIRE_END_GROUP) {
            if (inner >>> 3 !== tag >>> 3) {
              throw new WireError(`an end-group tag does not match its group (at byte ${this.pos})`);
            }
            return;
          }
          this.skipField(inner, depth + 1);
        }
      case WIRE_END_GROUP:
        throw new WireError(`an end-group tag without a group (at byte ${this.pos})`);
      default:
        throw new WireError(`invalid wire type ${tag & 7} at offset ${this.pos}`);
    }
  }
}

export function notUtf8(start: number): WireError {
  return new WireError(`a string field at byte ${start} is not valid UTF-8`);
}

export function wrongIdLength(length: number, size: number, field: string): OtlpDecodeError {
  return new OtlpDecodeError(`expected an id of ${size} bytes (or none), got ${length} bytes`, { path: field });
}

/**
 * The decimal text of a signed 64-bit integer given as two uint32 halves: through a double when
 * that is exact (|v| <= 2^53, nearly always), through a bigint otherwise.
 */
export function int64Text(lo: number, hi: number): string {
  if (hi === 0) return String(lo);
  if (hi < 0x200000) return String(hi * 4294967296 + lo);
  if (hi >= 0xffe00000) return String((hi - 4294967296) * 4294967296 + lo);
  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)).toString();
}

/** The same value as a bigint. */
export function int64BigInt(lo: number, hi: number): bigint {
  if (hi === 0) return BigInt(lo);
  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo));
}
