import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config/load.js';

test('security settings: defaults, environment, validation', () => {
  const d = loadConfig({}, {});
  assert.equal(d.tokensFile, undefined);
  assert.equal(d.allowUnauthenticated, false);
  assert.equal(d.headersTimeoutMs, 10_000);
  assert.equal(d.requestTimeoutMs, 60_000);
  assert.equal(d.keepAliveTimeoutMs, 72_000);
  const env = loadConfig({}, { OTLP_DELTA_TOKENS_FILE: '/etc/t.json', OTLP_DELTA_ALLOW_UNAUTHENTICATED: 'true', OTLP_DELTA_HEADERS_TIMEOUT_MS: '500' });
  assert.equal(env.tokensFile, '/etc/t.json');
  assert.equal(env.allowUnauthenticated, true);
  assert.equal(env.headersTimeoutMs, 500);
  assert.equal(loadConfig({ allowUnauthenticated: true }, {}).allowUnauthenticated, true);
  assert.throws(() => loadConfig({ headersTimeoutMs: '70000' }, {}), (e: unknown) => e instanceof ConfigError && /headersTimeoutMs.*must not exceed requestTimeoutMs/.test(e.message));
  assert.throws(() => loadConfig({ allowUnauthenticated: 'maybe' }, {}), ConfigError);
});
