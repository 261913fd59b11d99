import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parameterMarkers } from '../../../src/insight/lakeview/parameters.js';
import { exportViews, usageDashboard } from '../../../src/insight/lakeview/usage.js';
import { PAGES, VIEWS } from '../../../src/insight/model/index.js';
import { duckdbOnly, sparkErrors, structureProblems } from './checks.js';

/**
 * The usage model's views as a Databricks dashboard, over two agents' tables: the file passes the
 * import checks, every dataset is Spark SQL that uses only Databricks functions, and declares
 * exactly the parameters the view says it takes; pages mirror the local page.
 */

const PREFIXES = ['claude', 'codex', 'gemini'];
const dash = usageDashboard('main', 'tele-metry', PREFIXES);
const columns = new Map(VIEWS.map((v) => [`ds_${v.id}`, v.columns.map((c) => c.name)]));

describe('usage dashboard export', () => {
  test('passes the import checks (datasets, fields, parameters, spec versions, 12-column grid)', () => {
    assert.deepEqual(structureProblems(dash, columns), []);
  });

  test('one dataset per view; pages mirror the local page, then the filters', () => {
    assert.deepEqual(dash.datasets.map((d) => d.name), VIEWS.map((v) => `ds_${v.id}`));
    assert.deepEqual(dash.pages.map((p) => p.displayName), [...PAGES.map((p) => p.title), 'Filters']);
    for (const page of PAGES) {
      const canvas = dash.pages.find((p) => p.name === page.id)!;
      const shown = canvas.layout.flatMap((l) => l.widget.queries ?? []).map((q) => q.query.datasetName);
      for (const view of VIEWS.filter((v) => v.page === page.id)) assert.ok(shown.includes(`ds_${view.id}`), `${view.id} on ${page.id}`);
    }
  });

  test('the overview has counters with the change against the previous period', () => {
    const overview = dash.pages.find((p) => p.name === 'overview')!;
    const counters = overview.layout.map((l) => l.widget).filter((w) => w.spec?.widgetType === 'counter');
    assert.ok(counters.length >= 4, `${counters.length} counters`);
    for (const c of counters) assert.ok((c.spec!.encodings as { target?: unknown }).target, `${c.name} has a target`);
  });

  test('filters for the date range, agent, user and model are bound to every dataset that takes them', () => {
    const filters = dash.pages.find((p) => p.pageType === 'PAGE_TYPE_GLOBAL_FILTERS')!;
    for (const keyword of ['from', 'to', 'agent', 'user', 'model']) {
      const widget = filters.layout.find((l) => l.widget.name === `filter_${keyword}`)?.widget;
      assert.ok(widget, keyword);
      const bound = widget.queries!.filter((q) => q.query.parameters).map((q) => q.query.datasetName).sort();
      assert.deepEqual(bound, VIEWS.filter((v) => v.params.includes(keyword as never)).map((v) => `ds_${v.id}`).sort(), keyword);
    }
  });

  test('every dataset is Spark SQL over the quoted tables of each prefix, with only Databricks functions, and declares the view\'s parameters', () => {
    for (const [i, d] of dash.datasets.entries()) {
      const sql = d.queryLines.join('');
      assert.deepEqual(sparkErrors(sql), [], d.name);
      assert.deepEqual(duckdbOnly(sql), [], d.name);
      assert.deepEqual(parameterMarkers(sql).sort(), [...VIEWS[i].params].sort(), `${d.name}: parameters`);
      const kinds = ['metrics', 'logs', 'spans'].filter((k) => sql.includes(`_otel_${k}\``));
      assert.ok(kinds.length > 0, `${d.name} reads a table`);
      for (const kind of kinds) for (const p of PREFIXES) assert.ok(sql.includes(`\`main\`.\`tele-metry\`.\`${p}_otel_${kind}\``), `${d.name}: ${p}_otel_${kind}`);
    }
  });

  test('the views keep their ids, titles and columns', () => {
    const views = exportViews('c', 's', ['p']);
    assert.deepEqual(views.map((v) => [v.id, v.title, v.columns]), VIEWS.map((v) => [v.id, v.title, v.columns]));
  });
});
