/**
 * A dictionary for a string leaf, when one pays: attribute keys and values, metric names, enum
 * names repeat across a file's rows and shrink to a few bits each; log bodies and ids do not, and
 * are written PLAIN. The choice is made per file and column, on what the column holds.
 */
export interface StringDictionary {
  /** Distinct values in first-seen order. */
  values: string[];
  /**
   * Per non-null value of the column, its index in `values`: a view of a buffer the next call
   * reuses, so it is to be encoded before then.
   */
  indices: Uint32Array;
}

/** The indices of every dictionary this thread builds, one column after the other. */
let scratch = new Uint32Array(1 << 12);

/** Past this many distinct values the indices stop paying for the lookups (and bit widths stay ≤ 24). */
const MAX_DISTINCT = 1 << 16;

export function stringDictionary(strings: readonly string[], count: number): StringDictionary | null {
  if (count === 0) return null;
  const limit = Math.min(MAX_DISTINCT, Math.max(64, count >>> 2));
  const seen = new Map<string, number>();
  const values: string[] = [];
  if (scratch.length < count) scratch = new Uint32Array(Math.max(count, scratch.length * 2));
  const indices = scratch.subarray(0, count);
  for (let i = 0; i < count; i++) {
    const s = strings[i];
    let index = seen.get(s);
    if (index === undefined) {
      index = values.length;
      if (index >= limit) return null;
      seen.set(s, index);
      values.push(s);
    }
    indices[i] = index;
    // Mostly distinct from the start (ids, bodies): give up before hashing the rest.
    if (i === 1023 && values.length > 512) return null;
  }
  return { values, indices };
}
