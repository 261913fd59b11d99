import type { ParamValues, UsageEngine, ViewResult } from './engine.js';
import { databricksSources } from './lakeview/sources.js';
import type { PriceList, Sources, ViewDef } from './model/index.js';
import { toJsonRow } from './result-json.js';

/**
 * The usage views run on the SQL warehouse: each view's Databricks rendering (the same SQL as the
 * dataset of the exported `.lvdash.json`) over `catalog.schema.<prefix>_otel_*` of the given
 * prefixes, its filters bound as named STRING parameters. The statement runner is given (the
 * `@databricks/sql` code lives in sinks/databricks/), so this file stays free of I/O of its own.
 */

export interface WarehouseQueries {
  query(sql: string, parameters: Readonly<Record<string, string>>): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

export interface WarehouseTables {
  catalog: string;
  schema: string;
  prefixes: readonly string[];
}

export class WarehouseEngine implements UsageEngine {
  private readonly sources: Sources;

  constructor(
    private readonly queries: WarehouseQueries,
    tables: WarehouseTables,
    private readonly options: { prices?: PriceList } = {},
  ) {
    this.sources = databricksSources(tables.catalog, tables.schema, tables.prefixes);
  }

  async run(view: ViewDef, params: ParamValues): Promise<ViewResult> {
    const sql = view.sql('databricks', this.sources, { prices: this.options.prices });
    // Only the parameters the SQL names, each a string ('' = no filter), as the local engine binds them.
    const bound = Object.fromEntries(view.params.map((name) => [name, params[name] ?? '']));
    const rows = await this.queries.query(sql, bound);
    return { snapshot: `warehouse:${this.sources.names?.metrics.join(',') ?? ''}`, rows: rows.map((r) => toJsonRow(view.columns, r)) };
  }

  close(): Promise<void> {
    return this.queries.close();
  }
}
