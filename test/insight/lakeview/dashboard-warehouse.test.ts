import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { usageDashboard } from '../../../src/insight/lakeview/usage.js';
import { viewById } from '../../../src/insight/model/index.js';
import { warehouseEnv } from '../../sinks/databricks/e2e-helpers.js';
import { startTestWarehouse, type TestWarehouse } from '../../warehouse/index.js';
import { runCli, startDashboard } from '../dashboard-process.js';

/**
 * `otlp-delta dashboard` with DATABRICKS_* set: the page's API runs each view on the SQL warehouse,
 * as the exported `.lvdash.json`'s dataset for that view, with the query's filters bound as named
 * parameters; the same command without a warehouse reads local tables.
 */

const TABLES = { catalog: 'main', schema: 'agents', prefixes: ['claude', 'codex'] };
let wh: TestWarehouse;
let dashboard: Awaited<ReturnType<typeof startDashboard>>;

before(async () => {
  wh = await startTestWarehouse();
  const args = ['--catalog', TABLES.catalog, '--schema', TABLES.schema, ...TABLES.prefixes.flatMap((p) => ['--prefix', p])];
  dashboard = await startDashboard(args, warehouseEnv(wh));
});

after(async () => {
  await dashboard?.stop();
  await wh?.close();
});

describe('otlp-delta dashboard on a SQL warehouse', () => {
  test('the API runs the export\'s dataset SQL on the warehouse, filters as parameters', async () => {
    const datasets = new Map(usageDashboard(TABLES.catalog, TABLES.schema, TABLES.prefixes).datasets.map((d) => [d.name, d.queryLines.join('')]));
    const before = wh.statements.length;
    const response = await fetch(`${dashboard.url}/api/usage/summary?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z`);
    assert.equal(response.status, 200, await response.clone().text());
    const body = (await response.json()) as { agents: unknown[] };
    assert.deepEqual(body.agents, [], 'the test warehouse answers no rows');
    const recorded = wh.statements.slice(before).filter((s) => s.sql.includes('_otel_'));
    assert.equal(recorded.length, 1, 'one statement for the summary');
    const [statement] = recorded;
    assert.equal(statement!.outcome, 'success', statement!.error);
    assert.equal(statement!.sql, datasets.get('ds_summary'));
    const summary = viewById('summary')!;
    assert.deepEqual(Object.keys(statement!.parameters).sort(), [...summary.params].sort());
    assert.ok(!statement!.sql.includes('2026-01-01'), 'filter values are bound, not written into the SQL');
  });

  test('a warehouse without --catalog/--schema/--prefix is refused at start, naming the flags', async () => {
    const { code, output } = await runCli(['dashboard', '--port', '0'], warehouseEnv(wh));
    assert.equal(code, 2);
    assert.match(output, /needs --catalog, --schema and --prefix/);
  });
});
