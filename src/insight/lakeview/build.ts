import { filterPage } from './filters.js';
import { packGrid } from './layout.js';
import { filterFor, parameterDeclaration, parameterMarkers, type FilterDef } from './parameters.js';
import type { ExportPage, ExportView, LvDashboard, LvDataset, LvPage, LvWidget } from './types.js';
import { buildWidget, counterWidget, human, widgetKind, widgetSize } from './widgets.js';

/**
 * The `.lvdash.json` of the usage dashboard: one dataset per view (its Databricks SQL, with the
 * parameters it uses declared), one canvas page per page of the local dashboard with the views of
 * that page in their order, and a global filters page. Pure: the same views give the same file.
 */

/** A dataset, page or widget name: letters, digits and underscores. */
export function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9_]/g, '_');
}

/** `queryLines` joined verbatim give the SQL back (each line keeps its newline). */
export function queryLines(sql: string): string[] {
  return sql.split(/(?<=\n)/);
}

/**
 * Measures shown as counters, with the change against the previous period, when a view has them
 * beside their `<name>_prev` column (the overview): the ones that add up across agents.
 */
export const HEADLINES = ['cost_usd', 'sessions', 'input_tokens', 'output_tokens', 'lines_added', 'commits'] as const;

function headlineCounters(view: ExportView, datasetName: string): LvWidget[] {
  const column = (name: string) => view.columns.find((c) => c.name === name);
  return HEADLINES.flatMap((name) => {
    const value = column(name);
    const previous = column(`${name}_prev`);
    return value && previous ? [counterWidget(`kpi_${safeName(view.id)}_${name}`, datasetName, value, previous, human(name))] : [];
  });
}

export function buildDashboard(views: readonly ExportView[], pages: readonly ExportPage[], options: { filters?: readonly FilterDef[] } = {}): LvDashboard {
  const datasets: LvDataset[] = views.map((view) => {
    const parameters = parameterMarkers(view.sql).map((k) => parameterDeclaration(filterFor(k, options.filters)));
    return {
      name: `ds_${safeName(view.id)}`,
      displayName: view.title,
      queryLines: queryLines(view.sql),
      ...(parameters.length > 0 ? { parameters } : {}),
    };
  });
  const known = new Set(pages.map((p) => p.id));
  const orphans = views.filter((v) => !known.has(v.page));
  const allPages = orphans.length > 0 ? [...pages, { id: 'more', title: 'More' }] : pages;
  const canvas: LvPage[] = [];
  for (const page of allPages) {
    const onPage = views.filter((v) => v.page === page.id || (page.id === 'more' && !known.has(v.page)));
    if (onPage.length === 0) continue;
    const widgets = [
      ...onPage.flatMap((view) => headlineCounters(view, `ds_${safeName(view.id)}`)),
      ...onPage.map((view) => buildWidget(view, `ds_${safeName(view.id)}`)),
    ];
    const positions = packGrid(widgets.map((w) => widgetSize(widgetKind(w.spec!.widgetType))), 1);
    canvas.push({
      name: safeName(page.id),
      displayName: page.title,
      pageType: 'PAGE_TYPE_CANVAS',
      layoutVersion: 'GRID_V1',
      layout: [
        { widget: { name: `title_${safeName(page.id)}`, textbox_spec: `# ${page.title}` }, position: { x: 0, y: 0, width: 12, height: 1 } },
        ...widgets.map((widget, i) => ({ widget, position: positions[i] })),
      ],
    });
  }
  const filters = filterPage(
    views.map((view, i) => ({ name: datasets[i].name, parameters: parameterMarkers(view.sql), columns: view.columns.map((c) => c.name) })),
    options.filters,
  );
  return {
    datasets,
    pages: filters ? [...canvas, filters] : canvas,
    uiSettings: { theme: { widgetHeaderAlignment: 'ALIGNMENT_UNSPECIFIED' } },
  };
}
