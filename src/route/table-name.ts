/**
 * Unity Catalog three-part table names, as `X-Databricks-UC-Table-Name` carries them.
 * Each part is restricted to `[A-Za-z0-9_-]` so that a name can never reach outside the data
 * directory on disk nor out of its backquotes in SQL.
 */
export interface TableName {
  catalog: string;
  schema: string;
  table: string;
}

const PART = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,254}$/;

export type TableNameResult = { ok: true; name: TableName } | { ok: false; reason: string };

export function parseTableName(text: string): TableNameResult {
  const parts = text.split('.');
  if (parts.length !== 3) {
    return { ok: false, reason: `expected catalog.schema.table (three parts separated by dots), got ${parts.length} part(s)` };
  }
  const names = ['catalog', 'schema', 'table'] as const;
  for (let i = 0; i < 3; i++) {
    if (!PART.test(parts[i])) {
      return {
        ok: false,
        reason: `the ${names[i]} part must match ${PART.source} (letters, digits, _ and -, not starting with -)`,
      };
    }
  }
  return { ok: true, name: { catalog: parts[0], schema: parts[1], table: parts[2] } };
}

export function formatTableName(name: TableName): string {
  return `${name.catalog}.${name.schema}.${name.table}`;
}

/** The name quoted for Spark SQL: each part in backquotes (the parts cannot contain one). */
export function quoteTableName(name: TableName): string {
  return `\`${name.catalog}\`.\`${name.schema}\`.\`${name.table}\``;
}
