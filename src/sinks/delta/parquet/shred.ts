import type { Row, RowValue } from '../../../rows/row.js';
import type { ColumnType, Field } from '../../../schema/types.js';
import { LeafData } from './leaf-data.js';
import { parquetSchema } from './parquet-schema.js';

/**
 * Rows (the conventions of `src/rows/row.ts`) shredded into leaf columns: the record shredding of
 * the Dremel paper that Parquet's nested encoding follows. Each node of the column tree becomes a
 * function `(value, rep, def)`, where `def` counts the defined optional or repeated ancestors and
 * `rep` is the repetition level of this slot; a null or empty node gives every leaf below it one
 * slot at its own level.
 *
 * A value of the wrong JS type is a bug upstream (a LONG as a JS number has already lost
 * precision), so it throws a TypeError naming the column instead of being coerced.
 */

type Shred = (value: RowValue | undefined, rep: number, def: number) => void;

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function mismatch(name: string, expected: string, value: unknown): TypeError {
  return new TypeError(`column ${name}: expected ${expected}, got ${describe(value)}`);
}

export function shredRows(columns: readonly Field[], rows: readonly Row[]): LeafData[] {
  const { leaves } = parquetSchema(columns);
  const data = leaves.map((leaf) => new LeafData(leaf, rows.length));
  let next = 0;

  const nulls = (first: number, end: number) => (rep: number, def: number) => {
    for (let i = first; i < end; i++) data[i].pushNull(rep, def);
  };

  const compile = (type: ColumnType, repLevel: number, name: string): Shred => {
    const first = next;
    switch (type.kind) {
      case 'primitive':
        return primitive(data[next++]);
      case 'struct': {
        const names = type.fields.map((f) => f.name);
        const shreds = type.fields.map((f) => compile(f.type, repLevel, `${name}.${f.name}`));
        const empty = nulls(first, next);
        return (value, rep, def) => {
          if (value === null || value === undefined) return empty(rep, def);
          if (typeof value !== 'object' || Array.isArray(value)) throw mismatch(name, 'object (STRUCT)', value);
          for (let i = 0; i < names.length; i++) shreds[i]((value as Row)[names[i]], rep, def + 1);
        };
      }
      case 'array': {
        const element = compile(type.element, repLevel + 1, `${name}.element`);
        const empty = nulls(first, next);
        return (value, rep, def) => {
          if (value === null || value === undefined) return empty(rep, def);
          if (!Array.isArray(value)) throw mismatch(name, 'array (ARRAY)', value);
          if (value.length === 0) return empty(rep, def + 1);
          for (let i = 0; i < value.length; i++) element(value[i] as RowValue, i === 0 ? rep : repLevel + 1, def + 2);
        };
      }
      case 'map': {
        const key = data[next++];
        const value = compile(type.value, repLevel + 1, `${name}.value`);
        const empty = nulls(first, next);
        return (entries, rep, def) => {
          if (entries === null || entries === undefined) return empty(rep, def);
          if (!Array.isArray(entries)) throw mismatch(name, 'array of [key, value] pairs (MAP)', entries);
          if (entries.length === 0) return empty(rep, def + 1);
          for (let i = 0; i < entries.length; i++) {
            const entry = entries[i];
            if (!Array.isArray(entry) || entry.length !== 2) throw mismatch(name, '[key, value] pairs (MAP)', entry);
            const r = i === 0 ? rep : repLevel + 1;
            if (typeof entry[0] !== 'string') throw mismatch(key.leaf.name, 'a non-null string', entry[0]);
            key.pushString(r, entry[0]);
            value(entry[1] as RowValue, r, def + 2);
          }
        };
      }
    }
  };

  const names = columns.map((c) => c.name);
  const shreds = columns.map((c) => compile(c.type, 0, c.name));
  for (const row of rows) for (let i = 0; i < names.length; i++) shreds[i](row[names[i]], 0, 0);
  return data;
}

function primitive(data: LeafData): Shred {
  const name = data.leaf.name;
  const optional = !data.leaf.required;
  const absent = (expected: string, value: null | undefined, rep: number, def: number) => {
    if (!optional) throw mismatch(name, expected, value ?? null);
    data.pushNull(rep, def);
  };
  switch (data.leaf.primitive) {
    case 'string': {
      const expected = optional ? 'string (STRING)' : 'a non-null string';
      return (v, rep, def) => {
        if (typeof v === 'string') data.pushString(rep, v);
        else if (v === null || v === undefined) absent(expected, v, rep, def);
        else throw mismatch(name, expected, v);
      };
    }
    case 'long':
      return (v, rep, def) => {
        if (typeof v === 'bigint') {
          if (v < INT64_MIN || v > INT64_MAX) throw mismatch(name, 'a bigint in the int64 range', v);
          data.pushLong(rep, v);
        } else if (v === null || v === undefined) absent('bigint (LONG)', v, rep, def);
        else throw mismatch(name, 'bigint (LONG)', v);
      };
    case 'int':
      return (v, rep, def) => {
        if (typeof v === 'number' && (v | 0) === v) data.pushInt(rep, v);
        else if (v === null || v === undefined) absent('a 32-bit integer number (INT)', v, rep, def);
        else throw mismatch(name, 'a 32-bit integer number (INT)', v);
      };
    case 'double':
      return (v, rep, def) => {
        if (typeof v === 'number') data.pushDouble(rep, v);
        else if (v === null || v === undefined) absent('number (DOUBLE)', v, rep, def);
        else throw mismatch(name, 'number (DOUBLE)', v);
      };
    case 'boolean':
      return (v, rep, def) => {
        if (typeof v === 'boolean') data.pushBool(rep, v);
        else if (v === null || v === undefined) absent('boolean (BOOLEAN)', v, rep, def);
        else throw mismatch(name, 'boolean (BOOLEAN)', v);
      };
  }
}
