import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildDashboard, queryLines } from '../../../src/insight/lakeview/build.js';
import { packGrid } from '../../../src/insight/lakeview/layout.js';
import { parameterMarkers } from '../../../src/insight/lakeview/parameters.js';
import { databricksSources } from '../../../src/insight/lakeview/sources.js';
import type { ExportPage, ExportView } from '../../../src/insight/lakeview/types.js';
import { duckdbOnly, sparkErrors, structureProblems } from './checks.js';

/**
 * The `.lvdash.json` builder on a small stand-in list of views (the shape of the usage model's
 * VIEWS, with Databricks SQL written here by hand): the file it makes passes the import checks,
 * and the checks themselves catch each kind of broken file.
 */

const SOURCES = databricksSources('main', 'tele-metry', ['claude', 'codex']);

const metrics = SOURCES.metrics.map((t) => `SELECT name, sum.value AS value, sum.attributes AS attrs, resource.attributes AS res, sum.time_unix_nano AS t FROM ${t}`).join('\n  UNION ALL ');
const WINDOW = `timestamp_micros(t DIV 1000) >= :from AND timestamp_micros(t DIV 1000) < :to AND (:agent = '' OR split(name, '\\\\.')[0] = :agent)`;

const VIEWS: ExportView[] = [
  {
    id: 'total_cost',
    title: 'Spend',
    page: 'overview',
    chart: 'counter',
    columns: [
      { name: 'cost_usd', type: 'double' },
      { name: 'cost_usd_prev', type: 'double' },
    ],
    sql: `WITH m AS (\n  ${metrics}\n)\nSELECT sum(value) AS cost_usd, CAST(NULL AS DOUBLE) AS cost_usd_prev\nFROM m\nWHERE name = 'claude_code.cost.usage' AND ${WINDOW}\n`,
  },
  {
    id: 'cost_by_day',
    title: 'Spend per day',
    page: 'spend',
    chart: 'line',
    columns: [
      { name: 'day', type: 'date' },
      { name: 'model', type: 'string' },
      { name: 'cost_usd', type: 'double' },
    ],
    sql: `WITH m AS (\n  ${metrics}\n)\nSELECT to_date(timestamp_micros(t DIV 1000)) AS day, attrs['model'] AS model, sum(value) AS cost_usd\nFROM m\nWHERE name = 'claude_code.cost.usage' AND ${WINDOW} AND (:model = '' OR attrs['model'] = :model)\nGROUP BY ALL\nORDER BY day\n`,
  },
  {
    id: 'users',
    title: 'Users',
    page: 'users',
    chart: 'table',
    columns: [
      { name: 'user', type: 'string' },
      { name: 'cost_usd', type: 'double' },
      { name: 'cache_hit_rate', type: 'double' },
    ],
    sql: `WITH m AS (\n  ${metrics}\n)\nSELECT coalesce(attrs['user.email'], res['user.email']) AS user, sum(value) AS cost_usd,\n  try_divide(count_if(attrs['type'] = 'cacheRead'), count(*)) AS cache_hit_rate\nFROM m\nWHERE ${WINDOW} AND (:user = '' OR coalesce(attrs['user.email'], res['user.email']) = :user)\nGROUP BY ALL\n`,
  },
  {
    id: 'errors_by_agent',
    title: 'API errors by agent',
    page: 'reliability',
    chart: 'bar',
    columns: [
      { name: 'agent', type: 'string' },
      { name: 'errors', type: 'integer' },
    ],
    sql: `WITH m AS (\n  ${metrics}\n)\nSELECT split(name, '\\\\.')[0] AS agent, count(*) AS errors\nFROM m\nWHERE ${WINDOW}\nGROUP BY ALL\n`,
  },
];

const PAGES: ExportPage[] = [
  { id: 'overview', title: 'Overview' },
  { id: 'spend', title: 'Spend and tokens' },
  { id: 'users', title: 'Users and teams' },
  { id: 'reliability', title: 'Reliability' },
];

const columnsOf = (views: readonly ExportView[]) => new Map(views.map((v) => [`ds_${v.id}`, v.columns.map((c) => c.name)]));

describe('lakeview dashboard builder (stand-in views)', () => {
  const dash = buildDashboard(VIEWS, PAGES);

  test('the file passes the import checks: datasets, fields, parameters, versions, grid', () => {
    assert.deepEqual(structureProblems(dash, columnsOf(VIEWS)), []);
  });

  test('one dataset per view, whose queryLines join back to the SQL, with the parameters it uses', () => {
    assert.deepEqual(dash.datasets.map((d) => d.name), VIEWS.map((v) => `ds_${v.id}`));
    for (const [i, d] of dash.datasets.entries()) {
      assert.equal(d.queryLines.join(''), VIEWS[i].sql);
      assert.deepEqual((d.parameters ?? []).map((p) => p.keyword).sort(), parameterMarkers(VIEWS[i].sql).sort());
    }
    const from = dash.datasets[0].parameters!.find((p) => p.keyword === 'from')!;
    assert.equal(from.dataType, 'DATETIME');
    const agent = dash.datasets[0].parameters!.find((p) => p.keyword === 'agent')!;
    assert.deepEqual(agent.defaultSelection, { values: { dataType: 'STRING', values: [{ value: '' }] } });
  });

  test('canvas pages in the order of the local page, then the global filters page', () => {
    assert.deepEqual(
      dash.pages.map((p) => [p.name, p.displayName, p.pageType]),
      [
        ['overview', 'Overview', 'PAGE_TYPE_CANVAS'],
        ['spend', 'Spend and tokens', 'PAGE_TYPE_CANVAS'],
        ['users', 'Users and teams', 'PAGE_TYPE_CANVAS'],
        ['reliability', 'Reliability', 'PAGE_TYPE_CANVAS'],
        ['filters', 'Filters', 'PAGE_TYPE_GLOBAL_FILTERS'],
      ],
    );
  });

  test('filters: from/to date pickers and agent/user/model selects, each bound to every dataset that uses it', () => {
    const filters = dash.pages.at(-1)!.layout.map((l) => l.widget);
    assert.deepEqual(
      filters.map((w) => [w.name, w.spec!.widgetType]),
      [
        ['filter_from', 'filter-date-picker'],
        ['filter_to', 'filter-date-picker'],
        ['filter_agent', 'filter-single-select'],
        ['filter_model', 'filter-single-select'],
        ['filter_user', 'filter-single-select'],
      ],
    );
    const agent = filters.find((w) => w.name === 'filter_agent')!;
    const bound = agent.queries!.filter((q) => q.query.parameters).map((q) => q.query.datasetName);
    assert.deepEqual(bound, VIEWS.map((v) => `ds_${v.id}`));
    // Its choices come from the dataset with an `agent` column.
    assert.deepEqual(agent.queries![0].query.fields, [{ name: 'agent', expression: '`agent`' }]);
    assert.equal(agent.queries![0].query.datasetName, 'ds_errors_by_agent');
    const model = filters.find((w) => w.name === 'filter_model')!;
    assert.deepEqual(model.queries!.filter((q) => q.query.parameters).map((q) => q.query.datasetName), ['ds_cost_by_day']);
  });

  test('widgets: a headline counter compares with the previous period; the line has time on x, the measure on y, a category as colour', () => {
    const widgets = dash.pages.flatMap((p) => p.layout.map((l) => l.widget)).filter((w) => w.spec && !w.spec.widgetType.startsWith('filter'));
    const kpi = widgets.find((w) => w.name === 'kpi_total_cost_cost_usd')!;
    assert.deepEqual(kpi.queries![0].query, {
      datasetName: 'ds_total_cost',
      fields: [
        { name: 'sum(cost_usd)', expression: 'SUM(`cost_usd`)' },
        { name: 'sum(cost_usd_prev)', expression: 'SUM(`cost_usd_prev`)' },
      ],
      disaggregated: false,
    });
    assert.deepEqual(kpi.spec!.encodings, {
      value: { fieldName: 'sum(cost_usd)', displayName: 'Cost usd' },
      target: { fieldName: 'sum(cost_usd_prev)', displayName: 'Cost usd prev' },
    });
    const line = widgets.find((w) => w.name === 'w_cost_by_day')!;
    const enc = line.spec!.encodings as Record<string, { fieldName: string; scale: { type: string } }>;
    assert.deepEqual([enc.x.fieldName, enc.x.scale.type, enc.y.fieldName, enc.y.scale.type, enc.color.fieldName], ['day', 'temporal', 'sum(cost_usd)', 'quantitative', 'model']);
    // A rate is averaged, never summed; a count is summed.
    const bar = widgets.find((w) => w.name === 'w_errors_by_agent')!;
    assert.deepEqual(bar.queries![0].query.fields!.map((f) => f.expression), ['`agent`', 'SUM(`errors`)']);
    assert.deepEqual(widgets.map((w) => [w.spec!.widgetType, w.spec!.version]), [['counter', 2], ['counter', 2], ['line', 3], ['table', 2], ['bar', 3]]);
  });

  test('every dataset is Spark SQL over the quoted tables, with no DuckDB-only function', () => {
    for (const d of dash.datasets) {
      const sql = d.queryLines.join('');
      assert.deepEqual(sparkErrors(sql), [], d.name);
      assert.deepEqual(duckdbOnly(sql), [], d.name);
      assert.ok(sql.includes('`main`.`tele-metry`.`claude_otel_metrics`') && sql.includes('`main`.`tele-metry`.`codex_otel_metrics`'), d.name);
    }
  });

  test('the checks catch what would not import', () => {
    const broken = structuredClone(dash);
    const widget = broken.pages[1].layout[1];
    widget.widget.queries![0].query.datasetName = 'ds_missing';
    widget.position = { x: 8, y: 1, width: 6, height: 6 };
    (broken.pages[0].layout[1].widget.spec!.encodings as Record<string, { fieldName: string }>).value.fieldName = 'nope';
    broken.pages[0].layout[2].widget.queries![0].query.fields![0].expression = 'SUM(`nowhere`)';
    broken.pages[0].layout[1].widget.spec!.version = 3;
    broken.datasets[2].parameters = broken.datasets[2].parameters!.filter((p) => p.keyword !== 'user');
    const problems = structureProblems(broken, columnsOf(VIEWS));
    for (const expected of [/field nowhere is not a column of ds_total_cost/, /unknown dataset ds_missing/, /not inside the 12-column grid/, /encoded field nope/, /counter version 3/, /:user is used but not declared/]) {
      assert.ok(problems.some((p) => expected.test(p)), `${expected} in ${JSON.stringify(problems)}`);
    }
    assert.deepEqual(duckdbOnly("SELECT map_extract_value(m, 'k'), approx_quantile(x, 0.5), x::BIGINT, t // 1000, list_sum(l), '::' FROM t"), [
      'map_extract_value',
      'approx_quantile',
      'list_* functions',
      ':: casts',
      '// integer division',
    ]);
    assert.notDeepEqual(sparkErrors('SELECT FROM WHERE'), []);
  });
});

describe('lakeview pure parts', () => {
  test('parameter markers skip literals, quoted names, comments and :: casts', () => {
    assert.deepEqual(parameterMarkers("SELECT ':no', `a:b`, x::INT -- :c\n/* :d */ FROM t WHERE a = :from AND b = :agent AND c = :from"), ['from', 'agent']);
  });

  test('queryLines keep each newline, so that joining them gives the SQL back', () => {
    assert.deepEqual(queryLines('SELECT 1\nFROM t\n'), ['SELECT 1\n', 'FROM t\n']);
  });

  test('the grid packs left to right inside 12 columns; a widget alone in its row takes the whole width', () => {
    assert.deepEqual(packGrid([{ width: 3, height: 3 }, { width: 6, height: 6 }, { width: 6, height: 6 }, { width: 12, height: 7 }, { width: 2, height: 3 }, { width: 2, height: 3 }], 1), [
      { x: 0, y: 1, width: 3, height: 3 },
      { x: 3, y: 1, width: 6, height: 6 },
      { x: 0, y: 7, width: 12, height: 6 },
      { x: 0, y: 13, width: 12, height: 7 },
      { x: 0, y: 20, width: 2, height: 3 },
      { x: 2, y: 20, width: 2, height: 3 },
    ]);
  });

  test('sources quote every part of the three-part names, one per prefix', () => {
    assert.deepEqual(databricksSources('c', 'we`ird', ['a', 'b']).logs, ['`c`.`we``ird`.`a_otel_logs`', '`c`.`we``ird`.`b_otel_logs`']);
  });
});
