import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config/load.js';
import { parseDatabricksHost } from '../../src/config/schema.js';

/** The Databricks settings: validated once, named when missing or bad, with the warehouse's defaults. */

const WAREHOUSE = { DATABRICKS_HOST: 'dbc-a1b2.cloud.databricks.com', DATABRICKS_HTTP_PATH: '/sql/1.0/warehouses/abc', DATABRICKS_TOKEN: 'dapi123' };

test('without DATABRICKS_HOST and DATABRICKS_HTTP_PATH: the local sink, auto-create on', () => {
  const config = loadConfig({}, { DATABRICKS_TOKEN: 'dapi-for-the-cli' });
  assert.equal(config.databricks, undefined);
  assert.equal(config.autoCreate, true);
});

test('with both: the warehouse, auto-create off by default, 8 MiB statements', () => {
  const config = loadConfig({}, WAREHOUSE);
  assert.deepEqual(config.databricks, {
    host: 'dbc-a1b2.cloud.databricks.com',
    port: 443,
    httpPath: '/sql/1.0/warehouses/abc',
    auth: { kind: 'token', token: 'dapi123' },
    maxStatementBytes: 8 * 1024 * 1024,
    statementTimeoutMs: 300_000,
  });
  assert.equal(config.autoCreate, false);
  assert.ok(Object.isFrozen(config.databricks));
  assert.equal(loadConfig({}, { ...WAREHOUSE, OTLP_DELTA_AUTO_CREATE: 'true' }).autoCreate, true);
  assert.equal(loadConfig({ autoCreate: 'true' }, WAREHOUSE).autoCreate, true);
  assert.equal(loadConfig({}, { ...WAREHOUSE, OTLP_DELTA_DATABRICKS_MAX_STATEMENT_BYTES: '1048576' }).databricks?.maxStatementBytes, 1048576);
  assert.equal(loadConfig({ databricksMaxStatementBytes: '2097152' }, WAREHOUSE).databricks?.maxStatementBytes, 2097152);
});

test('DATABRICKS_HOST: a host name or an https URL, with an optional port', () => {
  const host = (text: string) => loadConfig({}, { ...WAREHOUSE, DATABRICKS_HOST: text }).databricks;
  assert.deepEqual(
    ['adb-1.2.azuredatabricks.net', 'https://adb-1.2.azuredatabricks.net', 'https://adb-1.2.azuredatabricks.net/', 'HTTPS://adb-1.2.azuredatabricks.net:443'].map((t) => {
      const d = host(t)!;
      return [d.host, d.port];
    }),
    Array(4).fill(['adb-1.2.azuredatabricks.net', 443]),
  );
  assert.deepEqual([host('127.0.0.1:8443')?.host, host('127.0.0.1:8443')?.port], ['127.0.0.1', 8443]);
  assert.deepEqual([host('https://ws.example.com:9443/')?.host, host('https://ws.example.com:9443/')?.port], ['ws.example.com', 9443]);
  assert.equal(loadConfig({}, { ...WAREHOUSE, DATABRICKS_HTTP_PATH: 'sql/1.0/warehouses/abc' }).databricks?.httpPath, '/sql/1.0/warehouses/abc');
  for (const bad of ['http://dbc.cloud.databricks.com', 'https://dbc.cloud.databricks.com/sql/1.0', 'https://user:pw@dbc.cloud.databricks.com', 'dbc.cloud.databricks.com:99999', 'https://']) {
    assert.throws(() => host(bad), (e: unknown) => e instanceof ConfigError && /databricksHost \(--databricks-host or DATABRICKS_HOST\)/.test(e.message), bad);
    assert.equal(parseDatabricksHost(bad).ok, false, bad);
  }
});

test('a missing or contradictory setting stops the start and is named', () => {
  const fails = (env: Record<string, string>, pattern: RegExp) => assert.throws(() => loadConfig({}, env), (e: unknown) => e instanceof ConfigError && pattern.test(e.message), JSON.stringify(env));
  fails({ DATABRICKS_HOST: WAREHOUSE.DATABRICKS_HOST, DATABRICKS_TOKEN: 'x' }, /DATABRICKS_HTTP_PATH\): is not set, but DATABRICKS_HOST is/);
  fails({ DATABRICKS_HTTP_PATH: WAREHOUSE.DATABRICKS_HTTP_PATH, DATABRICKS_TOKEN: 'x' }, /DATABRICKS_HOST\): is not set, but DATABRICKS_HTTP_PATH is/);
  fails({ DATABRICKS_HOST: WAREHOUSE.DATABRICKS_HOST, DATABRICKS_HTTP_PATH: WAREHOUSE.DATABRICKS_HTTP_PATH }, /DATABRICKS_TOKEN\): is not set: .*DATABRICKS_CLIENT_ID \+ DATABRICKS_CLIENT_SECRET/);
  fails({ ...WAREHOUSE, DATABRICKS_TOKEN: '', DATABRICKS_CLIENT_ID: 'id' }, /DATABRICKS_CLIENT_SECRET\): is not set, but DATABRICKS_CLIENT_ID is/);
  fails({ ...WAREHOUSE, DATABRICKS_TOKEN: '', DATABRICKS_CLIENT_SECRET: 's' }, /DATABRICKS_CLIENT_ID\): is not set, but DATABRICKS_CLIENT_SECRET is/);
  fails({ ...WAREHOUSE, DATABRICKS_CLIENT_ID: 'id', DATABRICKS_CLIENT_SECRET: 's' }, /DATABRICKS_TOKEN\): and DATABRICKS_CLIENT_ID\/DATABRICKS_CLIENT_SECRET are both set/);
  fails({ ...WAREHOUSE, OTLP_DELTA_DATABRICKS_MAX_STATEMENT_BYTES: '10' }, /databricksMaxStatementBytes \(--databricks-max-statement-bytes or OTLP_DELTA_DATABRICKS_MAX_STATEMENT_BYTES\)/);
});

test('OAuth M2M: client id and secret; the secret never appears in an error', () => {
  const config = loadConfig({}, { ...WAREHOUSE, DATABRICKS_TOKEN: '', DATABRICKS_CLIENT_ID: 'sp-id', DATABRICKS_CLIENT_SECRET: 'dose-secret' });
  assert.deepEqual(config.databricks?.auth, { kind: 'oauth-m2m', clientId: 'sp-id', clientSecret: 'dose-secret' });
  try {
    loadConfig({}, { ...WAREHOUSE, DATABRICKS_CLIENT_ID: 'sp-id', DATABRICKS_CLIENT_SECRET: 'dose-secret' });
    assert.fail('expected an error');
  } catch (error) {
    assert.doesNotMatch((error as Error).message, /dose-secret|dapi123/);
  }
});
