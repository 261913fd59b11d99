import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runCli, warehouseEnv, type Auth } from '../sinks/databricks/e2e-helpers.js';
import { startTestWarehouse, type TestWarehouse } from '../warehouse/index.js';

/**
 * `otlp-delta bootstrap --dashboard` against the test warehouse's workspace API: the first run
 * creates the dashboard in its folder and publishes it, a second run finds it by name and updates
 * it (same id, same URL), and 401 / 403 / 404 answers end the command with a message that says what
 * to fix (the credentials, the grants to ask for, the workspace or warehouse).
 */

const ARGS = ['bootstrap', '--catalog', 'main', '--schema', 'usage', '--prefix', 'claude', '--url', 'http://127.0.0.1:4318', '--dashboard'];
const NAME = 'Coding agent usage (main.usage)';
const FOLDER = '/Shared/otlp-delta';

let wh: TestWarehouse;
before(async () => {
  wh = await startTestWarehouse();
});
after(async () => {
  await wh?.close();
});

const calls = (from: number) => wh.lakeview.requests.slice(from).map((r) => `${r.method} ${r.path.replace(/[0-9a-f]{32}/, '{id}')} ${r.status}`);

describe('bootstrap --dashboard', () => {
  test('creates and publishes the dashboard, then updates the same one on a second run', async () => {
    const first = await runCli(ARGS, warehouseEnv(wh));
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual(calls(0), [
      'POST /api/2.0/workspace/mkdirs 200',
      'GET /api/2.0/lakeview/dashboards 200',
      'POST /api/2.0/lakeview/dashboards 200',
      'POST /api/2.0/lakeview/dashboards/{id}/published 200',
    ]);
    const [dashboard] = [...wh.lakeview.dashboards.values()];
    assert.equal(dashboard.display_name, NAME);
    assert.equal(dashboard.parent_path, FOLDER);
    assert.equal(dashboard.warehouse_id, 'testwh', 'the warehouse of DATABRICKS_HTTP_PATH');
    assert.deepEqual(dashboard.published && { w: dashboard.published.warehouse_id, e: dashboard.published.embed_credentials }, { w: 'testwh', e: true });
    const create = wh.lakeview.requests[2].body!;
    assert.deepEqual(Object.keys(create).sort(), ['display_name', 'parent_path', 'serialized_dashboard', 'warehouse_id']);
    assert.equal(typeof create.serialized_dashboard, 'string');
    const url = `https://${wh.host}:${wh.port}/dashboardsv3/${dashboard.dashboard_id}/published`;
    assert.match(first.stderr, new RegExp(`dashboard created and published in ${FOLDER}: ${url.replace(/[.]/g, '\\.')}`));
    // The tables came first, and stdout is still the env block alone.
    assert.ok(wh.tables.has('main.usage.claude_otel_metrics'));
    assert.ok((JSON.parse(first.stdout) as { env: Record<string, string> }).env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT);

    // The same file as `dashboard export` writes.
    const exported = await runCli(['dashboard', 'export', '--catalog', 'main', '--schema', 'usage', '--prefix', 'claude'], {});
    assert.equal(exported.code, 0, exported.stderr);
    assert.equal(dashboard.serialized_dashboard, exported.stdout);

    const mark = wh.lakeview.requests.length;
    const second = await runCli(ARGS, warehouseEnv(wh));
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(calls(mark), [
      'POST /api/2.0/workspace/mkdirs 200',
      'GET /api/2.0/lakeview/dashboards 200',
      'GET /api/2.0/lakeview/dashboards/{id} 200',
      'PATCH /api/2.0/lakeview/dashboards/{id} 200',
      'POST /api/2.0/lakeview/dashboards/{id}/published 200',
    ]);
    assert.equal(wh.lakeview.dashboards.size, 1, 'no second dashboard');
    assert.equal(dashboard.etag, '2');
    assert.match(second.stderr, new RegExp(`dashboard updated and published in ${FOLDER}: ${url.replace(/[.]/g, '\\.')}`));
  });

  const faults: [number, RegExp][] = [
    [401, /did not accept the credentials: check DATABRICKS_TOKEN/],
    [403, /PERMISSION_DENIED.*ask a workspace admin for CAN MANAGE \(or CAN EDIT\) on the workspace folder \/Shared\/otlp-delta.*CAN USE on warehouse testwh/s],
    [404, /RESOURCE_DOES_NOT_EXIST.*check that DATABRICKS_HOST is the right workspace, that DATABRICKS_HTTP_PATH names a warehouse of it \(id testwh\)/s],
  ];
  for (const [status, message] of faults) {
    test(`HTTP ${status} ends the command with what to fix`, async () => {
      const mark = wh.lakeview.requests.length;
      wh.lakeview.failNext(status);
      const run = await runCli(ARGS, warehouseEnv(wh));
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /the tables are ready, but the dashboard is not/);
      assert.match(run.stderr, message);
      assert.equal(run.stdout, '', 'no env block after a failure');
      assert.equal(wh.lakeview.requests.length, mark + 1, 'stops at the first failed call');
    });
  }

  test('a publish refused for want of permission names the grants, after the draft was saved', async () => {
    const before = wh.lakeview.requests.length;
    const run0 = await runCli(ARGS, warehouseEnv(wh));
    assert.equal(run0.code, 0, run0.stderr);
    // mkdirs, list, get, patch succeed; publish gets 403.
    const mark = wh.lakeview.requests.length;
    assert.ok(mark > before);
    const original = wh.lakeview.answer.bind(wh.lakeview);
    let seen = 0;
    wh.lakeview.answer = (method, url, raw) => {
      if (url.endsWith('/published') && seen++ === 0) wh.lakeview.failNext(403);
      return original(method, url, raw);
    };
    try {
      const run = await runCli(ARGS, warehouseEnv(wh));
      assert.equal(run.code, 1);
      assert.match(run.stderr, /publishing dashboard "Coding agent usage \(main\.usage\)" \(\w+\) failed/);
      assert.match(run.stderr, /CAN USE on warehouse testwh/);
    } finally {
      wh.lakeview.answer = original;
    }
  });

  for (const auth of ['oauth', 'oauth-loopback'] as Auth[]) {
    test(`OAuth M2M credentials reach the workspace API too (${auth})`, async (t) => {
      if (auth === 'oauth' && wh.oauth.unavailable) return t.skip(wh.oauth.unavailable);
      const tokens = wh.oauth.tokenRequests;
      const run = await runCli(ARGS, warehouseEnv(wh, auth));
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /dashboard updated and published/);
      assert.ok(wh.oauth.tokenRequests > tokens, 'a token was asked for');
    });
  }

  test('--prefix repeated: the tables of every prefix, one dashboard over all of them, the first prefix\'s exporter settings', async () => {
    const run = await runCli([...ARGS, '--prefix', 'codex', '--prefix', 'gemini'], warehouseEnv(wh));
    assert.equal(run.code, 0, run.stderr);
    for (const prefix of ['codex', 'gemini']) for (const kind of ['metrics', 'logs', 'spans']) assert.ok(wh.tables.has(`main.usage.${prefix}_otel_${kind}`), `${prefix}_otel_${kind}`);
    assert.equal(wh.lakeview.dashboards.size, 1, 'the same dashboard, updated');
    const sql = (JSON.parse([...wh.lakeview.dashboards.values()][0].serialized_dashboard) as { datasets: { queryLines: string[] }[] }).datasets.map((d) => d.queryLines.join('')).join('\n');
    for (const prefix of ['claude', 'codex', 'gemini']) assert.ok(sql.includes(`\`main\`.\`usage\`.\`${prefix}_otel_logs\``), prefix);
    const env = (JSON.parse(run.stdout) as { env: Record<string, string> }).env;
    assert.match(env.OTEL_EXPORTER_OTLP_LOGS_HEADERS, /X-Databricks-UC-Table-Name=main\.usage\.claude_otel_logs$/);
  });

  test('without a warehouse configured, --dashboard is refused before anything is created', async () => {
    const run = await runCli([...ARGS, '--data-dir', '/nonexistent/otlp-delta-test'], { DATABRICKS_HOST: '', DATABRICKS_HTTP_PATH: '' });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--dashboard needs DATABRICKS_HOST and DATABRICKS_HTTP_PATH/);
    assert.match(run.stderr, /otlp-delta dashboard export/);
  });
});
