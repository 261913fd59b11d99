import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { removeDir } from '../helpers/server.js';
import { runCli, startDashboard } from './dashboard-process.js';

/** Who may read the dashboard when a tokens file is configured. */
describe('otlp-delta dashboard with a tokens file', () => {
  let dir: string;
  let dashboard: Awaited<ReturnType<typeof startDashboard>>;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'otlp-delta-dash-auth-'));
    await writeFile(
      join(dir, 'tokens.json'),
      JSON.stringify([
        { name: 'admin', token: 'reader-secret', tables: ['main.*'], read: true },
        { name: 'agent', token: 'writer-secret', tables: ['main.*'] },
      ]),
    );
    dashboard = await startDashboard(['--data-dir', join(dir, 'data'), '--tokens-file', join(dir, 'tokens.json')]);
  });
  after(async () => {
    await dashboard?.stop();
    await removeDir(dir);
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${dashboard.url}${path}`, { headers });

  test('the API needs a token whose entry has "read": true', async () => {
    const none = await get('/api/usage/summary');
    assert.equal(none.status, 401);
    assert.equal(none.headers.get('www-authenticate'), 'Bearer');
    assert.equal(((await none.json()) as { code: number }).code, 16);
    const unknown = await get('/api/usage/summary', { authorization: 'Bearer nope' });
    assert.equal(unknown.status, 401);
    const writer = await get('/api/usage/users', { authorization: 'Bearer writer-secret' });
    assert.equal(writer.status, 403);
    const body = (await writer.json()) as { code: number; message: string };
    assert.equal(body.code, 7);
    assert.match(body.message, /"read": true/);
    assert.doesNotMatch(body.message, /secret/);
    const reader = await get('/api/usage/summary', { authorization: 'Bearer reader-secret' });
    assert.equal(reader.status, 200);
    assert.deepEqual(await reader.json(), { from: null, to: null, agents: [] });
  });

  test('the page asks for the token once and keeps it in a cookie', async () => {
    const page = await get('/dashboard');
    assert.equal(page.status, 401);
    const html = await page.text();
    assert.match(html, /<form id="signin">/);
    assert.doesNotMatch(html, /api\/usage/);
    // The static files hold no data, so the sign-in page can load them.
    assert.equal((await get('/dashboard/static/signin.js')).status, 200);
    const cookie = { cookie: 'other=1; otlp_delta_token=reader-secret' };
    assert.equal((await get('/dashboard', cookie)).status, 200);
    assert.equal((await get('/api/usage/views', cookie)).status, 200);
    assert.equal((await get('/dashboard', { cookie: 'otlp_delta_token=writer-secret' })).status, 403);
  });
});

describe('otlp-delta dashboard without a tokens file', () => {
  test('refuses to listen beyond loopback, as serve does', async () => {
    const { code, output } = await runCli(['dashboard', '--host', '0.0.0.0', '--port', '0']);
    assert.equal(code, 2);
    assert.match(output, /refusing to listen on 0\.0\.0\.0 without a tokens file/);
  });

  test('a bad price list stops it with a message that names the problem', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'otlp-delta-dash-prices-'));
    try {
      await writeFile(join(dir, 'prices.json'), JSON.stringify({ as_of: '2026-01-01', currency: 'USD', unit: 'per_million_tokens', models: [{ model: "x'; DROP", input: 1, cached_input: 0, output: 1 }] }));
      const { code, output } = await runCli(['dashboard', '--port', '0', '--data-dir', dir, '--prices-file', join(dir, 'prices.json')]);
      assert.equal(code, 2);
      assert.match(output, /price list .* models\.0\.model/);
    } finally {
      await removeDir(dir);
    }
  });
});
