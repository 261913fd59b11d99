import type { MapEntries } from '../row.js';
import { MAX_DEPTH } from './reader.js';

/**
 * The attribute lists being read (`attributes`, `metadata`, ...): one reusable list per depth of
 * the message that owns it, closed into the exact-size, duplicate-free map the rows hold.
 */

/**
 * The map entries of one attribute list being read (`attributes`, `metadata`, ...), as the
 * KeyValue fields come (they may be interleaved with other fields), with the string-table slot of
 * each key (-1 if none). One per depth of the message that owns the list, reused: the final array
 * is an exact-size copy (`closeEntries`), as small as the rows can hold it.
 */
export class EntryList {
  items: MapEntries = [];
  keySlots = new Int32Array(16);
  n = 0;

  add(kv: [string, string | null], keySlot: number): void {
    const n = this.n;
    if (n === this.keySlots.length) {
      const grown = new Int32Array(n * 2);
      grown.set(this.keySlots);
      this.keySlots = grown;
    }
    this.keySlots[n] = keySlot;
    this.items[n] = kv;
    this.n = n + 1;
  }
}

/**
 * The empty map, shared by every row without attributes (rows are read-only; frozen so that a
 * consumer that forgets it fails loudly instead of changing every row).
 */
export const NO_ENTRIES: MapEntries = Object.freeze([]) as unknown as MapEntries;

const lists: EntryList[] = Array.from({ length: MAX_DEPTH + 1 }, () => new EntryList());

/** The (emptied) list of the message at `depth`. */
export function openEntries(depth: number): EntryList {
  const list = lists[depth];
  list.n = 0;
  return list;
}

/**
 * Marks of the string-table slots of the keys of the list being closed: `slotMarks[slot] ===
 * mark` when a key of this list has that slot. Equal keys have equal slots, so a list whose keys
 * all have distinct slots has no duplicate key, which is found in one pass.
 */
const slotMarks = new Int32Array(1 << 12);
let mark = 0;

/** The map of a complete list: exact size, duplicate keys resolved (the rule of `uniqueEntries`). */
export function closeEntries(list: EntryList): MapEntries {
  const n = list.n;
  if (n === 0) return NO_ENTRIES;
  const entries = list.items.slice(0, n);
  if (n > 256) {
    // do not keep a huge list's entries alive until it is reused
    list.items = [];
    list.keySlots = new Int32Array(16);
  }
  if (n === 1) return entries;
  if (mark === 0x7fffffff) {
    slotMarks.fill(0);
    mark = 0;
  }
  mark++;
  const slots = list.keySlots;
  for (let i = 0; i < n; i++) {
    const slot = slots[i];
    if (slot < 0 || slotMarks[slot] === mark) return uniqueEntries(entries); // maybe a duplicate
    slotMarks[slot] = mark;
  }
  return entries;
}

/** Above this many entries, duplicates are found through a Map (as in `src/rows/any-value.ts`). */
const LINEAR_SCAN_LIMIT = 16;

/**
 * The map rule of `src/rows/any-value.ts` on a complete list of entries: each key once, at the
 * position where it first appears, with the value of its last occurrence. Returns `entries` itself
 * when every key is unique (the usual case), else a new array.
 */
export function uniqueEntries(entries: MapEntries): MapEntries {
  const n = entries.length;
  if (n < 2) return entries;
  if (n <= LINEAR_SCAN_LIMIT) {
    for (let i = 1; i < n; i++) {
      const key = entries[i][0];
      for (let j = 0; j < i; j++) {
        if (entries[j][0] === key) return mergeDuplicates(entries);
      }
    }
    return entries;
  }
  return mergeDuplicates(entries);
}

function mergeDuplicates(entries: MapEntries): MapEntries {
  const out: MapEntries = [];
  const index = new Map<string, number>();
  for (let i = 0; i < entries.length; i++) {
    const [key, value] = entries[i];
    const at = index.get(key);
    if (at === undefined) {
      index.set(key, out.length);
      out.push([key, value]);
    } else {
      out[at][1] = value;
    }
  }
  return out;
}
