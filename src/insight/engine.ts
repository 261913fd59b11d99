import type { ParamName, ViewDef } from './model/index.js';

export type ParamValues = Partial<Record<ParamName, string>>;

export interface ViewResult {
  /** What the rows were read from (table versions), for caching and display. */
  readonly snapshot: string;
  /** Rows as JSON values, keyed by the view's column names. */
  readonly rows: Record<string, unknown>[];
}

/** Runs a view of the usage model over some tables: DuckDB over local files, or a SQL warehouse. */
export interface UsageEngine {
  run(view: ViewDef, params: ParamValues): Promise<ViewResult>;
  close(): Promise<void>;
}
