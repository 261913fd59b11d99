import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OtlpDecodeError } from '../../src/otlp/decode-error.js';
import { decodeFlattenLogsProtobuf } from '../../src/rows/wire/index.js';
import { deepKvlistLogs } from './deep-nesting.js';

test('a kvlist nested 100,000 deep is a decode error, not a stack overflow', () => {
  const body = deepKvlistLogs(100_000);
  assert.ok(body.length > 1_000_000);
  assert.throws(() => decodeFlattenLogsProtobuf(body), (e: unknown) => e instanceof OtlpDecodeError && /maximum nesting depth exceeded/.test(e.message));
});

test('the same shape a few levels deep decodes', () => {
  const result = decodeFlattenLogsProtobuf(deepKvlistLogs(3));
  assert.equal(result.rows.length, 1);
  assert.match(JSON.stringify(result.rows[0], (_k, v) => (typeof v === 'bigint' ? String(v) : v)), /leaf/);
});
