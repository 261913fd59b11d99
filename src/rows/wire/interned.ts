/**
 * Process-wide caches of the immutable values that rows repeat: short ASCII strings, the text of
 * small integers and of doubles, `[key, value]` map entries, small and recurring 64-bit integers.
 *
 * Why: the rows of one request are all alive until the request is done, so every object they hold
 * is copied by the young-generation GC, and much of a request's cost is there (10,000 rows hold
 * 7-13 MB). Attribute keys and most values come from small vocabularies, and a
 * metric's start time or a histogram's bucket counts recur from point to point: handing out the
 * same object again costs a short comparison instead of an allocation and its copying.
 *
 * Sharing is safe because rows are read-only (the flatteners already share resource, scope and
 * metadata structs between rows) and strings and bigints are immutable. Every table is
 * direct-mapped and fixed in size: a miss replaces the entry, memory stays bounded.
 *
 * Text identities: a value whose text came from one of these tables has an id (its slot, offset by
 * table), which the entry cache combines with the key's id; -1 means "not from a table".
 */

/**
 * Set by every function here: the id of the text just returned when it was found in its table,
 * -1 when it was not (a miss, or no table).
 */
export let lastTextId = -1;

// ---- short ASCII strings ----

export const CACHED_STRING_BYTES = 40;
const STRING_BITS = 12;
const STRINGS = 1 << STRING_BITS;
const strings: string[] = new Array<string>(STRINGS).fill('');

/** Buffer's latin1 slice: for ASCII bytes, the string without any decoding. */
export interface Latin1Slicer {
  latin1Slice(start: number, end: number): string;
}

/**
 * The slot holding the string of the ASCII bytes `start..end` (1 to CACHED_STRING_BYTES bytes),
 * whose `Reader.hashBytes` is `hash`, or -1 when they are not ASCII (the caller decodes UTF-8).
 * Read the string with `stringAt`; `lastTextId` is the slot on a hit, -1 on a miss (a value seen
 * for the first time is not worth an entry in the entry cache). A hit is verified in full: an
 * ASCII string's code units are its bytes.
 */
export function internAscii(buf: Uint8Array, slicer: Latin1Slicer, start: number, end: number, hash: number): number {
  const length = end - start;
  const slot = hash >>> (32 - STRING_BITS);
  const candidate = strings[slot];
  if (candidate.length === length) {
    let k = 0;
    while (k < length && candidate.charCodeAt(k) === buf[start + k]) k++;
    if (k === length) {
      lastTextId = slot;
      return slot;
    }
  }
  let bits = 0;
  for (let k = start; k < end; k++) bits |= buf[k];
  if (bits >= 0x80) return -1;
  strings[slot] = slicer.latin1Slice(start, end);
  lastTextId = -1;
  return slot;
}

export function stringAt(slot: number): string {
  return strings[slot];
}

// ---- text of integers and doubles ----

const INT_BITS = 10;
const INT_BASE = STRINGS;
const intKeys = new Int32Array(1 << INT_BITS).fill(-1);
const intTexts: string[] = new Array<string>(1 << INT_BITS).fill('');

/** The decimal text of a non-negative integer below 2^31, from the table. */
export function smallIntText(n: number): string {
  const slot = n & ((1 << INT_BITS) - 1);
  if (intKeys[slot] === n) {
    lastTextId = INT_BASE + slot;
    return intTexts[slot];
  }
  lastTextId = -1;
  const text = String(n);
  intKeys[slot] = n;
  intTexts[slot] = text;
  return text;
}

const DOUBLE_BITS = 10;
const DOUBLE_BASE = INT_BASE + (1 << INT_BITS);
const doubleLo = new Int32Array(1 << DOUBLE_BITS);
const doubleHi = new Int32Array(1 << DOUBLE_BITS);
const doubleTexts: string[] = new Array<string>(1 << DOUBLE_BITS).fill('');

/**
 * The text of the double whose bits are `hi:lo` and value `x`, by the text rule (`format`, the
 * rule's own function, on a miss). Keyed by the bits, so that -0 and 0, and NaNs, stay apart.
 */
export function cachedDoubleText(x: number, lo: number, hi: number, format: (x: number) => string): string {
  const slot = Math.imul(lo ^ hi, 0x9e3779b1) >>> (32 - DOUBLE_BITS);
  if (doubleLo[slot] === lo && doubleHi[slot] === hi && doubleTexts[slot] !== '') {
    lastTextId = DOUBLE_BASE + slot;
    return doubleTexts[slot];
  }
  lastTextId = -1;
  const text = format(x);
  doubleLo[slot] = lo;
  doubleHi[slot] = hi;
  doubleTexts[slot] = text;
  return text;
}

/** Ids of the texts that need no table. */
export const TRUE_ID = DOUBLE_BASE + (1 << DOUBLE_BITS);
export const FALSE_ID = TRUE_ID + 1;
export const NULL_ID = TRUE_ID + 2;

// ---- map entries ----

type Entry = [key: string, value: string | null];

const ENTRY_BITS = 13;
const entries: (Entry | undefined)[] = new Array<Entry | undefined>(1 << ENTRY_BITS).fill(undefined);

/** The `[key, value]` entry, shared when both texts come from the tables (ids >= 0). */
export function entry(key: string, keyId: number, value: string | null, valueId: number): Entry {
  if (keyId < 0 || valueId < 0) return [key, value];
  const slot = Math.imul(keyId * 0x10001 + valueId, 0x9e3779b1) >>> (32 - ENTRY_BITS);
  const cached = entries[slot];
  if (cached !== undefined && cached[0] === key && cached[1] === value) return cached;
  const fresh: Entry = [key, value];
  entries[slot] = fresh;
  return fresh;
}

// ---- 64-bit integers as bigints ----

const SMALL = 1024;
const smallBigInts: bigint[] = Array.from({ length: SMALL }, (_, i) => BigInt(i));

const RECENT_BITS = 4;
const recentLo = new Int32Array(1 << RECENT_BITS);
const recentHi = new Int32Array(1 << RECENT_BITS);
const recent: bigint[] = new Array<bigint>(1 << RECENT_BITS).fill(0n);

/**
 * The signed 64-bit integer `hi:lo` (as int32 halves) as a bigint, if a table has it: below 1024
 * (counts, bucket counts) or among the recent values (a metric's start time repeats on every
 * point); else undefined, and the caller makes it and hands it to `rememberBigInt`.
 */
export function cachedBigInt(lo: number, hi: number): bigint | undefined {
  if (hi === 0 && lo >= 0 && lo < SMALL) return smallBigInts[lo];
  const slot = (lo ^ (lo >>> 8) ^ hi) & ((1 << RECENT_BITS) - 1);
  if (recentLo[slot] === lo && recentHi[slot] === hi) return recent[slot];
  return undefined;
}

export function rememberBigInt(lo: number, hi: number, value: bigint): bigint {
  const slot = (lo ^ (lo >>> 8) ^ hi) & ((1 << RECENT_BITS) - 1);
  recentLo[slot] = lo;
  recentHi[slot] = hi;
  recent[slot] = value;
  return value;
}

/** `cachedBigInt`, making the value from its halves on a miss. */
export function bigIntOf(lo: number, hi: number): bigint {
  return (
    cachedBigInt(lo, hi) ??
    rememberBigInt(lo, hi, hi === 0 && lo >= 0 ? BigInt(lo) : BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo >>> 0)))
  );
}
