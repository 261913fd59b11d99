import type { Leaf } from './parquet-schema.js';
import { StringColumn } from './string-column.js';

const INITIAL = 64;
/** The repetition levels of a leaf outside lists and maps: none. */
const NO_LEVELS = new Uint8Array(0);
/** The string values of a leaf that holds none. */
const NO_STRINGS = new StringColumn();

function grow<T extends Uint8Array | Int32Array | Float64Array | BigInt64Array>(array: T, needed: number): T {
  let capacity = Math.max(array.length * 2, INITIAL);
  while (capacity < needed) capacity *= 2;
  const next = new (array.constructor as new (n: number) => T)(capacity);
  next.set(array as never);
  return next;
}

/**
 * Per leaf, its slots and values per row in the last file this thread shredded: the next file of
 * the same table is sized from it up front, instead of growing its arrays by doubling (each step
 * a copy, and garbage: for a batch of log rows, megabytes of string pointers).
 */
const perRow = new WeakMap<Leaf, { levels: number; count: number }>();

/**
 * Per leaf, the arrays of the last file this thread encoded, given back by `release` for the next
 * file: allocating them afresh (zeroed, and new pages for the large ones) cost a quarter of the
 * shredding of a batch of metric rows.
 */
const spares = new WeakMap<Leaf, LeafData>();
const MAX_KEPT_SLOTS = 1 << 21;

/**
 * What one leaf column collects from the rows of a file: a definition (and, under a list or a map,
 * a repetition) level per slot, and the non-null values in order, held by type (LONG in a
 * BigInt64Array, STRING encoded as it is pushed: `string-column.ts`). The arrays are sized ahead
 * (see `perRow`), so they may be longer than what they hold: `levels` and `count` say how much.
 */
export class LeafData {
  def: Uint8Array;
  rep: Uint8Array;
  private readonly maxDef: number;
  private readonly repeated: boolean;
  /** Level slots: values and nulls (and empty lists or maps) alike. */
  levels = 0;
  /** Non-null values. */
  count = 0;
  strings: StringColumn = NO_STRINGS;
  longs = new BigInt64Array(0);
  numbers = new Float64Array(0);
  ints = new Int32Array(0);
  bools = new Uint8Array(0);

  /**
   * `rows`: every leaf has at least one slot per row, and a leaf outside lists and maps exactly
   * one: its definition levels are never grown, which the shredder relies on (`shred-source.ts`
   * writes its null slots in place, and leaves level 0 to the zero fill).
   */
  constructor(readonly leaf: Leaf, rows: number) {
    this.maxDef = leaf.maxDef;
    this.repeated = leaf.maxRep > 0;
    const last = perRow.get(leaf);
    const spare = spares.get(leaf);
    spares.delete(leaf);
    const slots = Math.max(rows, INITIAL, this.repeated && last ? Math.ceil(last.levels * rows) : 0);
    this.def = spare && spare.def.length >= slots ? spare.def : new Uint8Array(slots);
    // `rep` is never shorter than `def`: slots are checked against `def` alone.
    this.rep = !this.repeated ? NO_LEVELS : spare && spare.rep.length >= this.def.length ? spare.rep : new Uint8Array(this.def.length);
    const count = last ? Math.ceil(last.count * rows) : 0;
    if (leaf.primitive === 'string') this.strings = spare?.strings ?? new StringColumn();
    if (spare) {
      this.longs = spare.longs;
      this.numbers = spare.numbers;
      this.ints = spare.ints;
      this.bools = spare.bools;
    } else if (count > 0) {
      if (leaf.primitive === 'long') this.longs = new BigInt64Array(count);
      else if (leaf.primitive === 'double') this.numbers = new Float64Array(count);
      else if (leaf.primitive === 'int') this.ints = new Int32Array(count);
      else this.bools = new Uint8Array(count);
    }
  }

  /**
   * Gives the arrays to the next file of the same leaf, once this one's pages are built (they
   * copy what they need): the levels written go back to the zero fill, the strings are emptied.
   * This object is not to be used afterwards.
   */
  release(): void {
    // An outsized file (a burst of huge maps) is not kept for an idle thread to hold.
    if (this.def.length > MAX_KEPT_SLOTS) return;
    this.def.fill(0, 0, this.levels);
    this.strings.reset();
    spares.set(this.leaf, this);
  }

  /**
   * Room for `rows` more rows before they are shredded (the file's rows come in parts, one per
   * request body): a leaf outside lists and maps takes exactly one slot per row, written in place
   * with no capacity check, so its levels grow here; other leaves grow as they are pushed to.
   */
  reserveRows(rows: number): void {
    if (!this.repeated && this.levels + rows > this.def.length) this.def = grow(this.def, this.levels + rows);
  }

  /** Called once the file's rows are all shredded: sizes the next file's arrays for this leaf. */
  remember(rows: number): void {
    if (rows > 0) perRow.set(this.leaf, { levels: this.levels / rows, count: this.count / rows });
  }

  private slot(rep: number, def: number): void {
    const i = this.levels++;
    if (i === this.def.length) this.growLevels();
    this.def[i] = def;
    if (this.repeated) this.rep[i] = rep;
  }

  private growLevels(): void {
    this.def = grow(this.def, this.levels);
    if (this.repeated) this.rep = grow(this.rep, this.levels);
  }

  /** A null, or an empty or null list or map above this leaf, at definition level `def`. */
  pushNull(rep: number, def: number): void {
    this.slot(rep, def);
  }

  /** The most frequent push (attribute keys and values), written out rather than through `slot`. */
  pushString(rep: number, value: string): void {
    const i = this.levels++;
    if (i === this.def.length) this.growLevels();
    this.def[i] = this.maxDef;
    if (this.repeated) this.rep[i] = rep;
    this.count++;
    this.strings.push(value);
  }

  pushLong(rep: number, value: bigint): void {
    this.slot(rep, this.maxDef);
    if (this.count === this.longs.length) this.longs = grow(this.longs, this.count + 1);
    this.longs[this.count++] = value;
  }

  pushDouble(rep: number, value: number): void {
    this.slot(rep, this.maxDef);
    if (this.count === this.numbers.length) this.numbers = grow(this.numbers, this.count + 1);
    this.numbers[this.count++] = value;
  }

  pushInt(rep: number, value: number): void {
    this.slot(rep, this.maxDef);
    if (this.count === this.ints.length) this.ints = grow(this.ints, this.count + 1);
    this.ints[this.count++] = value;
  }

  pushBool(rep: number, value: boolean): void {
    this.slot(rep, this.maxDef);
    if (this.count === this.bools.length) this.bools = grow(this.bools, this.count + 1);
    this.bools[this.count++] = value ? 1 : 0;
  }
}
