import { MapRow, StructRow, tableFromIPC, Vector } from 'apache-arrow';
import { readParquet } from 'parquet-wasm/node';
import type { MapEntries, Row, RowValue } from '../../../rows/row.js';

/**
 * Reads a whole Parquet file back into rows with the conventions of `src/rows/row.ts` (LONG as
 * bigint, MAP as `[key, value]` pairs, STRUCT as objects, ARRAY as arrays). Meant for small files
 * such as Delta checkpoints, not for scanning data.
 */
export function decodeParquet(bytes: Uint8Array): Row[] {
  const table = tableFromIPC(readParquet(bytes).intoIPCStream());
  const names = table.schema.fields.map((f) => f.name);
  const columns = names.map((_, i) => table.getChildAt(i)!);
  const rows: Row[] = new Array(table.numRows);
  for (let r = 0; r < table.numRows; r++) {
    const row: Row = {};
    for (let c = 0; c < columns.length; c++) row[names[c]] = plain(columns[c].get(r));
    rows[r] = row;
  }
  return rows;
}

function plain(value: unknown): RowValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'bigint':
    case 'boolean':
      return value;
  }
  if (value instanceof MapRow) {
    const entries: MapEntries = [];
    for (const [k, v] of value as MapRow) entries.push([String(k), v === null ? null : String(v)]);
    return entries;
  }
  if (value instanceof StructRow) {
    const out: Row = {};
    for (const [k, v] of value as Iterable<[string, unknown]>) out[k] = plain(v);
    return out;
  }
  if (value instanceof Vector) return Array.from(value as Vector, plain);
  throw new TypeError(`unexpected Arrow value ${Object.prototype.toString.call(value)}`);
}
