import type { Dialect, SqlDialect } from './dialect.js';
import type { PriceList } from './prices.js';

/**
 * The relations a view reads, already rendered for the dialect: backquoted three-part names on
 * Databricks, `read_parquet([...])` expressions (or view names) on DuckDB. Each list may hold
 * several tables (different prefixes, different agents); the model unions them.
 */
export interface Sources {
  readonly metrics: readonly string[];
  readonly logs: readonly string[];
  readonly spans: readonly string[];
  /**
   * Optional display names, index for index with the lists above (e.g. `main.default.cc_otel_logs`),
   * used by the data-health views; the relation text stands in when absent.
   */
  readonly names?: { readonly metrics: readonly string[]; readonly logs: readonly string[]; readonly spans: readonly string[] };
}

export type ColumnType = 'string' | 'integer' | 'double' | 'timestamp' | 'date';

export interface ColumnDef {
  readonly name: string;
  readonly type: ColumnType;
}

export type Chart = 'counter' | 'table' | 'line' | 'bar' | 'area' | 'pie';

/** Options a rendering may pass; everything has a shipped default. */
export interface RenderOptions {
  /** The price list for estimated cost (Codex, Gemini CLI); the shipped one when absent. */
  readonly prices?: PriceList;
  /**
   * The name prefix of relations `<prefix>mp`, `<prefix>ev`, ... (`BASE_RELATIONS`) that hold
   * these sources already normalised: the views read them instead of normalising the sources
   * again (the local engine builds them, `per-file.ts`).
   */
  readonly materialised?: string;
}

export interface ViewDef {
  /** Stable identifier: the JSON endpoint `/api/usage/<id>` and the Lakeview dataset name. */
  readonly id: string;
  readonly title: string;
  /** The id of the page in `PAGES` that shows this view. */
  readonly page: string;
  readonly description: string;
  readonly columns: readonly ColumnDef[];
  readonly chart: Chart;
  /** For line / bar / area charts: the x column, the y columns and the optional series column. */
  readonly encoding?: { readonly x: string; readonly y: readonly string[]; readonly series?: string };
  /** The named parameters the SQL uses (a subset of `PARAMS`). */
  readonly params: readonly ParamName[];
  sql(dialect: Dialect, sources: Sources, options?: RenderOptions): string;
}

export interface PageDef {
  readonly id: string;
  readonly title: string;
}

/**
 * The named parameters of the views. Every one is a string bound at run time (an empty string
 * means "no filter"); `from` and `to` hold nanoseconds since the epoch as decimal text (what the
 * JSON API binds) or timestamps (`YYYY-MM-DD HH:MM:SS[.ffffff]`, UTC; a DATETIME parameter on
 * Databricks), and a view's window is `[from, to)`.
 */
export type ParamName = 'from' | 'to' | 'agent' | 'user' | 'model' | 'team' | 'session';

export interface ParamDef {
  readonly name: ParamName;
  readonly type: 'timestamp' | 'string';
  readonly title: string;
}

/** What a view's SQL builder receives. */
export interface Ctx {
  readonly d: SqlDialect;
  readonly sources: Sources;
  readonly prices: PriceList;
  readonly materialised?: string;
}
