import { TypeId } from './thrift-defs.js';

/** A small result set; the warehouse answers every query with column-based (not Arrow) results. */
export type CellType = 'STRING' | 'INT' | 'BIGINT' | 'DOUBLE' | 'BOOLEAN';
export type Cell = string | number | boolean | null;
export interface ResultColumn {
  name: string;
  type: CellType;
}
export interface ResultSet {
  columns: ResultColumn[];
  rows: Cell[][];
}

export const EMPTY_RESULT: ResultSet = { columns: [], rows: [] };

const TYPE_IDS: Record<CellType, number> = {
  STRING: TypeId.STRING,
  INT: TypeId.INT,
  BIGINT: TypeId.BIGINT,
  DOUBLE: TypeId.DOUBLE,
  BOOLEAN: TypeId.BOOLEAN,
};

/** TTableSchema for GetResultSetMetadata. */
export function tableSchema(result: ResultSet): object {
  return {
    columns: result.columns.map((column, i) => ({
      columnName: column.name,
      typeDesc: { types: [{ primitiveEntry: { type: TYPE_IDS[column.type] } }] },
      position: i + 1,
      comment: '',
    })),
  };
}

function nullBitmap(values: Cell[]): Buffer {
  const bitmap = Buffer.alloc(Math.ceil(values.length / 8));
  values.forEach((v, i) => {
    if (v === null) bitmap[i >> 3] |= 1 << (i % 8);
  });
  return bitmap;
}

function column(type: CellType, values: Cell[]): object {
  const nulls = nullBitmap(values);
  switch (type) {
    case 'STRING':
      return { stringVal: { values: values.map((v) => (v === null ? '' : String(v))), nulls } };
    case 'INT':
      return { i32Val: { values: values.map((v) => Number(v ?? 0)), nulls } };
    case 'BIGINT':
      return { i64Val: { values: values.map((v) => Number(v ?? 0)), nulls } };
    case 'DOUBLE':
      return { doubleVal: { values: values.map((v) => Number(v ?? 0)), nulls } };
    case 'BOOLEAN':
      return { boolVal: { values: values.map((v) => Boolean(v)), nulls } };
  }
}

/** TRowSet (column-based) holding rows [from, to) of the result. */
export function rowSet(result: ResultSet, from: number, to: number): object {
  const rows = result.rows.slice(from, to);
  return {
    startRowOffset: from,
    rows: [],
    columns: result.columns.map((c, i) => column(c.type, rows.map((r) => r[i] ?? null))),
  };
}
