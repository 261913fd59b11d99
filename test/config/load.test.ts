import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config/load.js';

test('defaults, environment and flags, flags winning', () => {
  const defaults = loadConfig({}, {});
  assert.equal(defaults.port, 4318);
  assert.equal(defaults.host, '127.0.0.1');
  assert.equal(defaults.dataDir, './data');
  assert.equal(defaults.autoCreate, true);
  assert.ok(Object.isFrozen(defaults));
  const env = { OTLP_DELTA_PORT: '9000', OTLP_DELTA_AUTO_CREATE: 'false', OTLP_DELTA_DATA_DIR: '/tmp/x' };
  const fromEnv = loadConfig({}, env);
  assert.equal(fromEnv.port, 9000);
  assert.equal(fromEnv.autoCreate, false);
  assert.equal(loadConfig({ port: '9100' }, env).port, 9100);
});

test('a bad setting stops the start with a message that names it', () => {
  assert.throws(() => loadConfig({ port: 'eighty' }, {}), (e: unknown) => e instanceof ConfigError && /port \(--port or OTLP_DELTA_PORT\)/.test(e.message));
  assert.throws(() => loadConfig({}, { OTLP_DELTA_MAX_BODY_BYTES: '-1' }), /maxBodyBytes \(--max-body-bytes or OTLP_DELTA_MAX_BODY_BYTES\)/);
  assert.throws(() => loadConfig({ defaultLogsTable: 'a.b' }, {}), /defaultLogsTable.*catalog\.schema\.table/);
  assert.throws(() => loadConfig({}, { OTLP_DELTA_AUTO_CREATE: 'maybe' }), /autoCreate/);
});
