import type { LvParameter } from './types.js';

/**
 * The named parameters of a dataset: every `:name` marker of its SQL (Databricks SQL parameter
 * markers), outside string literals, quoted identifiers and comments, in order of first use. A
 * Lakeview dataset must declare each one, or its query fails with UNBOUND_SQL_PARAMETER.
 */
export function parameterMarkers(sql: string): string[] {
  const found: string[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (c === "'" || c === '"' || c === '`') {
      // A quote ends at the same quote; a doubled one or a backslash escape stays inside.
      i++;
      while (i < sql.length && sql[i] !== c) i += sql[i] === '\\' && c !== '`' ? 2 : 1;
      i++;
    } else if (c === '-' && sql[i + 1] === '-') {
      while (i < sql.length && sql[i] !== '\n') i++;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else if (c === ':' && sql[i + 1] === ':') {
      i += 2;
    } else if (c === ':' && /[A-Za-z_]/.test(sql[i + 1] ?? '') && !/[\w]/.test(sql[i - 1] ?? '')) {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i + 1))![0];
      if (!found.includes(name)) found.push(name);
      i += 1 + name.length;
    } else {
      i++;
    }
  }
  return found;
}

/** A dashboard-wide filter: the parameter it sets in every dataset that uses it. */
export interface FilterDef {
  keyword: string;
  title: string;
  dataType: LvParameter['dataType'];
  /** The value until a viewer picks one (dynamic dates as Lakeview writes them). */
  defaultValue: string;
  widgetType: 'filter-date-picker' | 'filter-single-select';
}

/**
 * The filters of the usage page (AGENT-TELEMETRY.md; the model's filters): the time window and
 * who / what. An empty string filter means "all", as on the local page.
 */
export const KNOWN_FILTERS: readonly FilterDef[] = [
  { keyword: 'from', title: 'From', dataType: 'DATETIME', defaultValue: 'now-30d/d', widgetType: 'filter-date-picker' },
  { keyword: 'to', title: 'To', dataType: 'DATETIME', defaultValue: 'now', widgetType: 'filter-date-picker' },
  { keyword: 'agent', title: 'Agent', dataType: 'STRING', defaultValue: '', widgetType: 'filter-single-select' },
  { keyword: 'user', title: 'User', dataType: 'STRING', defaultValue: '', widgetType: 'filter-single-select' },
  { keyword: 'model', title: 'Model', dataType: 'STRING', defaultValue: '', widgetType: 'filter-single-select' },
  { keyword: 'team', title: 'Team', dataType: 'STRING', defaultValue: '', widgetType: 'filter-single-select' },
];

/** The filter of a keyword; one the list does not know is a text parameter whose empty value means all. */
export function filterFor(keyword: string, filters: readonly FilterDef[] = KNOWN_FILTERS): FilterDef {
  return (
    filters.find((f) => f.keyword === keyword) ?? {
      keyword,
      title: keyword.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()),
      dataType: 'STRING',
      defaultValue: '',
      widgetType: 'filter-single-select',
    }
  );
}

export function parameterDeclaration(filter: FilterDef): LvParameter {
  return {
    displayName: filter.title,
    keyword: filter.keyword,
    dataType: filter.dataType,
    defaultSelection: { values: { dataType: filter.dataType, values: [{ value: filter.defaultValue }] } },
  };
}
