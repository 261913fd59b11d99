import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Tokens } from '../../src/auth/tokens.js';
import { checkReader, cookieValue } from '../../src/insight/reader-auth.js';
import { readParams } from '../../src/insight/request-params.js';
import { parseTimeParam } from '../../src/insight/time-param.js';

test('from / to: RFC 3339 and dates to UTC text with microseconds', () => {
  const cases: [string, string][] = [
    ['2026-01-05T10:00:00Z', '2026-01-05 10:00:00.000000'],
    ['2026-01-05T10:00:00.123456789Z', '2026-01-05 10:00:00.123456'],
    ['2026-01-05T10:00:00+02:00', '2026-01-05 08:00:00.000000'],
    ['2026-01-05t00:30:00.5-01:30', '2026-01-05 02:00:00.500000'],
    ['2026-01-05', '2026-01-05 00:00:00.000000'],
  ];
  for (const [text, sql] of cases) assert.deepEqual((parseTimeParam('from', text) as { sql: string }).sql, sql, text);
  assert.equal((parseTimeParam('from', '1970-01-01T00:00:01.000000007+00:00') as { ns: bigint }).ns, 1_000_000_007n);
  for (const bad of ['2026-02-30', '2026-01-05T24:00:00Z', '2026-01-05T10:00:00', 'now', "2026-01-05' OR 1=1"]) {
    const r = parseTimeParam('to', bad);
    assert.equal(r.ok, false, bad);
    assert.match((r as { message: string }).message, /^to: /);
  }
});

test('query parameters: empty means no filter, repeated or oversized values are refused', () => {
  const ok = readParams({ from: '2026-01-01', to: '', user: 'a@x', model: '' });
  assert.deepEqual(ok, { ok: true, values: { from: '1767225600000000000', user: 'a@x' }, from: '2026-01-01', to: null });
  const exact = readParams({ from: '2026-01-01T00:00:00.000000001Z', to: '2026-01-01T00:00:00.000000002Z' });
  assert.deepEqual(exact.ok && [exact.values.from, exact.values.to], ['1767225600000000001', '1767225600000000002']);
  assert.equal(readParams({ agent: ['a', 'b'] }).ok, false);
  assert.equal(readParams({ team: 'x'.repeat(513) }).ok, false);
  assert.deepEqual(readParams({ from: '2026-01-02', to: '2026-01-01' }), { ok: false, message: 'from: must not be after to' });
});

test('readers: anyone without a tokens file; with one, an entry with "read": true, by bearer or cookie', () => {
  assert.deepEqual(checkReader(null, undefined, undefined), { ok: true, caller: 'anonymous' });
  const tokens = Tokens.fromJson([
    { name: 'r', token: 'rt', tables: ['*'], read: true },
    { name: 'w', token: 'wt', tables: ['*'] },
  ]);
  assert.deepEqual(checkReader(tokens, 'Bearer rt', undefined), { ok: true, caller: 'r' });
  assert.deepEqual(checkReader(tokens, undefined, 'a=1; otlp_delta_token=rt'), { ok: true, caller: 'r' });
  assert.equal((checkReader(tokens, 'Bearer wt', undefined) as { status: number }).status, 403);
  assert.equal((checkReader(tokens, undefined, undefined) as { status: number }).status, 401);
  assert.equal((checkReader(tokens, 'Bearer zz', 'otlp_delta_token=rt') as { status: number }).status, 401, 'the header wins over the cookie');
  assert.equal(cookieValue('x=%E0%A4%A', 'x'), null);
  assert.equal(cookieValue('x=a%20b', 'x'), 'a b');
});
