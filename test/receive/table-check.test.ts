import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tableCheckError } from '../../src/receive/table-check.js';

const T = { catalog: 'main', schema: 'tele', table: 'x_otel_logs' };
const answer = (e: ReturnType<typeof tableCheckError>) => e && { code: e.code, status: e.status, retryAfter: e.retryAfterSeconds, message: e.message };

test('each table check maps to the SPEC status', () => {
  assert.equal(tableCheckError({ status: 'ok' }, T, 'logs'), null);
  assert.deepEqual(answer(tableCheckError({ status: 'missing' }, T, 'logs'))?.status, 404);
  assert.match(tableCheckError({ status: 'missing' }, T, 'logs')!.message, /^table main\.tele\.x_otel_logs does not exist: create it with `otlp-delta bootstrap --catalog main --schema tele/);
  assert.deepEqual(answer(tableCheckError({ status: 'missing', why: 'could not be created: no schema' }, T, 'logs')), {
    code: 'TABLE_NOT_FOUND',
    status: 404,
    retryAfter: undefined,
    message: 'could not be created: no schema',
  });
  const wrong = answer(tableCheckError({ status: 'wrong-kind', actual: 'metrics' }, T, 'logs'))!;
  assert.deepEqual([wrong.code, wrong.status], ['WRONG_TABLE_KIND', 400]);
  assert.match(wrong.message, /holds the metrics schema, not logs/);
  assert.deepEqual(answer(tableCheckError({ status: 'refused', reason: 'unavailable', message: 'no grant; retry later', retryAfterSeconds: 5 }, T, 'logs')), {
    code: 'UNAVAILABLE',
    status: 503,
    retryAfter: 5,
    message: 'no grant; retry later',
  });
  const outside = answer(tableCheckError({ status: 'refused', reason: 'outside-data-dir', message: 'a symbolic link' }, T, 'logs'))!;
  assert.deepEqual([outside.code, outside.status], ['BAD_TABLE_HEADER', 400]);
});
