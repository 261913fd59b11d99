import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatTableName, parseTableName, quoteTableName } from '../../src/route/table-name.js';

test('accepts three parts of letters, digits, _ and -', () => {
  const parsed = parseTableName('main.tele-metry.claude_otel_logs');
  assert.deepEqual(parsed, { ok: true, name: { catalog: 'main', schema: 'tele-metry', table: 'claude_otel_logs' } });
  if (parsed.ok) {
    assert.equal(formatTableName(parsed.name), 'main.tele-metry.claude_otel_logs');
    assert.equal(quoteTableName(parsed.name), '`main`.`tele-metry`.`claude_otel_logs`');
  }
});

test('rejects anything that could leave its directory or its quotes', () => {
  for (const bad of ['a.b', 'a.b.c.d', 'a.b.c;DROP TABLE x', '..x.y', 'a.`b`.c', 'a/b.c.d', 'a.b.-c', 'a.b.', '', 'a. b.c', 'a.b.c\n', 'a.b.' + 'x'.repeat(256), 'a.b.é']) {
    const parsed = parseTableName(bad);
    assert.equal(parsed.ok, false, JSON.stringify(bad));
  }
  assert.equal(parseTableName('a.b.' + 'x'.repeat(255)).ok, true);
});

test('the reason names the part that is wrong', () => {
  const parsed = parseTableName('main.bad schema.t');
  assert.equal(parsed.ok, false);
  if (!parsed.ok) assert.match(parsed.reason, /schema part/);
});
