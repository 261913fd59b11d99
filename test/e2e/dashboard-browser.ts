import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Debian's Chromium, headless, with a fresh profile and nothing that phones home; the page's
 * script errors and failed requests are collected.
 */
export async function openBrowser(): Promise<{ context: BrowserContext; page: Page; problems: string[]; close: () => Promise<void> }> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
  const profile = mkdtempSync(join(tmpdir(), 'otlp-delta-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1400, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  return {
    context,
    page,
    problems,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Opens a URL; one retry when Chromium's network service restarts under it at start-up. */
export async function goto(page: Page, url: string): Promise<void> {
  try {
    await page.goto(url);
  } catch (error) {
    if (!/ERR_NETWORK_CHANGED/.test(String(error))) throw error;
    await page.goto(url);
  }
}

/** Waits until the page has loaded every view (or failed). */
export async function settled(page: Page): Promise<string> {
  // A selector, not a function: the page's CSP forbids evaluating strings.
  await page.waitForSelector('body[data-state=done], body[data-state=error]', { timeout: 60_000 });
  return (await page.getAttribute('body', 'data-state'))!;
}
