import type { ColumnType, ExportView, LvField, LvWidget } from './types.js';

/**
 * One widget per view, over the view's dataset. Spec versions as the format documents them:
 * counter and table version 2, bar / line / area / pie version 3 (AGENT-TELEMETRY.md, "Databricks
 * AI/BI (Lakeview) dashboards as files"). Datasets compute their ratios in SQL (widget expressions
 * are limited to simple aggregates and DATE_TRUNC): tables show the rows as they are
 * (`disaggregated: true`); charts and counters aggregate over the rows that share an x / series
 * value with SUM for what adds up (counts, tokens, money) and AVG for what does not (rates,
 * latencies), so a ratio is never summed.
 */

export type WidgetKind = 'counter' | 'table' | 'line' | 'bar' | 'area' | 'pie';

const SPEC_VERSION: Record<WidgetKind, number> = { counter: 2, table: 2, line: 3, bar: 3, area: 3, pie: 3 };

/** The widget a chart kind becomes; a kind without a Lakeview match is shown as a table. */
export function widgetKind(chart: string): WidgetKind {
  if (chart === 'counter' || chart === 'table' || chart === 'line' || chart === 'bar' || chart === 'area' || chart === 'pie') return chart;
  return 'table';
}

export function specVersion(kind: WidgetKind): number {
  return SPEC_VERSION[kind];
}

const NUMERIC = new Set<ColumnType>(['integer', 'double']);
const TEMPORAL = new Set<ColumnType>(['timestamp', 'date']);

export const human = (name: string) => name.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
const quoted = (name: string) => `\`${name.replace(/`/g, '``')}\``;
const plain = (name: string): LvField => ({ name, expression: quoted(name) });
const scale = (type: ColumnType | undefined) => ({ type: type && NUMERIC.has(type) ? 'quantitative' : type && TEMPORAL.has(type) ? 'temporal' : 'categorical' });

/** Whether rows of a measure add up: counts and amounts do; rates, shares, percentiles and per-unit costs do not. */
export function additive(column: { name: string; type: ColumnType }): boolean {
  if (/(rate|share|ratio|_per_|p\d+_|_ms$|_change$)/.test(column.name)) return false;
  return column.type === 'integer' || /(cost|usd|tokens|count|calls|lines)/.test(column.name);
}

/** The aggregate field of a measure, named as the workspace names them (`sum(cost_usd)`). */
export function measure(column: { name: string; type: ColumnType }): LvField {
  const fn = additive(column) ? 'SUM' : 'AVG';
  return { name: `${fn.toLowerCase()}(${column.name})`, expression: `${fn}(${quoted(column.name)})` };
}

/** The columns a chart plots: the model's encoding, else time (or the first category) on x and the first measure on y. */
export function chartColumns(view: Pick<ExportView, 'columns' | 'encoding'>): { x?: string; y: string[]; series?: string } {
  if (view.encoding) return { x: view.encoding.x, y: [...view.encoding.y], series: view.encoding.series };
  const cols = view.columns;
  const x = cols.find((c) => TEMPORAL.has(c.type)) ?? cols.find((c) => !NUMERIC.has(c.type));
  const y = cols.find((c) => NUMERIC.has(c.type) && c !== x);
  const series = cols.find((c) => c.type === 'string' && c !== x);
  return { x: x?.name, y: y ? [y.name] : [], series: series?.name };
}

function tableWidget(view: ExportView, datasetName: string): LvWidget {
  return {
    name: `w_${view.id}`,
    queries: [{ name: 'main_query', query: { datasetName, fields: view.columns.map((c) => plain(c.name)), disaggregated: true } }],
    spec: {
      version: specVersion('table'),
      widgetType: 'table',
      encodings: { columns: view.columns.map((c) => ({ fieldName: c.name, displayName: human(c.name) })) },
      frame: { showTitle: true, title: view.title },
    },
  };
}

export function buildWidget(view: ExportView, datasetName: string): LvWidget {
  const kind = widgetKind(view.chart);
  const type = (name: string | undefined) => view.columns.find((c) => c.name === name)?.type;
  const frame = { showTitle: true, title: view.title };
  const { x, y, series } = chartColumns(view);
  const measures = y.map((name) => view.columns.find((c) => c.name === name)).filter((c) => c !== undefined);
  if (kind === 'counter' && measures.length > 0) {
    return counterWidget(`w_${view.id}`, datasetName, measures[0], undefined, view.title);
  }
  if ((kind === 'line' || kind === 'bar' || kind === 'area' || kind === 'pie') && x && type(x) && measures.length > 0) {
    const fields = measures.map(measure);
    const category = series && type(series) ? series : undefined;
    const queryFields = [plain(x), ...fields, ...(category && category !== x ? [plain(category)] : [])];
    const encodings: Record<string, unknown> =
      kind === 'pie'
        ? {
            angle: { fieldName: fields[0].name, displayName: human(measures[0].name), scale: { type: 'quantitative' } },
            color: { fieldName: x, displayName: human(x), scale: scale(type(x)) },
          }
        : {
            x: { fieldName: x, displayName: human(x), scale: scale(type(x)) },
            // Several measures are several series on one y axis.
            y:
              fields.length === 1
                ? { fieldName: fields[0].name, displayName: human(measures[0].name), scale: { type: 'quantitative' } }
                : { scale: { type: 'quantitative' }, fields: fields.map((f, i) => ({ fieldName: f.name, displayName: human(measures[i].name) })) },
            ...(category && fields.length === 1 ? { color: { fieldName: category, displayName: human(category), scale: scale(type(category)) } } : {}),
          };
    return {
      name: `w_${view.id}`,
      queries: [{ name: 'main_query', query: { datasetName, fields: kind === 'pie' ? [plain(x), fields[0]] : fields.length === 1 ? queryFields : [plain(x), ...fields], disaggregated: false } }],
      spec: { version: specVersion(kind), widgetType: kind, encodings, frame },
    };
  }
  // A table shows every column (also the fallback when a chart finds nothing to plot).
  return tableWidget(view, datasetName);
}

/** A counter of one measure over the dataset's rows, compared with `target` (the previous period) when given. */
export function counterWidget(name: string, datasetName: string, value: { name: string; type: ColumnType }, target: { name: string; type: ColumnType } | undefined, title: string): LvWidget {
  const fields = [measure(value), ...(target ? [measure(target)] : [])];
  return {
    name,
    queries: [{ name: 'main_query', query: { datasetName, fields, disaggregated: false } }],
    spec: {
      version: specVersion('counter'),
      widgetType: 'counter',
      encodings: {
        value: { fieldName: fields[0].name, displayName: human(value.name) },
        ...(target ? { target: { fieldName: fields[1].name, displayName: human(target.name) } } : {}),
      },
      frame: { showTitle: true, title },
    },
  };
}

/** The grid size of a widget of that kind: counters six to a row, charts two, tables full width. */
export function widgetSize(kind: WidgetKind): { width: number; height: number } {
  if (kind === 'counter') return { width: 2, height: 3 };
  if (kind === 'table') return { width: 12, height: 7 };
  return { width: 6, height: 6 };
}
