import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { DatabricksSettings } from '../../../src/config/schema.js';
import { WarehouseConnection, WarehouseError } from '../../../src/sinks/databricks/connection.js';
import { startTestWarehouse, type TestWarehouse } from '../../warehouse/index.js';

/**
 * The connection against the test warehouse, in this process (trusting its CA through the
 * connector's customCaCert, since NODE_EXTRA_CA_CERTS is read only at process start): sessions
 * reused, an expired one replaced without an error, the connector's failures classified.
 */

let wh: TestWarehouse;
let connection: WarehouseConnection;

function connect(overrides: Partial<DatabricksSettings> = {}): WarehouseConnection {
  const settings: DatabricksSettings = {
    host: wh.host,
    port: wh.port,
    httpPath: wh.httpPath,
    auth: { kind: 'token', token: wh.token },
    maxStatementBytes: 1 << 20,
    statementTimeoutMs: 1500,
    ...overrides,
  };
  return new WarehouseConnection(settings, { connectOverrides: { customCaCert: readFileSync(wh.caCertPath) } });
}

async function failure(promise: Promise<unknown>): Promise<WarehouseError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof WarehouseError, String(error));
    return error;
  }
  throw new assert.AssertionError({ message: 'expected the statement to fail' });
}

const INSERT = "INSERT INTO `a`.`b`.`c` SELECT inline(from_json(:rows, 'ARRAY<STRUCT<`x`: INT>>'))";

before(async () => {
  wh = await startTestWarehouse();
  connection = connect();
  await connection.run('CREATE TABLE IF NOT EXISTS `a`.`b`.`c` (x INT) USING DELTA');
});

after(async () => {
  await connection?.close();
  await wh?.close();
});

describe('WarehouseConnection', () => {
  test('runs statements on one reused session; the rows parameter is a named STRING', async () => {
    const from = wh.statements.length;
    const counts = await connection.run(INSERT, { rows: '[{"x":1},{"x":2}]', fetch: 'best-effort' });
    assert.deepEqual(counts, [{ num_affected_rows: 2, num_inserted_rows: 2 }]);
    const described = await connection.run('DESCRIBE TABLE `a`.`b`.`c`', { fetch: true });
    assert.deepEqual(described, [{ col_name: 'x', data_type: 'int', comment: null }]);
    const recorded = wh.statements.slice(from);
    assert.deepEqual(recorded[0].parameters, { rows: { type: 'STRING', value: '[{"x":1},{"x":2}]' } });
    assert.equal(new Set(wh.statements.map((s) => s.sessionHandle)).size, 1, 'one session for everything so far');
    assert.equal(connection.reachable(), true);
  });

  test('an expired session is replaced and the statement sent again at once', async () => {
    wh.expireSessions();
    const from = wh.statements.length;
    await connection.run(INSERT, { rows: '[{"x":3}]' });
    const recorded = wh.statements.slice(from);
    assert.deepEqual(recorded.map((s) => s.outcome), ['error', 'success']);
    assert.match(recorded[0].error ?? '', /Invalid SessionHandle/);
    assert.notEqual(recorded[0].sessionHandle, recorded[1].sessionHandle);
  });

  test('HTTP 503 and 429 are busy and retryable (429 with its Retry-After), the session kept', async () => {
    wh.failNext('http-503');
    const busy = await failure(connection.run(INSERT, { rows: '[{"x":4}]' }));
    assert.equal(busy.failure.category, 'busy');
    assert.equal(busy.failure.retryable, true);
    assert.equal(busy.failure.httpStatus, 503);
    assert.equal(connection.reachable(), false, 'readyz would say unreachable');
    wh.failNext('http-429');
    const limited = await failure(connection.run(INSERT, { rows: '[{"x":5}]' }));
    assert.equal(limited.failure.afterMs, 1000);
    await connection.run(INSERT, { rows: '[{"x":6}]' });
    assert.equal(connection.reachable(), true);
    const [refused503, refused429, landed] = wh.statements.slice(-3);
    assert.deepEqual([refused503.outcome, refused429.outcome, landed.outcome], ['http-503', 'http-429', 'success']);
    assert.equal(landed.sessionHandle, refused503.sessionHandle, 'the session outlived the refusals');
  });

  test('a SQL error from the operation keeps its class and SQLSTATE', async () => {
    const missing = await failure(connection.run("INSERT INTO `a`.`b`.`gone` SELECT inline(from_json(:rows, 'ARRAY<STRUCT<`x`: INT>>'))", { rows: '[]' }));
    assert.equal(missing.failure.category, 'missing-table');
    assert.equal(missing.failure.retryable, false);
    assert.equal(missing.failure.sqlState, '42P01');
    wh.failNext('thrift-error', 1, { message: '[INSUFFICIENT_PERMISSIONS] no MODIFY. SQLSTATE: 42501', sqlState: '42501' });
    assert.equal((await failure(connection.run(INSERT, { rows: '[]' }))).failure.category, 'permission');
  });

  test('a hang ends at the statement timeout; the next statement runs on a fresh session', async () => {
    wh.failNext('hang');
    const started = Date.now();
    const hung = await failure(connection.run(INSERT, { rows: '[{"x":7}]' }));
    assert.equal(hung.failure.category, 'timeout');
    assert.equal(hung.failure.retryable, true);
    assert.ok(Date.now() - started < 5000);
    const from = wh.statements.length;
    await connection.run(INSERT, { rows: '[{"x":8}]' });
    const hangSession = wh.statements.find((s) => s.outcome === 'hang')!.sessionHandle;
    assert.notEqual(wh.statements[from].sessionHandle, hangSession);
  });

  test('a wrong token: the warehouse refuses (HTTP 403), retryable, named', async () => {
    const wrong = new WarehouseConnection(
      { host: wh.host, port: wh.port, httpPath: wh.httpPath, auth: { kind: 'token', token: 'dapi-wrong' }, maxStatementBytes: 1 << 20, statementTimeoutMs: 1500 },
      { connectOverrides: { customCaCert: readFileSync(wh.caCertPath) } },
    );
    try {
      const refused = await failure(wrong.run('SELECT 1', { fetch: true }));
      assert.equal(refused.failure.category, 'auth');
      assert.match(refused.failure.message, /DATABRICKS_TOKEN/);
    } finally {
      await wrong.close();
    }
  });
});
