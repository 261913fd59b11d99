import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { inserts, postLogs, serveWarehouse, uidCounts, waitFor } from '../sinks/databricks/e2e-helpers.js';
import { removeDir, type RunningServer } from '../helpers/server.js';
import { startTestWarehouse, type TestWarehouse } from '../warehouse/index.js';

/**
 * `otlp-delta serve` in warehouse mode against the test warehouse (the real connector, the real
 * protocol): missing tables, outages, permanent errors, hangs, expired sessions, OAuth M2M.
 */

let wh: TestWarehouse;
const servers: RunningServer[] = [];

async function serve(...args: Parameters<typeof serveWarehouse>): Promise<RunningServer> {
  const server = await serveWarehouse(...args);
  servers.push(server);
  return server;
}

async function unexported(server: RunningServer): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return Number(/^otlp_delta_unexported_records (\d+)/m.exec(text)?.[1] ?? NaN);
}

before(async () => {
  wh = await startTestWarehouse();
});

after(async () => {
  for (const server of servers) {
    if (server.process.exitCode === null) await server.stop();
    await removeDir(server.dataDir);
  }
  await wh.close();
});

describe('warehouse mode', () => {
  test('a missing table is a 404 naming the bootstrap command (auto-create is off for the warehouse)', async () => {
    const server = await serve(wh);
    assert.match(server.output(), /writing to Unity Catalog tables through the SQL warehouse https:\/\/127\.0\.0\.1:\d+\/sql\/1\.0\/warehouses\/testwh \(at least once\)/);
    const response = await postLogs(server.url, 'main.nowhere.x_otel_logs', ['m-1']);
    assert.equal(response.status, 404);
    const body = (await response.json()) as { message: string };
    assert.match(body.message, /table main\.nowhere\.x_otel_logs does not exist: create it with `otlp-delta bootstrap --catalog main --schema nowhere --prefix <prefix>`/);
    assert.ok(wh.statements.some((s) => s.sql === 'DESCRIBE TABLE `main`.`nowhere`.`x_otel_logs`'), 'checked with DESCRIBE TABLE');
    assert.equal(inserts(wh, 'main.nowhere.x_otel_logs', 'any').length, 0);
    assert.ok(!wh.statements.some((s) => s.sql.startsWith('CREATE')), 'nothing created');
    assert.equal(await server.stop(), 0);
  });

  test('with auto-create on, the first request creates the table from sql/; its kind is checked', async () => {
    const server = await serve(wh, { env: { OTLP_DELTA_AUTO_CREATE: 'true' } });
    assert.equal((await postLogs(server.url, 'main.auto.a_otel_logs', ['a-1'])).status, 200);
    assert.ok(wh.tables.has('main.auto.a_otel_logs'));
    await waitFor('the insert', () => uidCounts(wh, 'main.auto.a_otel_logs').get('a-1') === 1);
    // The described columns are the logs schema: metrics sent there are a 400.
    const metrics = {
      resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'm', gauge: { dataPoints: [{ timeUnixNano: '1', asDouble: 1 }] } }] }] }],
    };
    const wrong = await fetch(`${server.url}/v1/metrics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-databricks-uc-table-name': 'main.auto.a_otel_logs' },
      body: JSON.stringify(metrics),
    });
    assert.equal(wrong.status, 400);
    assert.match(((await wrong.json()) as { message: string }).message, /holds the logs schema, not metrics/);
    assert.equal(await server.stop(), 0);
  });

  test('an outage (HTTP 503 several times) then recovery lands everything, once', async () => {
    const table = 'main.outage.o_otel_logs';
    const server = await serve(wh, { env: { OTLP_DELTA_AUTO_CREATE: 'true' } });
    assert.equal((await postLogs(server.url, table, ['o-0'])).status, 200);
    await waitFor('the first insert', () => uidCounts(wh, table).get('o-0') === 1);
    wh.failNext('http-503', 5);
    const sent = ['o-0'];
    for (let i = 1; i <= 6; i++) {
      const uids = [`o-${i}a`, `o-${i}b`];
      assert.equal((await postLogs(server.url, table, uids)).status, 200, 'accepted while the warehouse is down');
      sent.push(...uids);
    }
    await waitFor('everything exported', async () => (await unexported(server)) === 0);
    assert.equal(inserts(wh, table, 'http-503').length, 5, 'the 503s were met, and retried');
    const counts = uidCounts(wh, table);
    assert.deepEqual([...counts.keys()].sort(), [...sent].sort());
    for (const uid of sent) assert.equal(counts.get(uid), 1, uid);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    assert.match(metrics, /otlp_delta_export_retries_total\{table="main.outage.o_otel_logs"\} [1-9]/);
    assert.equal(await server.stop(), 0);
  });

  test('HTTP 429 with Retry-After: retried no sooner than asked', async () => {
    const table = 'main.outage.r_otel_logs';
    const server = await serve(wh, { env: { OTLP_DELTA_AUTO_CREATE: 'true' } });
    assert.equal((await postLogs(server.url, table, ['r-0'])).status, 200);
    await waitFor('the first insert', () => uidCounts(wh, table).get('r-0') === 1);
    wh.failNext('http-429', 1);
    assert.equal((await postLogs(server.url, table, ['r-1'])).status, 200);
    await waitFor('the retry', () => uidCounts(wh, table).get('r-1') === 1);
    const [refused] = inserts(wh, table, 'http-429');
    const [landed] = inserts(wh, table).filter((s) => s.parameters.rows.value?.includes('r-1'));
    assert.ok(landed.at - refused.at >= 1000, `waited ${landed.at - refused.at} ms for Retry-After: 1`);
    assert.equal(await server.stop(), 0);
  });

  test('a permanent error after the table check passed goes to the dead letters, naming the fix', async () => {
    const table = 'main.perm.p_otel_logs';
    const server = await serve(wh, { env: { OTLP_DELTA_AUTO_CREATE: 'true' } });
    assert.equal((await postLogs(server.url, table, ['p-0'])).status, 200);
    await waitFor('the first insert', () => uidCounts(wh, table).get('p-0') === 1);
    // As if the table had been dropped after the check: the INSERT fails with TABLE_OR_VIEW_NOT_FOUND.
    wh.failNext('thrift-error', 1, {
      message: '[TABLE_OR_VIEW_NOT_FOUND] The table or view `main`.`perm`.`p_otel_logs` cannot be found. SQLSTATE: 42P01',
      sqlState: '42P01',
      where: 'operation',
    });
    assert.equal((await postLogs(server.url, table, ['p-1', 'p-2'])).status, 200);
    const deadDir = join(server.dataDir, '.spool', 'dead-letter', table);
    await waitFor('the dead letter', async () => (await readdir(deadDir).catch(() => [])).some((f) => f.endsWith('.dead')));
    const files = await readdir(deadDir);
    const why = JSON.parse(await readFile(join(deadDir, files.find((f) => f.endsWith('.json'))!), 'utf8')) as { error: string };
    assert.match(why.error, /\[TABLE_OR_VIEW_NOT_FOUND\]/);
    assert.match(why.error, /otlp-delta bootstrap --catalog main --schema perm --prefix <prefix>/);
    assert.match(why.error, /otlp-delta requeue/);
    await waitFor('the log line', () => /batch moved to the dead letters/.test(server.output()));
    // The table is checked again, is there, and the next batch lands.
    assert.equal((await postLogs(server.url, table, ['p-3'])).status, 200);
    await waitFor('the next insert', () => uidCounts(wh, table).get('p-3') === 1);
    assert.equal(uidCounts(wh, table).get('p-1'), undefined);
    // Permission denied, as ExecuteStatement's own status: dead letter, the log names the GRANT.
    wh.failNext('thrift-error', 1, { message: '[INSUFFICIENT_PERMISSIONS] Insufficient privileges: User does not have MODIFY on Table. SQLSTATE: 42501', sqlState: '42501' });
    assert.equal((await postLogs(server.url, table, ['p-4'])).status, 200);
    await waitFor('the second dead letter', async () => (await readdir(deadDir)).filter((f) => f.endsWith('.dead')).length === 2);
    await waitFor('the log line', () => /GRANT SELECT, MODIFY ON TABLE `main`\.`perm`\.`p_otel_logs` TO <principal>/.test(server.output()));
    assert.equal(await server.stop(), 0);
  });

  test('a hung statement times out and is retried; an expired session is replaced at once', async () => {
    const table = 'main.hang.h_otel_logs';
    const server = await serve(wh, { env: { OTLP_DELTA_AUTO_CREATE: 'true', OTLP_DELTA_DATABRICKS_STATEMENT_TIMEOUT_MS: '1500' } });
    assert.equal((await postLogs(server.url, table, ['h-0'])).status, 200);
    await waitFor('the first insert', () => uidCounts(wh, table).get('h-0') === 1);
    wh.failNext('hang', 1);
    assert.equal((await postLogs(server.url, table, ['h-1'])).status, 200);
    await waitFor('the insert after the hang', () => uidCounts(wh, table).get('h-1') === 1);
    assert.equal(inserts(wh, table, 'hang').length, 1);
    // The warehouse records a statement when it starts: wait until the service is done with it.
    await waitFor('the export to finish', async () => (await unexported(server)) === 0);
    const before = wh.statements.length;
    wh.expireSessions();
    assert.equal((await postLogs(server.url, table, ['h-2'])).status, 200);
    await waitFor('the insert after the expiry', () => uidCounts(wh, table).get('h-2') === 1);
    const after = inserts(wh, table, 'any').filter((s) => wh.statements.indexOf(s) >= before);
    assert.equal(after.length, 2, `one refused for its expired session, then one on a new session: ${JSON.stringify(after.map((x) => [x.outcome, x.error]))}`);
    assert.match(after[0].error ?? '', /Invalid SessionHandle/);
    assert.equal(after[1].outcome, 'success');
    assert.notEqual(after[0].sessionHandle, after[1].sessionHandle);
    assert.match(await (await fetch(`${server.url}/metrics`)).text(), /otlp_delta_export_retries_total\{table="main.hang.h_otel_logs"\} 1\b/, 'only the hang cost a retry');
    assert.equal(await server.stop(), 0);
  });

  for (const auth of ['oauth', 'oauth-loopback'] as const) {
    test(`OAuth M2M settings reach the connector (${auth === 'oauth' ? "the connector's databricks-oauth" : 'our client-credentials provider'})`, async (t) => {
      if (auth === 'oauth' && wh.oauth.unavailable) return t.skip(wh.oauth.unavailable);
      const table = `main.oauth.${auth.replace('-', '_')}_otel_logs`;
      const tokensBefore = wh.oauth.tokenRequests;
      const server = await serve(wh, { auth, env: { OTLP_DELTA_AUTO_CREATE: 'true' } });
      assert.equal((await postLogs(server.url, table, ['t-1'])).status, 200);
      await waitFor('the insert', () => uidCounts(wh, table).get('t-1') === 1);
      assert.ok(wh.oauth.tokenRequests > tokensBefore, 'the token endpoint was used');
      assert.ok(inserts(wh, table).length > 0);
      assert.equal(await server.stop(), 0);
    });
  }

  test('bad or missing warehouse settings stop the start, naming them', async () => {
    await assert.rejects(
      serveWarehouse(wh, { env: { DATABRICKS_TOKEN: '', DATABRICKS_HTTP_PATH: '' } }),
      /DATABRICKS_HTTP_PATH\): is not set, but DATABRICKS_HOST is/,
    );
    await assert.rejects(serveWarehouse(wh, { env: { DATABRICKS_TOKEN: '' } }), /DATABRICKS_TOKEN\): is not set/);
    await assert.rejects(serveWarehouse(wh, { env: { DATABRICKS_HOST: 'http://127.0.0.1:1' } }), /DATABRICKS_HOST\): must be a host name or an https:\/\/ URL/);
  });
});
