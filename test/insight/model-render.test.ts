import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FILTER_VALUES, PAGES, PARAMS, SHIPPED_PRICES, VIEWS, type Sources } from '../../src/insight/model/index.js';
import { lit } from '../../src/insight/model/dialect.js';

const DATABRICKS: Sources = { metrics: ['`main`.`a`.`cc_otel_metrics`', '`main`.`b`.`gem_otel_metrics`'], logs: ['`main`.`a`.`cc_otel_logs`'], spans: ['`main`.`a`.`x_otel_spans`'] };
const EMPTY: Sources = { metrics: [], logs: [], spans: [] };

test('every view renders for both dialects, with parameters as markers only', () => {
  for (const v of [...VIEWS, FILTER_VALUES]) {
    for (const sources of [DATABRICKS, EMPTY]) {
      const dbx = v.sql('databricks', sources);
      const duck = v.sql('duckdb', sources);
      const markers = (sql: string, re: RegExp) => new Set([...sql.matchAll(re)].map((m) => m[1]));
      // Named parameters: exactly those the view declares, `:name` on Databricks, `$name` on DuckDB.
      assert.deepEqual([...markers(dbx, /(?<![:\w]):([a-z]+)\b/g)].sort(), [...v.params].sort(), `${v.id} databricks`);
      assert.deepEqual([...markers(duck, /\$([a-z]+)\b/g)].sort(), [...v.params].sort(), `${v.id} duckdb`);
      assert.doesNotMatch(dbx, /map_extract_value|approx_quantile|make_timestamp/, `${v.id}: no DuckDB functions on Databricks`);
      assert.doesNotMatch(duck, /percentile_approx|timestamp_micros|\bDIV\b/, `${v.id}: no Databricks functions on DuckDB`);
      for (const rel of sources.metrics) if (v.id !== 'session_timeline') assert.ok(dbx.includes(rel), `${v.id} reads ${rel}`);
    }
  }
  const ids = VIEWS.map((v) => v.id);
  assert.equal(new Set(ids).size, ids.length, 'view ids are unique');
  for (const v of VIEWS) assert.ok(PAGES.some((p) => p.id === v.page), `${v.id} is on a page`);
  for (const v of VIEWS) for (const p of v.params) assert.ok(PARAMS.some((d) => d.name === p));
  for (const v of VIEWS) if (v.encoding) for (const c of [v.encoding.x, ...v.encoding.y, ...(v.encoding.series ? [v.encoding.series] : [])]) assert.ok(v.columns.some((col) => col.name === c), `${v.id} declares ${c}`);
});

test('the price list renders into the SQL as checked literals only', () => {
  const sql = VIEWS[0].sql('duckdb', EMPTY, { prices: { ...SHIPPED_PRICES, models: [{ model: 'm-1', input: 1e-7, cached_input: 0, output: 2.5 }] } });
  assert.match(sql, /\('m-1', CAST\(1e-7 AS DOUBLE\), CAST\(0 AS DOUBLE\), CAST\(2\.5 AS DOUBLE\), CAST\(NULL AS DOUBLE\)\)/);
  assert.throws(() => lit("x' OR 1=1 --"), /not a plain SQL literal/);
  assert.throws(() => lit('a\\b'), /not a plain SQL literal/);
  const empty = VIEWS[0].sql('databricks', EMPTY, { prices: { ...SHIPPED_PRICES, models: [] } });
  assert.match(empty, /WHERE 1 = 0/);
});
