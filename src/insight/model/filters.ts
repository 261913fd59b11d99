import type { SqlDialect } from './dialect.js';
import type { ParamDef } from './types.js';

/**
 * The filters, as named parameters only: user values never enter the SQL text. Each is a string
 * and an empty one (or NULL) means "all".
 */
export const PARAMS: readonly ParamDef[] = [
  { name: 'from', type: 'timestamp', title: 'From' },
  { name: 'to', type: 'timestamp', title: 'To' },
  { name: 'agent', type: 'string', title: 'Agent' },
  { name: 'user', type: 'string', title: 'User' },
  { name: 'model', type: 'string', title: 'Model' },
  { name: 'team', type: 'string', title: 'Team' },
  { name: 'session', type: 'string', title: 'Session' },
];

/** The filter parameters every view takes. */
export const FILTERS = ['from', 'to', 'agent', 'user', 'model', 'team'] as const;

/**
 * `from` / `to` as nanoseconds since the epoch, NULL when empty. A value is either the exact
 * nanoseconds as decimal text (what `/api/usage/*` binds, so that a window edge between two
 * events of the same microsecond stays exact) or a timestamp (text, or a DATETIME parameter of a
 * Lakeview dashboard: its text form is never all digits).
 */
export function boundNs(d: SqlDialect, name: 'from' | 'to'): string {
  const p = d.param(name);
  const fromTimestamp = d.timestampToNs(`try_cast(${p} AS TIMESTAMP)`);
  // DuckDB binds every parameter as VARCHAR: a timestamp's text does not cast to BIGINT.
  if (d.name === 'duckdb') return `COALESCE(try_cast(${p} AS BIGINT), ${fromTimestamp})`;
  return `CASE WHEN CAST(${p} AS STRING) RLIKE '^[0-9]+$' THEN try_cast(${p} AS BIGINT) ELSE ${fromTimestamp} END`;
}

/** `time_ns` in `[from, to)` (SPEC.md: a point or record counts when its time is in the window). */
export function inWindow(d: SqlDialect, col = 'time_ns'): string {
  const from = boundNs(d, 'from');
  const to = boundNs(d, 'to');
  return `(${from} IS NULL OR ${col} >= ${from}) AND (${to} IS NULL OR ${col} < ${to})`;
}

/**
 * The window of the same length just before `[from, to)`, for "change against the previous
 * period"; empty (false) unless both bounds are set.
 */
export function inPreviousWindow(d: SqlDialect, col = 'time_ns'): string {
  const from = boundNs(d, 'from');
  const to = boundNs(d, 'to');
  return `(${from} IS NOT NULL AND ${to} IS NOT NULL AND ${col} >= 2 * ${from} - ${to} AND ${col} < ${from})`;
}

/** One string filter: empty means all. */
export function matches(d: SqlDialect, col: string, param: string): string {
  const p = d.param(param);
  return `(COALESCE(${p}, '') = '' OR ${col} = ${p})`;
}

/** The agent / user / model / team filters over a relation with those columns. */
export function dimsMatch(d: SqlDialect, prefix = ''): string {
  return [
    matches(d, `${prefix}agent`, 'agent'),
    matches(d, `${prefix}user_id`, 'user'),
    matches(d, `${prefix}model`, 'model'),
    matches(d, `${prefix}team`, 'team'),
  ].join(' AND ');
}

/** Window and filters together. */
export function selected(d: SqlDialect, prefix = ''): string {
  return `${inWindow(d, `${prefix}time_ns`)} AND ${dimsMatch(d, prefix)}`;
}
