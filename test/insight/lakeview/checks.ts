import { SparkSQL } from 'dt-sql-parser';
import { parameterMarkers } from '../../../src/insight/lakeview/parameters.js';
import { GRID_COLUMNS, type LvDashboard } from '../../../src/insight/lakeview/types.js';

/**
 * What an import of a `.lvdash.json` checks, written out as values (a list of problems, empty when
 * the file is sound), so that the tests of the stand-in views and of the real model share them.
 */

/** Spec versions as documented: counter, table and filters 2; bar, line, area, pie 3. */
export const SPEC_VERSIONS: Record<string, number> = {
  counter: 2,
  table: 2,
  'filter-date-picker': 2,
  'filter-date-range-picker': 2,
  'filter-single-select': 2,
  'filter-multi-select': 2,
  bar: 3,
  line: 3,
  area: 3,
  pie: 3,
};

/**
 * `columns`: the columns each dataset's query returns (by dataset name), as its view declares them.
 */
export function structureProblems(dash: LvDashboard, columns: ReadonlyMap<string, readonly string[]>): string[] {
  const problems: string[] = [];
  const datasets = new Map(dash.datasets.map((d) => [d.name, d]));
  if (datasets.size !== dash.datasets.length) problems.push('dataset names are not unique');
  const widgetNames = new Set<string>();
  for (const d of dash.datasets) {
    const sql = d.queryLines.join('');
    const used = parameterMarkers(sql);
    const declared = (d.parameters ?? []).map((p) => p.keyword);
    for (const u of used) if (!declared.includes(u)) problems.push(`${d.name}: :${u} is used but not declared`);
    for (const p of declared) if (!used.includes(p)) problems.push(`${d.name}: parameter ${p} is declared but not used`);
    for (const p of d.parameters ?? []) {
      if (p.defaultSelection.values.dataType !== p.dataType) problems.push(`${d.name}: ${p.keyword} default has another type`);
    }
  }
  if (new Set(dash.pages.map((p) => p.name)).size !== dash.pages.length) problems.push('page names are not unique');
  for (const page of dash.pages) {
    if (page.layoutVersion !== 'GRID_V1') problems.push(`${page.name}: layoutVersion ${page.layoutVersion}`);
    const cells = new Set<string>();
    for (const { widget, position: p } of page.layout) {
      if (widgetNames.has(widget.name)) problems.push(`widget name ${widget.name} twice`);
      widgetNames.add(widget.name);
      if (![p.x, p.y, p.width, p.height].every(Number.isInteger) || p.x < 0 || p.y < 0 || p.width < 1 || p.height < 1 || p.x + p.width > GRID_COLUMNS) {
        problems.push(`${widget.name}: position ${JSON.stringify(p)} is not inside the 12-column grid`);
      }
      for (let x = p.x; x < p.x + p.width; x++) {
        for (let y = p.y; y < p.y + p.height; y++) {
          if (cells.has(`${x},${y}`)) problems.push(`${widget.name}: overlaps another widget at ${x},${y}`);
          cells.add(`${x},${y}`);
        }
      }
      if (widget.textbox_spec !== undefined) continue;
      const spec = widget.spec;
      if (!spec) {
        problems.push(`${widget.name}: no spec`);
        continue;
      }
      if (SPEC_VERSIONS[spec.widgetType] === undefined) problems.push(`${widget.name}: widget type ${spec.widgetType}`);
      else if (spec.version !== SPEC_VERSIONS[spec.widgetType]) problems.push(`${widget.name}: ${spec.widgetType} version ${spec.version}`);
      const isFilter = spec.widgetType.startsWith('filter-');
      if (isFilter !== (page.pageType === 'PAGE_TYPE_GLOBAL_FILTERS')) problems.push(`${widget.name}: ${spec.widgetType} on a ${page.pageType} page`);
      const queries = new Map((widget.queries ?? []).map((q) => [q.name, q.query]));
      for (const [qname, q] of queries) {
        const dataset = datasets.get(q.datasetName);
        if (!dataset) {
          problems.push(`${widget.name}/${qname}: unknown dataset ${q.datasetName}`);
          continue;
        }
        for (const f of q.fields ?? []) {
          const plain = /^`([^`]+)`$/.exec(f.expression)?.[1];
          const inner = /^[A-Z_]+\(`([^`]+)`\)$/.exec(f.expression)?.[1];
          const col = plain ?? inner;
          if (col === undefined) problems.push(`${widget.name}: field expression ${f.expression} is not a column or a simple aggregate`);
          else if (!(columns.get(q.datasetName) ?? []).includes(col)) {
            problems.push(`${widget.name}: field ${col} is not a column of ${q.datasetName}`);
          }
        }
        for (const p of q.parameters ?? []) {
          if (!(dataset.parameters ?? []).some((d) => d.keyword === p.keyword)) problems.push(`${widget.name}: ${q.datasetName} has no parameter ${p.keyword}`);
        }
      }
      // Every encoded field names a field (or a parameter) of one of the widget's queries.
      const encoded: Record<string, unknown>[] = [];
      for (const value of Object.values(spec.encodings)) {
        if (Array.isArray(value)) encoded.push(...(value as Record<string, unknown>[]));
        else if (value && typeof value === 'object') encoded.push(value as Record<string, unknown>);
      }
      for (const e of encoded) {
        const inQueries = e.queryName ? [queries.get(e.queryName as string)].filter(Boolean) : [...queries.values()];
        if (e.queryName && inQueries.length === 0) problems.push(`${widget.name}: encoding names the unknown query ${e.queryName}`);
        if (typeof e.fieldName === 'string' && !inQueries.some((q) => q!.fields?.some((f) => f.name === e.fieldName))) {
          problems.push(`${widget.name}: encoded field ${e.fieldName} is not declared by its query`);
        }
        if (typeof e.parameterName === 'string' && !inQueries.some((q) => q!.parameters?.some((p) => p.name === e.parameterName))) {
          problems.push(`${widget.name}: encoded parameter ${e.parameterName} is not bound by its query`);
        }
      }
    }
  }
  return problems;
}

/** Functions and syntax of DuckDB that Databricks SQL does not have (AGENT-TELEMETRY.md, "Dialects"). */
const DUCKDB_ONLY: readonly [RegExp, string][] = [
  [/\bmap_extract_value\s*\(/i, 'map_extract_value'],
  [/\bmap_extract\s*\(/i, 'map_extract'],
  [/\bapprox_quantile\s*\(/i, 'approx_quantile'],
  [/\bmake_timestamp\s*\(/i, 'make_timestamp'],
  [/\blist_[a-z_]+\s*\(/i, 'list_* functions'],
  [/\bread_parquet\s*\(/i, 'read_parquet'],
  [/\bdelta_scan\s*\(/i, 'delta_scan'],
  [/\bepoch_ns\s*\(/i, 'epoch_ns'],
  [/\bstrftime\s*\(/i, 'strftime'],
  [/\bregexp_matches\s*\(/i, 'regexp_matches'],
  [/\bstruct_extract\s*\(/i, 'struct_extract'],
  [/::/, ':: casts'],
  [/\/\//, '// integer division'],
  [/\$[a-z_]+\b/i, '$name parameters'],
];

export function duckdbOnly(sql: string): string[] {
  const code = sql.replace(/'(?:[^'\\]|\\.|'')*'/g, "''").replace(/--[^\n]*/g, '');
  return DUCKDB_ONLY.filter(([re]) => re.test(code)).map(([, name]) => name);
}

const spark = new SparkSQL();

/**
 * Spark SQL syntax errors of a dataset's SQL. dt-sql-parser's grammar takes two-part table names
 * only and stumbles on parameter markers named like keywords (`:from`), so every backquoted
 * three-part name becomes a two-part one, and every `:name` marker a string literal, first.
 */
export function sparkErrors(sql: string): string[] {
  const forParser = sql
    .replace(/`[^`]+`\.(`[^`]+`\.`[^`]+`)/g, '$1')
    .replace(/(^|[^:\w]):([A-Za-z_][A-Za-z0-9_]*)/g, (_, before: string) => `${before}'param'`);
  return spark.validate(forParser).map((e) => `${e.message} (at ${e.startLine}:${e.startColumn})`);
}

/** Visits every character of `text` outside quotes with its paren depth; `visit` returns false to stop. */
function topLevel(text: string, visit: (index: number, depth: number) => boolean): void {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"' || c === '`') {
      i++;
      while (i < text.length && text[i] !== c) i += text[i] === '\\' && c === "'" ? 2 : 1;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (!visit(i, depth)) return;
  }
}

/**
 * The result columns of a query, read from the select list of its main SELECT (the first one at
 * the top level, after any CTEs): each item's alias, or the column it names. Enough for the SQL
 * the model writes (every computed column has an alias).
 */
export function outputColumns(sql: string): string[] {
  let start = -1;
  let end = sql.length;
  topLevel(sql, (i, depth) => {
    if (depth !== 0 || !/[sSfF]/.test(sql[i]) || /\w/.test(sql[i - 1] ?? '')) return true;
    const word = /^(select|from)\b/i.exec(sql.slice(i))?.[1]?.toLowerCase();
    if (word === 'select' && start < 0) start = i + 6;
    else if (word === 'from' && start >= 0) {
      end = i;
      return false;
    }
    return true;
  });
  const list = sql.slice(start, end);
  const items: string[] = [];
  let from = 0;
  topLevel(list, (i, depth) => {
    if (depth === 0 && list[i] === ',') {
      items.push(list.slice(from, i));
      from = i + 1;
    }
    return true;
  });
  items.push(list.slice(from));
  return items.map((item) => {
    const alias = /\bAS\s+([`"]?)([A-Za-z_][A-Za-z0-9_]*)\1\s*$/i.exec(item.trim());
    if (alias) return alias[2];
    return item.trim().split('.').pop()!.replace(/[`"]/g, '');
  });
}

/** DuckDB named parameters (`$name`) outside string literals. */
export function duckdbMarkers(sql: string): string[] {
  const code = sql.replace(/'(?:[^']|'')*'/g, "''");
  return [...new Set([...code.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]))];
}
