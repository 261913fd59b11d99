import { ByteSink } from './byte-sink.js';

/**
 * A dictionary for a string leaf, when one pays: attribute keys and values, metric names, enum
 * names repeat across a file's rows and shrink to a few bits each; log bodies and ids do not, and
 * are written PLAIN. The choice is made per file and column, on what the column holds.
 */
export interface StringDictionary {
  /** Distinct values in first-seen order. */
  values: string[];
  /** Per non-null value of the column, its index in `values`. */
  indices: Uint32Array;
}

/** Past this many distinct values the indices stop paying for the lookups (and bit widths stay ≤ 24). */
const MAX_DISTINCT = 1 << 16;
/** Mostly distinct from the start (ids, bodies): given up on after this many values... */
const EARLY_CHECK = 1024;
/** ...when more than this many of them are distinct. */
const EARLY_DISTINCT = 512;
/** Buffers grown past this (a batch of long log bodies) are not kept for the next file. */
const MAX_KEPT_BYTES = 16 << 20;

/**
 * The non-null values of one string leaf, encoded as they are pushed rather than held as JS strings
 * until the file is written: each value is looked up in the column's dictionary, or, once the
 * dictionary has been given up on, appended as PLAIN bytes. A value is thus garbage as soon as its
 * row is shredded; holding a batch's strings (log bodies, ids) to the end had them copied by the
 * worker's scavenges and promoted, a full collection every few batches.
 *
 * The dictionary rules are those of a whole-column pass: given up on past `MAX_DISTINCT` distinct
 * values, after the first 1,024 values when more than half are distinct, and at the end when more
 * than a quarter of the values (at least 64) are distinct.
 */
export class StringColumn {
  count = 0;
  private seen = new Map<string, number>();
  private values: string[] = [];
  private indices = new Uint32Array(256);
  /** The PLAIN bytes, once the dictionary is given up on. */
  private plain: ByteSink | null = null;
  private spareSink: ByteSink | null = null;

  push(value: string): void {
    if (this.plain !== null) {
      this.plain.lengthPrefixedUtf8(value);
      this.count++;
      return;
    }
    let index = this.seen.get(value);
    if (index === undefined) {
      index = this.values.length;
      if (index === MAX_DISTINCT) {
        this.toPlain().lengthPrefixedUtf8(value);
        this.count++;
        return;
      }
      this.seen.set(value, index);
      this.values.push(value);
    }
    if (this.count === this.indices.length) {
      const grown = new Uint32Array(this.indices.length * 2);
      grown.set(this.indices);
      this.indices = grown;
    }
    this.indices[this.count++] = index;
    if (this.count === EARLY_CHECK && this.values.length > EARLY_DISTINCT) this.toPlain();
  }

  /**
   * The column's dictionary (indices: a view, valid until `reset`), or null when it is written PLAIN.
   * It applies the rule that needs every value (a quarter distinct), so it is asked once the file's
   * values are all pushed.
   */
  dictionary(): StringDictionary | null {
    if (this.plain === null && this.values.length > Math.max(64, this.count >>> 2)) this.toPlain();
    if (this.plain !== null || this.count === 0) return null;
    return { values: this.values, indices: this.indices.subarray(0, this.count) };
  }

  /** The PLAIN bytes of the values (a view, valid until `reset`); only when `dictionary()` is null. */
  plainBytes(): Uint8Array {
    return this.plain?.view() ?? new Uint8Array(0);
  }

  /** Empties the column for the next file of the same leaf, keeping its buffers unless outsized. */
  reset(): void {
    this.count = 0;
    if (this.values.length > 0) {
      this.seen = new Map();
      this.values = [];
    }
    if (this.plain !== null) {
      this.spareSink = this.plain.capacity > MAX_KEPT_BYTES ? null : this.plain;
      this.plain = null;
    }
  }

  private toPlain(): ByteSink {
    const sink = this.spareSink ?? new ByteSink(this.count * 16);
    this.spareSink = null;
    sink.reset();
    for (let i = 0; i < this.count; i++) sink.lengthPrefixedUtf8(this.values[this.indices[i]]);
    this.plain = sink;
    this.seen = new Map();
    this.values = [];
    return sink;
  }
}
