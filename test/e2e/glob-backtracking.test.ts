import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { jsonLogs } from '../helpers/payloads.js';
import { removeDir, startServer, type RunningServer } from '../helpers/server.js';

const TOKEN = 'tok-glob-5e4d3c2b1a09';

describe('table globs over the real server', () => {
  let server: RunningServer;
  let dir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'otlp-delta-glob-'));
    const tokensFile = join(dir, 'tokens.json');
    await writeFile(tokensFile, JSON.stringify([{ name: 'team-a', token: TOKEN, tables: ['*_*_*_*_logs'] }]));
    server = await startServer({ args: ['--tokens-file', tokensFile] });
  });

  after(async () => {
    assert.equal(await server.stop(), 0);
    await removeDir(server.dataDir);
    await rm(dir, { recursive: true, force: true });
  });

  test('a long table name that a pattern does not match is refused at once, and others stay served', async () => {
    // 360 characters, a valid table name full of the pattern's separator: a backtracking matcher
    // spent seconds on this, on the event loop, for every such request.
    const name = `${'_'.repeat(120)}.${'_'.repeat(120)}.${'_'.repeat(115)}xyz`;
    assert.equal(name.length, 360);
    const post = () =>
      fetch(`${server.url}/v1/logs`, {
        method: 'POST',
        body: jsonLogs(),
        headers: { 'content-type': 'application/json', 'x-databricks-uc-table-name': name, authorization: `Bearer ${TOKEN}` },
      });
    const started = performance.now();
    const answers = await Promise.all([post(), post(), post(), fetch(`${server.url}/healthz`)]);
    const elapsed = performance.now() - started;
    assert.deepEqual(
      answers.map((r) => r.status),
      [403, 403, 403, 200],
    );
    const status = (await answers[0].json()) as { message: string };
    assert.match(status.message, /caller team-a may not write table/);
    // Loose: a loaded machine answers four small requests well within this; backtracking took
    // several seconds per request.
    assert.ok(elapsed < 3000, `four answers took ${Math.round(elapsed)} ms`);
  });
});
