import { quoteTableName, type TableName } from '../../route/table-name.js';
import { ddlTemplate, TABLE_SCHEMAS } from '../../schema/tables.js';
import type { ColumnType, PrimitiveName, TableKind } from '../../schema/types.js';

/**
 * The SQL the warehouse sink runs. Table names are validated by `route/` (`[A-Za-z0-9_-]` parts),
 * so backquoting each part is enough to keep them inside their identifiers; row data never enters
 * the SQL text, it travels in the one named STRING parameter `:rows`.
 */

/** The DDL spelling of each primitive, as `sql/` writes them. */
const SQL_NAMES: Record<PrimitiveName, string> = {
  string: 'STRING',
  long: 'LONG',
  int: 'INT',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
};

/** A column type in Spark SQL's type syntax, every struct field name backquoted. */
export function sqlType(type: ColumnType): string {
  switch (type.kind) {
    case 'primitive':
      return SQL_NAMES[type.name];
    case 'array':
      return `ARRAY<${sqlType(type.element)}>`;
    case 'map':
      return `MAP<${sqlType(type.key)}, ${sqlType(type.value)}>`;
    case 'struct':
      return `STRUCT<${type.fields.map((f) => `\`${f.name}\`: ${sqlType(f.type)}`).join(', ')}>`;
  }
}

const ROWS_TYPES = new Map<TableKind, string>();

/**
 * The schema `from_json` reads the `rows` parameter with: an array of one struct whose fields are
 * the table's columns, in the table's order (so that `inline` yields them in INSERT order), with
 * the types of `sql/` (through `TABLE_SCHEMAS`, the one source of the schemas).
 */
export function rowsType(kind: TableKind): string {
  let type = ROWS_TYPES.get(kind);
  if (type === undefined) {
    type = sqlType({ kind: 'array', element: { kind: 'struct', fields: TABLE_SCHEMAS[kind].columns } });
    ROWS_TYPES.set(kind, type);
  }
  return type;
}

/** The name of the statement parameter that carries a batch as JSON. */
export const ROWS_PARAMETER = 'rows';

/**
 * `from_json` options: FAILFAST turns a record that does not fit the schema into an error (the
 * default, PERMISSIVE, would turn the whole array into NULL, and `inline(NULL)` inserts nothing,
 * so a batch would vanish without a word); `allowNonNumericNumbers` (Spark's default, spelled out
 * so that no session setting can change it) reads the strings "NaN", "Infinity" and "-Infinity"
 * in DOUBLE fields as those values (see rows-json.ts).
 */
const FROM_JSON_OPTIONS = "map('mode', 'FAILFAST', 'allowNonNumericNumbers', 'true')";

/**
 * One batch into one table in one statement:
 * `INSERT INTO `c`.`s`.`t` SELECT inline(from_json(:rows, '<ARRAY<STRUCT<...>>>', map(...)))`.
 * The connector binds only scalar parameters and at most 256 of them, so the whole batch is one
 * JSON STRING parameter, expanded server-side into rows; the SQL text is the same for every batch.
 */
export function insertSql(table: TableName, kind: TableKind): string {
  return `INSERT INTO ${quoteTableName(table)} SELECT inline(from_json(:${ROWS_PARAMETER}, '${rowsType(kind)}', ${FROM_JSON_OPTIONS}))`;
}

/** The `sql/` DDL of `kind` for `table`: each name part backquoted, `IF NOT EXISTS`. */
export function createTableSql(table: TableName, kind: TableKind): string {
  const template = ddlTemplate(kind).trim();
  const head = /^CREATE\s+TABLE\s+\S+\s*\(/i;
  if (!head.test(template)) throw new Error(`sql/otel_${kind}.sql does not start with CREATE TABLE <name> (`);
  return template.replace(head, `CREATE TABLE IF NOT EXISTS ${quoteTableName(table)} (`);
}

/** Lists the table's columns and their types (one row per column: col_name, data_type, comment). */
export function describeSql(table: TableName): string {
  return `DESCRIBE TABLE ${quoteTableName(table)}`;
}
