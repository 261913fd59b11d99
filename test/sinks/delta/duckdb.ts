import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { MapEntries, Row, RowValue } from '../../../src/rows/row.js';
import type { ColumnType, Field } from '../../../src/schema/types.js';

/**
 * DuckDB as the independent reader of what we write: it has its own Parquet reader, so a value
 * that comes back equal went through a real file, not through our decoder.
 */
let connection: Promise<DuckDBConnection> | undefined;

export function duckdb(): Promise<DuckDBConnection> {
  connection ??= DuckDBInstance.create(':memory:').then((db) => db.connect());
  return connection;
}

export async function query(sql: string): Promise<Record<string, unknown>[]> {
  const reader = await (await duckdb()).runAndReadAll(sql);
  return reader.getRowObjectsJS() as Record<string, unknown>[];
}

export function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** `read_parquet([...])` over the given files, every column, in file then row order. */
export async function readParquetRows(columns: readonly Field[], files: readonly string[]): Promise<Row[]> {
  const list = files.map(sqlString).join(', ');
  const names = columns.map((c) => `"${c.name}"`).join(', ');
  const rows = await query(`SELECT ${names} FROM read_parquet([${list}], file_row_number = true, filename = true) ORDER BY filename, file_row_number`);
  return rows.map((r) => fromDuckDb(columns, r));
}

/** A DuckDB row object in the conventions of `src/rows/row.ts`, guided by the column types. */
export function fromDuckDb(columns: readonly Field[], row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const c of columns) out[c.name] = value(c.type, row[c.name]);
  return out;
}

function value(type: ColumnType, v: unknown): RowValue {
  if (v === null || v === undefined) return null;
  switch (type.kind) {
    case 'primitive':
      return v as RowValue;
    case 'struct': {
      const obj = v as Record<string, unknown>;
      return fromDuckDb(type.fields, obj);
    }
    case 'array':
      return (v as unknown[]).map((e) => value(type.element, e));
    case 'map': {
      // DuckDB gives a MAP as an array of { key, value } entries.
      const entries = v as Array<{ key: unknown; value: unknown }>;
      return entries.map((e) => [e.key as string, value(type.value, e.value) as string | null]) as MapEntries;
    }
  }
}
