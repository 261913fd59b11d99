/**
 * The usage model: what the dashboard shows, defined once and rendered for DuckDB (local
 * tables) and Databricks SQL (Unity Catalog). SPEC.md "Usage insight", AGENT-TELEMETRY.md.
 *
 * How to use it:
 *
 *   const sql = view.sql('databricks', { metrics: ['`main`.`otel`.`cc_otel_metrics`'], logs: [...], spans: [...] });
 *
 * - `Sources` are relations already rendered for the dialect (backquoted three-part names, or
 *   DuckDB `read_parquet([...])` expressions); every list is unioned, so tables of several
 *   prefixes / agents appear together. Empty lists are fine.
 * - Each `ViewDef` in `VIEWS` is one dataset / endpoint (`/api/usage/<id>`): `columns` are its
 *   result columns in order (ratios are computed in the SQL), `chart` and `encoding` say how to
 *   draw it, `page` which of `PAGES` shows it, `params` which named parameters its SQL uses.
 * - Parameters (`PARAMS`) are all strings and bound by name, never interpolated: `:name` on
 *   Databricks, `$name` on DuckDB. An empty string means "no filter". `from` / `to` hold
 *   nanoseconds since the epoch as decimal text (what `/api/usage/*` binds: exact edges) or
 *   timestamps (UTC; a Lakeview DATETIME parameter works too); the window is `[from, to)`.
 *   `session` selects the timeline's session.
 * - `RenderOptions.prices` replaces the shipped price list (`SHIPPED_PRICES`) used for the
 *   estimated cost of Codex and Gemini CLI.
 *
 * Exported names are stable; additions only.
 */
import { cache, spendOverTime, tokensOverTime } from './views/spend.js';
import { editDecisions, tools } from './views/tools.js';
import { efficiency } from './views/efficiency.js';
import { lastData, rowsPerDay, unusedNames } from './views/health.js';
import { overview, summary } from './views/overview.js';
import { teams, users } from './views/people.js';
import { apiErrors, apiStatus, latency, retries } from './views/reliability.js';
import { sessions, sessionTimeline } from './views/sessions.js';
import type { PageDef, ViewDef } from './types.js';

export type { Dialect, SqlDialect } from './dialect.js';
export { dialectOf } from './dialect.js';
export type { Chart, ColumnDef, ColumnType, PageDef, ParamDef, ParamName, RenderOptions, Sources, ViewDef } from './types.js';
export { FILTERS, PARAMS } from './filters.js';
export { PriceListSchema, SHIPPED_PRICES, type PriceEntry, type PriceList } from './prices.js';
export { AGENTS, type Agent } from './agents.js';
export { BASE_RELATIONS } from './query.js';
export { SUMMARY_FIELDS } from './views/totals.js';
export { USED_EVENTS, USED_METRICS } from './views/health.js';
/** The filters' choices; a dataset, not shown as a view. */
export { filterValues as FILTER_VALUES } from './views/filter-values.js';

export const PAGES: readonly PageDef[] = [
  { id: 'overview', title: 'Overview' },
  { id: 'spend', title: 'Spend and tokens' },
  { id: 'users', title: 'Users and teams' },
  { id: 'sessions', title: 'Sessions' },
  { id: 'tools', title: 'Tools' },
  { id: 'efficiency', title: 'Cost efficiency' },
  { id: 'reliability', title: 'Reliability' },
  { id: 'health', title: 'Data health' },
];

export const VIEWS: readonly ViewDef[] = [
  summary,
  overview,
  spendOverTime,
  tokensOverTime,
  cache,
  users,
  teams,
  sessions,
  sessionTimeline,
  tools,
  editDecisions,
  efficiency,
  apiErrors,
  apiStatus,
  latency,
  retries,
  rowsPerDay,
  lastData,
  unusedNames,
];

export function viewById(id: string): ViewDef | undefined {
  return VIEWS.find((v) => v.id === id);
}
