import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { VIEWS } from '../../src/insight/model/index.js';
import { loadFixture, type Fixture } from '../insight/fixture.js';
import { expectedSummary } from '../insight/summary.js';
import { removeDir } from '../helpers/server.js';
import { goto, openBrowser, settled } from './dashboard-browser.js';

const counter = (page: import('playwright-core').Page, label: string) => page.textContent(`[data-counter="${label}"] .value`);

/** The page in real headless Chromium over demo and SDK traffic. */
describe('/dashboard in Chromium', () => {
  let f: Fixture;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  before(async () => {
    f = await loadFixture();
    browser = await openBrowser();
  });
  after(async () => {
    await browser?.close();
    await f?.server.stop();
    if (f) await removeDir(f.server.dataDir);
  });

  test('renders every view with data, without a script error', async () => {
    const { page, problems } = browser;
    await goto(page, `${f.server.url}/dashboard`);
    assert.equal(await settled(page), 'done', String(await page.textContent('#status')));
    for (const v of VIEWS) {
      const card = page.locator(`[data-view="${v.id}"]`);
      assert.equal(await card.getAttribute('data-state'), 'done', v.id);
      assert.ok(Number(await card.getAttribute('data-rows')) > 0, `${v.id} shows rows`);
      assert.ok((await card.locator('tbody tr').count()) > 0, `${v.id} has a table`);
      if (v.encoding?.x === 'day') assert.equal(await card.locator('.uplot canvas').count(), 1, `${v.id} has a chart`);
    }
    const sessions = expectedSummary(f.sent, {}).reduce((a, s) => a + s.sessions, 0);
    assert.equal(await counter(page, 'Sessions'), sessions.toLocaleString('en-US'));
    assert.deepEqual(problems, []);
  });

  test('the filters change the numbers', async () => {
    const { page, problems } = browser;
    const before = await counter(page, 'Sessions');
    const users = await page.locator('select[name=user] option').evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value).filter(Boolean));
    assert.ok(users.length > 1);
    await page.selectOption('select[name=user]', users[0]);
    await page.click('button[type=submit]');
    await settled(page);
    const oneUser = await counter(page, 'Sessions');
    assert.notEqual(oneUser, before);
    const expected = expectedSummary({ points: f.sent.points, records: f.sent.records }, {});
    assert.ok(Number(oneUser!.replace(/,/g, '')) < expected.reduce((a, s) => a + s.sessions, 0));
    assert.equal(await page.textContent('[data-view="users"] tbody tr td'), users[0], 'the users table shows that user only');
    // A date range: the week before the demo holds nothing.
    await page.selectOption('select[name=user]', '');
    await page.fill('input[name=from]', '2025-12-01');
    await page.fill('input[name=to]', '2025-12-07');
    await page.click('button[type=submit]');
    await settled(page);
    assert.equal(await page.getAttribute('[data-view="summary"]', 'data-rows'), '0');
    assert.equal(await counter(page, 'Sessions'), '0');
    assert.deepEqual(problems, []);
  });
});

describe('/dashboard in Chromium with a tokens file', () => {
  test('asks for the token once, then shows the page', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { startDashboard } = await import('../insight/dashboard-process.js');
    const dir = await mkdtemp(join(tmpdir(), 'otlp-delta-page-auth-'));
    await writeFile(join(dir, 'tokens.json'), JSON.stringify([{ name: 'admin', token: 'let-me-read', tables: ['*'], read: true }]));
    const dashboard = await startDashboard(['--data-dir', join(dir, 'data'), '--tokens-file', join(dir, 'tokens.json')]);
    const browser = await openBrowser();
    try {
      const { page, problems } = browser;
      await goto(page, `${dashboard.url}/dashboard`);
      await page.fill('input[name=token]', 'let-me-read');
      await page.click('form#signin button');
      await page.waitForSelector('form#filters');
      assert.equal(await settled(page), 'done');
      assert.equal(await page.getAttribute('[data-view="summary"]', 'data-rows'), '0', 'no data yet, but allowed to read');
      // Once: a new visit goes straight to the page.
      await goto(page, `${dashboard.url}/dashboard`);
      assert.equal(await settled(page), 'done');
      // The sign-in page's 401 is the only failed request.
      assert.deepEqual(problems.filter((p) => !/401/.test(p)), []);
    } finally {
      await browser.close();
      await dashboard.stop();
      await removeDir(dir);
    }
  });
});
