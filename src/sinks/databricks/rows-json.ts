import type { MapEntries, Row, RowValue } from '../../rows/row.js';
import { TABLE_SCHEMAS } from '../../schema/tables.js';
import type { ColumnType, Field, PrimitiveName, TableKind } from '../../schema/types.js';

/**
 * Rows as the JSON that Spark's `from_json` reads back with the table's schema (statements.ts):
 * one object per row keyed by column name; a STRUCT is an object, an ARRAY an array, a
 * MAP<STRING, STRING> an object (`{}` when empty, `null` when NULL); NULL is `null`.
 *
 * - LONG: the exact decimal digits of the bigint; JSON has no integer limit and Spark's parser
 *   reads an integer token into a LONG without a double in between.
 * - DOUBLE: the shortest round-trip form (`JSON.stringify`), `-0.0` for negative zero, and the
 *   strings `"NaN"`, `"Infinity"`, `"-Infinity"` for the values JSON has no number for. Spark's
 *   JSON reader takes exactly these strings in a DOUBLE field when `allowNonNumericNumbers` is on
 *   (its default, which the INSERT also sets explicitly); quoted rather than bare `NaN` tokens so
 *   that the parameter stays valid JSON for any other reader.
 *
 * A value of the wrong JS type for its column is a bug upstream and throws, rather than guessing.
 */

type Writer = (value: RowValue) => string;

function fail(path: string, expected: string, value: RowValue): never {
  throw new TypeError(`rows JSON: ${path} must be ${expected}, got ${typeof value === 'bigint' ? `${value}n` : JSON.stringify(value)}`);
}

function writerFor(type: ColumnType, path: string): Writer {
  switch (type.kind) {
    case 'primitive':
      return primitiveWriter(type.name, path);
    case 'array': {
      const element = writerFor(type.element, `${path}[]`);
      return (v) => {
        if (v === null) return 'null';
        if (!Array.isArray(v)) return fail(path, 'an array', v);
        let out = '[';
        for (let i = 0; i < v.length; i++) {
          if (i > 0) out += ',';
          out += element(v[i] as RowValue);
        }
        return out + ']';
      };
    }
    case 'map': {
      if (type.key.kind !== 'primitive' || type.key.name !== 'string') throw new Error(`rows JSON: ${path}: only MAP<STRING, ...> is supported`);
      const value = writerFor(type.value, `${path}{}`);
      return (v) => {
        if (v === null) return 'null';
        if (!Array.isArray(v)) return fail(path, 'map entries', v);
        let out = '{';
        const entries = v as MapEntries;
        for (let i = 0; i < entries.length; i++) {
          const entry = entries[i];
          if (!Array.isArray(entry) || typeof entry[0] !== 'string') return fail(path, 'map entries', v);
          if (i > 0) out += ',';
          out += JSON.stringify(entry[0]) + ':' + value(entry[1]);
        }
        return out + '}';
      };
    }
    case 'struct':
      return structWriter(type.fields, path);
  }
}

function primitiveWriter(name: PrimitiveName, path: string): Writer {
  switch (name) {
    case 'string':
      return (v) => (v === null ? 'null' : typeof v === 'string' ? JSON.stringify(v) : fail(path, 'a string', v));
    case 'long':
      return (v) => {
        if (v === null) return 'null';
        if (typeof v === 'bigint') return v.toString();
        if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
        return fail(path, 'a bigint', v);
      };
    case 'int':
      return (v) => {
        if (v === null) return 'null';
        if (typeof v === 'number' && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647) return String(v);
        return fail(path, 'a 32-bit integer', v);
      };
    case 'double':
      return (v) => (v === null ? 'null' : typeof v === 'number' ? doubleJson(v) : fail(path, 'a number', v));
    case 'boolean':
      return (v) => (v === null ? 'null' : typeof v === 'boolean' ? (v ? 'true' : 'false') : fail(path, 'a boolean', v));
  }
}

function structWriter(fields: readonly Field[], path: string): Writer {
  const parts = fields.map((f) => ({
    name: f.name,
    key: JSON.stringify(f.name) + ':',
    write: writerFor(f.type, path === '' ? f.name : `${path}.${f.name}`),
  }));
  return (v) => {
    if (v === null) return 'null';
    if (typeof v !== 'object' || Array.isArray(v)) return fail(path || 'row', 'an object', v);
    const row = v as Row;
    let out = '{';
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (i > 0) out += ',';
      // A column the row does not have is NULL (as in the local sink).
      out += p.key + p.write(row[p.name] ?? null);
    }
    return out + '}';
  };
}

function doubleJson(v: number): string {
  if (Number.isNaN(v)) return '"NaN"';
  if (v === Infinity) return '"Infinity"';
  if (v === -Infinity) return '"-Infinity"';
  if (v === 0 && 1 / v < 0) return '-0.0';
  return JSON.stringify(v);
}

const ROW_WRITERS = new Map<TableKind, Writer>();

/** The JSON object of one row of a `kind` table. */
export function rowJson(kind: TableKind, row: Row): string {
  let write = ROW_WRITERS.get(kind);
  if (!write) ROW_WRITERS.set(kind, (write = structWriter(TABLE_SCHEMAS[kind].columns, '')));
  return write(row);
}

/** One statement's share of a batch: the JSON array text of some consecutive rows. */
export interface RowsChunk {
  json: string;
  rows: number;
  bytes: number;
}

/**
 * The rows as JSON arrays, in order, each at most `maxBytes` of UTF-8 (brackets and commas
 * included) so that each goes into one statement; a single row larger than that is a chunk of
 * its own (a row cannot be split; the warehouse decides whether it takes it).
 */
export function rowsChunks(kind: TableKind, rows: readonly Row[], maxBytes: number): RowsChunk[] {
  const chunks: RowsChunk[] = [];
  let parts: string[] = [];
  let bytes = 2; // `[` and `]`
  const flush = () => {
    if (parts.length === 0) return;
    chunks.push({ json: `[${parts.join(',')}]`, rows: parts.length, bytes });
    parts = [];
    bytes = 2;
  };
  for (const row of rows) {
    const json = rowJson(kind, row);
    const size = Buffer.byteLength(json, 'utf8');
    const added = parts.length === 0 ? size : size + 1;
    if (parts.length > 0 && bytes + added > maxBytes) flush();
    bytes += parts.length === 0 ? size : size + 1;
    parts.push(json);
  }
  flush();
  return chunks;
}
