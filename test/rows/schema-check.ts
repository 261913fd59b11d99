import assert from 'node:assert/strict';
import type { Row } from '../../src/rows/row.js';
import { TABLE_SCHEMAS } from '../../src/schema/tables.js';
import type { ColumnType, Field, TableKind } from '../../src/schema/types.js';

/**
 * Checks rows against the table schemas parsed from `sql/`, recursively: every row (and every
 * struct in it) has exactly the fields of its type, in DDL order, and every value has the JS type
 * that `src/rows/row.ts` prescribes for its column type.
 */

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

export function assertRowsConform(rows: Row[], kind: TableKind): void {
  const columns = TABLE_SCHEMAS[kind].columns;
  rows.forEach((row, i) => checkStruct(row, columns, `${kind}[${i}]`));
}

function checkStruct(value: unknown, fields: Field[], path: string): void {
  assert.ok(typeof value === 'object' && value !== null && !Array.isArray(value), `${path}: not a struct`);
  assert.deepEqual(
    Object.keys(value),
    fields.map((f) => f.name),
    `${path}: wrong fields`,
  );
  const record = value as Record<string, unknown>;
  for (const f of fields) checkValue(record[f.name], f.type, `${path}.${f.name}`);
}

function checkValue(value: unknown, type: ColumnType, path: string): void {
  assert.notEqual(value, undefined, `${path}: undefined`);
  if (value === null) return;
  switch (type.kind) {
    case 'primitive':
      switch (type.name) {
        case 'string':
          assert.equal(typeof value, 'string', `${path}: not a string`);
          return;
        case 'boolean':
          assert.equal(typeof value, 'boolean', `${path}: not a boolean`);
          return;
        case 'double':
          assert.equal(typeof value, 'number', `${path}: not a number`);
          return;
        case 'int':
          assert.ok(
            typeof value === 'number' && Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31,
            `${path}: not a 32-bit integer: ${String(value)}`,
          );
          return;
        case 'long':
          assert.ok(
            typeof value === 'bigint' && value >= INT64_MIN && value <= INT64_MAX,
            `${path}: not a signed 64-bit bigint: ${String(value)}`,
          );
          return;
      }
      return;
    case 'struct':
      checkStruct(value, type.fields, path);
      return;
    case 'array':
      assert.ok(Array.isArray(value), `${path}: not an array`);
      value.forEach((element, i) => checkValue(element, type.element, `${path}[${i}]`));
      return;
    case 'map': {
      assert.ok(Array.isArray(value), `${path}: a map is not an entry array`);
      const keys = new Set<string>();
      for (const entry of value) {
        assert.ok(Array.isArray(entry) && entry.length === 2, `${path}: entry is not a [key, value] pair`);
        const [k, v] = entry as unknown[];
        assert.equal(typeof k, 'string', `${path}: key is not a string`);
        assert.ok(v === null || typeof v === 'string', `${path}[${String(k)}]: value is not a string or null`);
        assert.ok(!keys.has(k as string), `${path}: duplicate key ${String(k)}`);
        keys.add(k as string);
      }
      return;
    }
  }
}

/** The paths of every leaf column (arrays as `[]`, maps as leaves), e.g. `gauge.exemplars[].value`. */
export function leafPaths(kind: TableKind): string[] {
  const out: string[] = [];
  const walk = (type: ColumnType, path: string): void => {
    if (type.kind === 'struct') for (const f of type.fields) walk(f.type, path ? `${path}.${f.name}` : f.name);
    else if (type.kind === 'array') walk(type.element, `${path}[]`);
    else out.push(path);
  };
  walk({ kind: 'struct', fields: TABLE_SCHEMAS[kind].columns }, '');
  return out;
}

/** The leaf paths that hold a non-null value (a non-empty map) in at least one of the rows. */
export function leafPathsSet(rows: Row[], kind: TableKind): Set<string> {
  const seen = new Set<string>();
  const walk = (value: unknown, type: ColumnType, path: string): void => {
    if (value === null) return;
    if (type.kind === 'struct') {
      for (const f of type.fields) walk((value as Row)[f.name], f.type, path ? `${path}.${f.name}` : f.name);
    } else if (type.kind === 'array') {
      for (const element of value as unknown[]) walk(element, type.element, `${path}[]`);
    } else if (type.kind === 'map') {
      if ((value as unknown[]).length > 0) seen.add(path);
    } else {
      seen.add(path);
    }
  };
  for (const row of rows) walk(row, { kind: 'struct', fields: TABLE_SCHEMAS[kind].columns }, '');
  return seen;
}
