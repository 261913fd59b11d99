import type { Row } from '../../../rows/row.js';
import type { Field } from '../../../schema/types.js';
import { LeafData } from './leaf-data.js';
import { parquetSchema } from './parquet-schema.js';
import { shredSource } from './shred-source.js';

/**
 * Rows (the conventions of `src/rows/row.ts`) shredded into leaf columns (Dremel record
 * shredding), by a function compiled once per column tree from the source `shred-source.ts`
 * writes, then kept for the life of the process (the tables' schemas are fixed).
 *
 * A value of the wrong JS type is a bug upstream (a LONG as a JS number has already lost
 * precision), so it throws a TypeError naming the column instead of being coerced.
 */

type Shredder = (rows: readonly Row[], data: readonly LeafData[], fail: typeof failure, min: bigint, max: bigint) => void;

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

const compiled = new WeakMap<readonly Field[], Shredder>();

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function failure(name: string, expected: string, value: unknown): never {
  throw new TypeError(`column ${name}: expected ${expected}, got ${describe(value)}`);
}

function shredder(columns: readonly Field[]): Shredder {
  let shred = compiled.get(columns);
  if (!shred) {
    // The functions' name is what CPU profiles show for them (bench/profile-summary.ts looks for it).
    const parts = shredSource(columns, parquetSchema(columns).leaves).map(
      (source) => new Function(`return function shredColumn(rows, D, fail, INT64_MIN, INT64_MAX) {\n${source}\n};`)() as Shredder,
    );
    shred = (rows, data, fail, min, max) => {
      for (const part of parts) part(rows, data, fail, min, max);
    };
    compiled.set(columns, shred);
  }
  return shred;
}

/**
 * The rows of one file, given in parts (the rows of one request body each), shredded into leaf
 * columns part by part: a part's row objects can be collected as soon as it is shredded, instead
 * of every row of the file living until the end (they would outlive the worker's young
 * generation and be copied by its GC: a fifth of the decode and shredding of a batch of log rows).
 */
export function shredParts(columns: readonly Field[], parts: Iterable<readonly Row[]>): { data: LeafData[]; rows: number } {
  const { leaves } = parquetSchema(columns);
  const shred = shredder(columns);
  let data: LeafData[] | null = null;
  let rows = 0;
  for (const part of parts) {
    if (part.length === 0) continue;
    if (data === null) data = leaves.map((leaf) => new LeafData(leaf, part.length));
    else for (const leaf of data) leaf.reserveRows(part.length);
    shred(part, data, failure, INT64_MIN, INT64_MAX);
    rows += part.length;
  }
  data ??= leaves.map((leaf) => new LeafData(leaf, 0));
  for (const leaf of data) leaf.remember(rows);
  return { data, rows };
}
