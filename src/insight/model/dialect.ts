/**
 * The SQL dialects the usage model renders for, and the one place their differences live
 * (AGENT-TELEMETRY.md, "Dialects"). Every view is written once against `SqlDialect`; nothing
 * else in the model knows which engine runs it.
 */
export type Dialect = 'duckdb' | 'databricks';

export interface SqlDialect {
  readonly name: Dialect;
  /** The value of key `key` (a SQL string literal) in the MAP expression `map`, NULL when absent. */
  mapValue(map: string, key: string): string;
  /** Nanoseconds since the epoch (BIGINT expression) to a TIMESTAMP (microsecond precision, UTC). */
  nsToTimestamp(ns: string): string;
  /** A TIMESTAMP expression to nanoseconds since the epoch (BIGINT). */
  timestampToNs(ts: string): string;
  /** Approximate percentile `p` (0..1) of `x`. */
  percentile(x: string, p: number): string;
  /** A named query parameter. Databricks SQL writes `:name`; DuckDB's node-api binds `$name`. */
  param(name: string): string;
  /** A MAP rendered as text, for grouping or partitioning (Databricks cannot group by a MAP). */
  mapText(map: string): string;
  /** Integer division of BIGINTs. */
  intDiv(a: string, b: string): string;
  /** The day (DATE) of a TIMESTAMP, in UTC. */
  day(ts: string): string;
  /** The type MAP<STRING, STRING>, for typed NULLs of an empty source list. */
  readonly stringMap: string;
  /** A quoted identifier (a column alias that is also a keyword, like `table`). */
  ident(name: string): string;
  /** Every column but these: `* EXCLUDE (...)` in DuckDB, `* EXCEPT (...)` in Databricks SQL. */
  starExcept(columns: readonly string[]): string;
  /** The distinct values of a group, sorted, joined with ', ' (a deterministic string_agg). */
  sortedList(x: string): string;
}

const duckdb: SqlDialect = {
  name: 'duckdb',
  // map_extract returns a list; map_extract_value the value itself (DuckDB >= 1.3).
  mapValue: (map, key) => `map_extract_value(${map}, ${key})`,
  nsToTimestamp: (ns) => `make_timestamp(${ns} // 1000)`,
  timestampToNs: (ts) => `(epoch_us(${ts}) * 1000)`,
  percentile: (x, p) => `approx_quantile(${x}, ${p})`,
  param: (name) => `$${name}`,
  mapText: (map) => `CAST(${map} AS VARCHAR)`,
  intDiv: (a, b) => `(${a} // ${b})`,
  day: (ts) => `CAST(${ts} AS DATE)`,
  stringMap: 'MAP(VARCHAR, VARCHAR)',
  ident: (name) => `"${name}"`,
  starExcept: (columns) => `* EXCLUDE (${columns.join(', ')})`,
  sortedList: (x) => `array_to_string(list_sort(list(DISTINCT ${x})), ', ')`,
};

const databricks: SqlDialect = {
  name: 'databricks',
  mapValue: (map, key) => `${map}[${key}]`,
  nsToTimestamp: (ns) => `timestamp_micros(${ns} DIV 1000)`,
  timestampToNs: (ts) => `(unix_micros(${ts}) * 1000)`,
  percentile: (x, p) => `percentile_approx(${x}, ${p})`,
  param: (name) => `:${name}`,
  mapText: (map) => `to_json(${map})`,
  intDiv: (a, b) => `(${a} DIV ${b})`,
  day: (ts) => `CAST(${ts} AS DATE)`,
  stringMap: 'MAP<STRING, STRING>',
  ident: (name) => `\`${name}\``,
  starExcept: (columns) => `* EXCEPT (${columns.join(', ')})`,
  sortedList: (x) => `array_join(array_sort(collect_set(${x})), ', ')`,
};

export function dialectOf(name: Dialect): SqlDialect {
  return name === 'duckdb' ? duckdb : databricks;
}

/**
 * A SQL string literal, for names the model itself owns (metric, event and attribute names,
 * model names of the price list), never for what a user sends. The two dialects escape
 * backslashes differently, so the text is restricted to characters neither treats specially.
 */
export function lit(text: string): string {
  if (!/^[A-Za-z0-9_.:/ @+-]*$/.test(text)) throw new Error(`not a plain SQL literal: ${JSON.stringify(text)}`);
  return `'${text}'`;
}
