import { TABLE_SCHEMAS } from '../../../src/schema/tables.js';
import type { ColumnType, Field, TableKind } from '../../../src/schema/types.js';
import { parseJsonBigInt } from '../../../src/sinks/delta/json-bigint.js';

/**
 * Reads a `rows` parameter back the way Spark's `from_json` does with the table's schema, strictly:
 * every column present, no other member, integers exact (a bigint-aware JSON parser, never
 * `JSON.parse`), LONG as bigint, INT as a number, DOUBLE from a number or from the strings
 * "NaN" / "Infinity" / "-Infinity" (Spark's allowNonNumericNumbers), a MAP from an object.
 *
 * Maps come back as `[key, value]` entries (row.ts) or, with `mapsAs: 'key-value'`, as
 * `{ key, value }` objects (what the DuckDB-based conformance expectations use).
 */
export function decodeRows(kind: TableKind, json: string, options: { mapsAs?: 'entries' | 'key-value' } = {}): Record<string, unknown>[] {
  const parsed = parseJsonBigInt(json);
  if (!Array.isArray(parsed)) throw new Error('rows: not a JSON array');
  const rowType: ColumnType = { kind: 'struct', fields: TABLE_SCHEMAS[kind].columns };
  return parsed.map((row, i) => decode(rowType, row, `[${i}]`, options.mapsAs ?? 'entries') as Record<string, unknown>);
}

function decode(type: ColumnType, value: unknown, path: string, mapsAs: 'entries' | 'key-value'): unknown {
  if (value === null) return null;
  const fail = (what: string): never => {
    throw new Error(`rows${path}: expected ${what}, got ${typeof value === 'bigint' ? `${value}n` : JSON.stringify(value)}`);
  };
  switch (type.kind) {
    case 'primitive':
      switch (type.name) {
        case 'string':
          return typeof value === 'string' ? value : fail('a string');
        case 'long':
          return typeof value === 'bigint' && value >= -(2n ** 63n) && value < 2n ** 63n ? value : fail('a 64-bit integer');
        case 'int':
          return typeof value === 'bigint' && value >= -(2n ** 31n) && value < 2n ** 31n ? Number(value) : fail('a 32-bit integer');
        case 'double':
          if (typeof value === 'number') return value;
          if (typeof value === 'bigint') return Number(value);
          if (value === 'NaN') return NaN;
          if (value === 'Infinity') return Infinity;
          if (value === '-Infinity') return -Infinity;
          return fail('a number');
        case 'boolean':
          return typeof value === 'boolean' ? value : fail('a boolean');
      }
    // eslint-disable-next-line no-fallthrough
    case 'array':
      if (!Array.isArray(value)) return fail('an array');
      return value.map((v, i) => decode(type.element, v, `${path}[${i}]`, mapsAs));
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) return fail('an object (map)');
      const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, decode(type.value, v, `${path}{${k}}`, mapsAs)] as const);
      return mapsAs === 'entries' ? entries.map(([k, v]) => [k, v]) : entries.map(([key, v]) => ({ key, value: v }));
    }
    case 'struct':
      return decodeStruct(type.fields, value, path, mapsAs);
  }
}

function decodeStruct(fields: readonly Field[], value: unknown, path: string, mapsAs: 'entries' | 'key-value'): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`rows${path}: expected an object`);
  const object = value as Record<string, unknown>;
  const names = fields.map((f) => f.name);
  const extra = Object.keys(object).filter((k) => !names.includes(k));
  if (extra.length > 0) throw new Error(`rows${path}: members that are not columns: ${extra.join(', ')}`);
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    if (!(field.name in object)) throw new Error(`rows${path}: column ${field.name} missing`);
    out[field.name] = decode(field.type, object[field.name], `${path}.${field.name}`, mapsAs);
  }
  return out;
}
