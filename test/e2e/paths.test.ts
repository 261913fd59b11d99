/**
 * Paths: a table header can never lead outside the data dir, and a symlink planted inside the data
 * dir is not followed out of it (issue 6, item 4). Against the real server.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { jsonLogs } from '../helpers/payloads.js';
import { removeDir, startServer, type RunningServer } from '../helpers/server.js';

const JSON_TYPE = 'application/json';

describe('table names and symlinks never lead outside the data dir', () => {
  let server: RunningServer;
  let root: string;
  let dataDir: string;
  let outside: string;

  before(async () => {
    // <root>/data is the data dir; <root>/outside is a sibling that must stay empty.
    root = await mkdtemp(join(tmpdir(), 'otlp-delta-paths-'));
    dataDir = join(root, 'data');
    outside = join(root, 'outside');
    await mkdir(dataDir);
    await mkdir(outside);
    server = await startServer({ dataDir });
  });

  after(async () => {
    assert.equal(await server.stop(), 0);
    assert.deepEqual(await readdir(outside, { recursive: true }), [], 'nothing written outside the data dir');
    assert.deepEqual((await readdir(root)).sort(), ['data', 'outside'], 'nothing written beside the data dir');
    await removeDir(root);
  });

  const post = (table: string) =>
    fetch(`${server.url}/v1/logs`, {
      method: 'POST',
      body: jsonLogs('p'),
      headers: { 'content-type': JSON_TYPE, 'x-databricks-uc-table-name': table },
    });

  const hostile = [
    '../x.y.z',
    '..\\x.y.z',
    'a.b.c/../../d',
    'a.b/../../../outside',
    '%2e%2e.b.c',
    '..%2f..%2foutside.b.c',
    '...',
    '..',
    '.a.b',
    'a..b',
    'a.b.c.d',
    '/etc/passwd',
    '/tmp.b.c',
    'a./tmp.c',
    'C:\\x.b.c',
    `a.b.${'x'.repeat(256)}`,
    `${'x'.repeat(5000)}.b.c`,
    'a\u2024b\u2024c', // one dot leader: looks like a.b.c
    'a\uff0eb\uff0ec', // fullwidth full stops
    '\u2025.b.c', // two dot leader
    'a.b.c\u0000',
    'a.b.\u2215etc', // division slash
    'a.b.c\u200b', // zero width space
    '~.b.c',
    'a.b. c',
    'a.b.$HOME',
    'a.b.`id`',
  ];

  test('hostile table headers are 400 and create nothing', async () => {
    for (const name of hostile) {
      let status: number;
      try {
        status = (await post(name)).status;
      } catch {
        // fetch itself refuses header values it cannot send (NUL): nothing reached the server.
        continue;
      }
      assert.equal(status, 400, `table ${JSON.stringify(name.slice(0, 60))}`);
    }
    assert.deepEqual(await readdir(dataDir, { recursive: true }).then((e) => e.filter((p) => !p.startsWith('.spool'))), []);
    assert.equal(existsSync(join(root, 'x')), false);
    assert.equal(existsSync('/tmp/b'), false);
  });

  test('a valid name lands inside the data dir', async () => {
    assert.equal((await post('main.ok.t_otel_logs')).status, 200);
    assert.equal(existsSync(join(dataDir, 'main', 'ok', 't_otel_logs', '_delta_log')), true);
  });

  test('a symlinked table dir pointing outside is not followed', async () => {
    await mkdir(join(dataDir, 'main', 'sch'), { recursive: true });
    await symlink(outside, join(dataDir, 'main', 'sch', 't_otel_logs'));
    const res = await post('main.sch.t_otel_logs');
    assert.equal(res.status, 400, await res.text());
    assert.deepEqual(await readdir(outside), []);
  });

  test('a symlinked catalog dir pointing outside is not followed', async () => {
    await symlink(outside, join(dataDir, 'evil'));
    const res = await post('evil.s.t_otel_logs');
    assert.equal(res.status, 400, await res.text());
    assert.deepEqual(await readdir(outside), []);
  });

  test('a dangling symlink pointing outside is not followed either', async () => {
    await symlink(join(outside, 'gone'), join(dataDir, 'dangling'));
    const res = await post('dangling.s.t_otel_logs');
    assert.equal(res.status, 400, await res.text());
    assert.deepEqual(await readdir(outside), []);
  });

  test('a symlink that stays inside the data dir is fine', async () => {
    await mkdir(join(dataDir, 'real'), { recursive: true });
    await symlink(join(dataDir, 'real'), join(dataDir, 'alias'));
    assert.equal((await post('alias.s.t_otel_logs')).status, 200);
    assert.equal(existsSync(join(dataDir, 'real', 's', 't_otel_logs', '_delta_log')), true);
  });

  test('the server is still up', async () => {
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
  });
});
