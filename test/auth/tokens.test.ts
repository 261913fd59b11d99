import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { isLoopbackHost, exposureProblem } from '../../src/auth/exposure.js';
import { bearerToken, TokenStore, Tokens, TokensFileError } from '../../src/auth/tokens.js';

const sha = (t: string) => createHash('sha256').update(t).digest('hex');

describe('tokens file', () => {
  const tokens = Tokens.fromJson([
    { name: 'team-a', token: 'secret-a-0123456789', tables: ['main.telemetry.*', 'main.team_a.*'] },
    { name: 'team-b', sha256: sha('secret-b-0123456789'), tables: ['dev.b.exact_table'] },
    { name: 'admin', sha256: sha('secret-admin').toUpperCase(), tables: ['*'] },
  ]);

  test('a token form and a sha256 form both authenticate; others do not', () => {
    assert.equal(tokens.size, 3);
    assert.equal(tokens.find('secret-a-0123456789')?.name, 'team-a');
    assert.equal(tokens.find('secret-b-0123456789')?.name, 'team-b');
    assert.equal(tokens.find('secret-admin')?.name, 'admin');
    assert.equal(tokens.find('secret-a-012345678'), null);
    assert.equal(tokens.find(''), null);
    // the digest itself is not a token
    assert.equal(tokens.find(sha('secret-b-0123456789')), null);
  });

  test('table globs over catalog.schema.table', () => {
    const a = tokens.find('secret-a-0123456789')!;
    assert.ok(a.mayWrite('main.telemetry.x_otel_logs'));
    assert.ok(a.mayWrite('main.team_a.t'));
    assert.ok(!a.mayWrite('main.team_b.t'));
    assert.ok(!a.mayWrite('dev.telemetry.t'));
    assert.ok(!a.mayWrite('main.telemetryx.t'), 'a dot is literal, not any character');
    const b = tokens.find('secret-b-0123456789')!;
    assert.ok(b.mayWrite('dev.b.exact_table'));
    assert.ok(!b.mayWrite('dev.b.exact_table2'));
    assert.ok(!b.mayWrite('dev.b.exact-table'));
    assert.ok(tokens.find('secret-admin')!.mayWrite('any.thing.at_all'));
  });

  test('bad files are refused, naming the problem', () => {
    const bad = (json: unknown, message: RegExp) =>
      assert.throws(() => Tokens.fromJson(json), (e: unknown) => e instanceof TokensFileError && message.test(e.message), String(message));
    bad({}, /expected array/);
    bad([], /at least one token/);
    bad([{ name: 'x', tables: ['*'] }], /\[0\].*exactly one of "token" and "sha256"/);
    bad([{ name: 'x', token: 't1', sha256: sha('t1'), tables: ['*'] }], /exactly one/);
    bad([{ name: 'x', sha256: 'abc', tables: ['*'] }], /\[0\]\.sha256: must be the 64 hex digits/);
    bad([{ name: 'x', token: 't1', tables: [] }], /\[0\]\.tables: must list at least one/);
    bad([{ name: 'x', token: 't1', tables: ['main.s.`t`'] }], /\[0\]\.tables\[0\]: must be a glob/);
    bad([{ name: 'x', token: 't1', tables: ['../etc'] }], /must be a glob/);
    bad([{ name: '', token: 't1', tables: ['*'] }], /\[0\]\.name/);
    bad([{ name: 'x y', token: 't1', tables: ['*'] }], /\[0\]\.name/);
    bad([{ name: 'x', token: 't1', tables: ['*'], extra: 1 }], /extra/);
    bad([{ name: 'x', token: '', tables: ['*'] }], /token: must not be empty/);
    bad([{ name: 'x', token: 't1', tables: ['*'] }, { name: 'x', token: 't2', tables: ['*'] }], /\[1\]\.name: the name "x" is used twice/);
    bad([{ name: 'x', token: 't1', tables: ['*'] }, { name: 'y', sha256: sha('t1'), tables: ['*'] }], /\[1\]: the same token is given to two callers/);
  });

  test('bearer header parsing', () => {
    assert.equal(bearerToken('Bearer abc'), 'abc');
    assert.equal(bearerToken('bearer   abc  '), 'abc');
    assert.equal(bearerToken('Basic abc'), null);
    assert.equal(bearerToken('Bearer'), null);
    assert.equal(bearerToken('Bearer a b'), null);
    assert.equal(bearerToken(undefined), null);
    assert.equal(bearerToken(['Bearer a', 'Bearer b']), null);
  });

  test('loading from a file; a bad file keeps the previous tokens on reload; JSON errors do not quote the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'otlp-delta-tokens-'));
    try {
      const path = join(dir, 'tokens.json');
      await writeFile(path, JSON.stringify([{ name: 'a', token: 'tok-a', tables: ['*'] }]));
      const store = await TokenStore.open(path);
      assert.equal(store.current.find('tok-a')?.name, 'a');
      await writeFile(path, '[{"name": "a", "token": "super-secret-value", ');
      await assert.rejects(store.reload(), (e: unknown) => e instanceof TokensFileError && /not valid JSON/.test(e.message) && !e.message.includes('super-secret'));
      assert.equal(store.current.find('tok-a')?.name, 'a', 'the old tokens stay');
      await writeFile(path, JSON.stringify([{ name: 'b', token: 'tok-b', tables: ['*'] }]));
      await store.reload();
      assert.equal(store.current.find('tok-a'), null);
      assert.equal(store.current.find('tok-b')?.name, 'b');
      await assert.rejects(TokenStore.open(join(dir, 'missing.json')), /cannot read the tokens file/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('exposure', () => {
  test('loopback hosts', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) assert.ok(isLoopbackHost(h), h);
    for (const h of ['0.0.0.0', '::', '10.0.0.1', 'example.com', '::ffff:10.0.0.1', '128.0.0.1']) assert.ok(!isLoopbackHost(h), h);
  });

  test('non-loopback needs a tokens file or the explicit opt-out', () => {
    assert.match(exposureProblem({ host: '0.0.0.0', allowUnauthenticated: false })!, /refusing to listen on 0\.0\.0\.0 without a tokens file.*--allow-unauthenticated/);
    assert.equal(exposureProblem({ host: '0.0.0.0', allowUnauthenticated: true }), null);
    assert.equal(exposureProblem({ host: '0.0.0.0', tokensFile: '/x', allowUnauthenticated: false }), null);
    assert.equal(exposureProblem({ host: '127.0.0.1', allowUnauthenticated: false }), null);
  });
});
