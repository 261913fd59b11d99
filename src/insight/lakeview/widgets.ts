import type { ColumnType, ExportView, LvField, LvWidget } from './types.js';

/**
 * One widget per view, over the view's dataset. Spec versions as the format documents them:
 * counter and table version 2, bar / line / area / pie version 3 (AGENT-TELEMETRY.md, "Databricks
 * AI/BI (Lakeview) dashboards as files"). Datasets already aggregate and compute their ratios (widget
 * expressions are limited to simple aggregates), so widgets read their rows as they are
 * (`disaggregated: true`, plain column fields): a ratio is never summed again.
 */

export type WidgetKind = 'counter' | 'table' | 'line' | 'bar' | 'area' | 'pie';

const SPEC_VERSION: Record<WidgetKind, number> = { counter: 2, table: 2, line: 3, bar: 3, area: 3, pie: 3 };

/** The widget a chart kind of the model becomes; a kind without a Lakeview match is shown as a table. */
export function widgetKind(chart: string): WidgetKind {
  if (chart === 'counter' || chart === 'table' || chart === 'line' || chart === 'bar' || chart === 'area' || chart === 'pie') return chart;
  if (chart === 'stacked-bar' || chart === 'histogram') return 'bar';
  if (chart === 'stacked-area') return 'area';
  return 'table';
}

export function specVersion(kind: WidgetKind): number {
  return SPEC_VERSION[kind];
}

const NUMERIC = new Set<ColumnType>(['integer', 'double']);
const TEMPORAL = new Set<ColumnType>(['timestamp', 'date']);

const human = (name: string) => name.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
const field = (name: string): LvField => ({ name, expression: `\`${name.replace(/`/g, '``')}\`` });
const scale = (type: ColumnType) => ({ type: NUMERIC.has(type) ? 'quantitative' : TEMPORAL.has(type) ? 'temporal' : 'categorical' });

/** The columns a chart plots: x (time, else the first category), y (the first measure), colour (the next category). */
export function chartColumns(view: Pick<ExportView, 'columns'>): { x?: ExportView['columns'][number]; y?: ExportView['columns'][number]; color?: ExportView['columns'][number] } {
  const cols = view.columns;
  const x = cols.find((c) => TEMPORAL.has(c.type)) ?? cols.find((c) => !NUMERIC.has(c.type));
  const y = cols.find((c) => NUMERIC.has(c.type) && c !== x);
  const color = cols.find((c) => c.type === 'string' && c !== x);
  return { x, y, color };
}

/** A counter's value and, when the view gives one, the previous period to compare with (`target`). */
function counterColumns(view: ExportView): { value?: string; target?: string } {
  const numeric = view.columns.filter((c) => NUMERIC.has(c.type)).map((c) => c.name);
  const isPrevious = (n: string) => /(^|_)(previous|prev|prior)(_|$)/.test(n);
  const value = numeric.find((n) => !isPrevious(n));
  const target = value ? numeric.find((n) => isPrevious(n) && n.includes(value.replace(/^(current|this)_/, ''))) ?? numeric.find(isPrevious) : undefined;
  return { value, target };
}

export function buildWidget(view: ExportView, datasetName: string): LvWidget {
  const kind = widgetKind(view.chart);
  const frame = { showTitle: true, title: view.title };
  const widget = (fields: string[], encodings: Record<string, unknown>, widgetType: string = kind): LvWidget => ({
    name: `w_${view.id}`,
    queries: [{ name: 'main_query', query: { datasetName, fields: [...new Set(fields)].map(field), disaggregated: true } }],
    spec: { version: specVersion(widgetType as WidgetKind), widgetType, encodings, frame },
  });
  if (kind === 'counter') {
    const { value, target } = counterColumns(view);
    if (value) {
      return widget(target ? [value, target] : [value], {
        value: { fieldName: value, displayName: human(value) },
        ...(target ? { target: { fieldName: target, displayName: human(target) } } : {}),
      });
    }
  }
  if (kind === 'line' || kind === 'bar' || kind === 'area' || kind === 'pie') {
    const { x, y, color } = chartColumns(view);
    if (kind === 'pie' && y && (color ?? x)) {
      const category = (color ?? x)!;
      return widget([y.name, category.name], {
        angle: { fieldName: y.name, displayName: human(y.name), scale: scale(y.type) },
        color: { fieldName: category.name, displayName: human(category.name), scale: scale(category.type) },
      });
    }
    if (kind !== 'pie' && x && y) {
      return widget([x.name, y.name, ...(color ? [color.name] : [])], {
        x: { fieldName: x.name, displayName: human(x.name), scale: scale(x.type) },
        y: { fieldName: y.name, displayName: human(y.name), scale: scale(y.type) },
        ...(color ? { color: { fieldName: color.name, displayName: human(color.name), scale: scale(color.type) } } : {}),
      });
    }
  }
  // A table shows every column (also the fallback when a chart finds no columns to plot).
  return widget(
    view.columns.map((c) => c.name),
    {
      columns: view.columns.map((c) => ({
        fieldName: c.name,
        displayName: human(c.name),
        title: human(c.name),
        type: NUMERIC.has(c.type) ? (c.type === 'integer' ? 'integer' : 'float') : TEMPORAL.has(c.type) ? 'datetime' : 'string',
        displayAs: NUMERIC.has(c.type) ? 'number' : TEMPORAL.has(c.type) ? 'datetime' : 'string',
      })),
    },
    'table',
  );
}

/** The grid size of a widget of that kind: counters four to a row, charts two, tables full width. */
export function widgetSize(kind: WidgetKind): { width: number; height: number } {
  if (kind === 'counter') return { width: 3, height: 3 };
  if (kind === 'table') return { width: 12, height: 7 };
  return { width: 6, height: 6 };
}
