import { PAGES, PARAMS, VIEWS, type ParamDef } from '../model/index.js';
import { buildDashboard } from './build.js';
import type { FilterDef } from './parameters.js';
import { databricksSources } from './sources.js';
import type { ExportView, LvDashboard } from './types.js';

/**
 * The usage model's views as a Databricks AI/BI dashboard: every view of `VIEWS` rendered in the
 * Databricks dialect over `catalog.schema.<prefix>_otel_*` (all prefixes unioned), on the pages of
 * `PAGES`, with the model's parameters (`PARAMS`) as the dashboard's filters.
 */

/** Until a viewer picks dates, the last 30 days up to the end of today (`to` is exclusive). */
const DATE_DEFAULTS: Record<string, string> = { from: 'now-30d/d', to: 'now+1d/d' };

export function filterOf(param: ParamDef): FilterDef {
  return param.type === 'timestamp'
    ? { keyword: param.name, title: param.title, dataType: 'DATETIME', defaultValue: DATE_DEFAULTS[param.name] ?? 'now/d', widgetType: 'filter-date-picker' }
    : { keyword: param.name, title: param.title, dataType: 'STRING', defaultValue: '', widgetType: 'filter-single-select' };
}

/** The views rendered for Databricks over those tables. */
export function exportViews(catalog: string, schema: string, prefixes: readonly string[]): ExportView[] {
  const sources = databricksSources(catalog, schema, prefixes);
  return VIEWS.map((view) => ({
    id: view.id,
    title: view.title,
    page: view.page,
    columns: view.columns,
    chart: view.chart,
    ...(view.encoding ? { encoding: view.encoding } : {}),
    sql: view.sql('databricks', sources),
  }));
}

export function usageDashboard(catalog: string, schema: string, prefixes: readonly string[]): LvDashboard {
  return buildDashboard(exportViews(catalog, schema, prefixes), PAGES, { filters: PARAMS.map(filterOf) });
}
