import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DatabricksSettings } from '../../../src/config/schema.js';
import { connectOptions } from '../../../src/sinks/databricks/connection.js';

/** What the settings become for the connector. */

const base: Omit<DatabricksSettings, 'auth'> = {
  host: 'adb-1234.5.azuredatabricks.net',
  port: 443,
  httpPath: '/sql/1.0/warehouses/abc',
  maxStatementBytes: 8 << 20,
  statementTimeoutMs: 300_000,
};

test('a personal access token; telemetry off; timeouts bounded by the statement timeout', () => {
  const options = connectOptions({ ...base, auth: { kind: 'token', token: 'dapi123' } }) as unknown as Record<string, unknown>;
  assert.equal(options.authType, 'access-token');
  assert.equal(options.token, 'dapi123');
  assert.equal(options.host, 'adb-1234.5.azuredatabricks.net');
  assert.equal(options.port, 443);
  assert.equal(options.path, '/sql/1.0/warehouses/abc');
  assert.equal(options.telemetryEnabled, false);
  assert.equal(options.socketTimeout, 300_000);
  assert.equal(options.customCaCert, undefined, "trust is Node's (NODE_EXTRA_CA_CERTS)");
});

test("OAuth M2M on a Databricks cloud host uses the connector's databricks-oauth", () => {
  for (const host of ['dbc-a1b2.cloud.databricks.com', 'adb-1234.5.azuredatabricks.net', '1234.5.gcp.databricks.com']) {
    const options = connectOptions({ ...base, host, auth: { kind: 'oauth-m2m', clientId: 'id', clientSecret: 'secret' } }) as unknown as Record<string, unknown>;
    assert.equal(options.authType, 'databricks-oauth', host);
    assert.equal(options.oauthClientId, 'id');
    assert.equal(options.oauthClientSecret, 'secret');
    assert.equal(options.useDatabricksOAuthInAzure, true);
  }
});

test('OAuth M2M elsewhere (custom domain, loopback) uses our client-credentials provider', () => {
  const options = connectOptions({ ...base, host: 'databricks.example.com', port: 8443, auth: { kind: 'oauth-m2m', clientId: 'id', clientSecret: 'secret' } }) as unknown as Record<
    string,
    unknown
  >;
  assert.equal(options.authType, 'token-provider');
  assert.equal((options.tokenProvider as { getName(): string }).getName(), 'otlp-delta OAuth M2M');
});
