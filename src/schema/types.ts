/**
 * The column types of the v1 tables, as the DDL in `sql/` spells them.
 * One tree serves the Delta schema string, the Arrow/Parquet layout and the SQL of the warehouse sink.
 */
export type PrimitiveName = 'string' | 'long' | 'int' | 'double' | 'boolean';

export type ColumnType =
  | { kind: 'primitive'; name: PrimitiveName }
  | { kind: 'struct'; fields: Field[] }
  | { kind: 'array'; element: ColumnType }
  | { kind: 'map'; key: ColumnType; value: ColumnType };

export interface Field {
  name: string;
  type: ColumnType;
}

export type TableKind = 'metrics' | 'logs' | 'spans';

export interface TableSchema {
  kind: TableKind;
  columns: Field[];
  /** TBLPROPERTIES of the DDL, e.g. `otel.schemaVersion = v1`. */
  properties: Record<string, string>;
}
