import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PAGE_HTML, SIGNIN_JS, signInHtml } from './html.js';
import { APP_JS } from './script.js';
import { APP_CSS } from './style.js';

export interface DashboardAssets {
  readonly page: string;
  signIn(problem: string): string;
  readonly files: ReadonlyMap<string, { type: string; body: string | Buffer }>;
  /** Everything from this origin, nothing inline but styles (uPlot sets element styles). */
  readonly csp: string;
}

let cached: DashboardAssets | undefined;

/** The page and its static files, uPlot read once from node_modules (no CDN: works offline). */
export function dashboardAssets(): DashboardAssets {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const uplotDir = require.resolve('uplot/dist/uPlot.iife.min.js').replace(/uPlot\.iife\.min\.js$/, '');
  const js = 'text/javascript; charset=utf-8';
  const files = new Map<string, { type: string; body: string | Buffer }>([
    ['app.js', { type: js, body: APP_JS }],
    ['app.css', { type: 'text/css; charset=utf-8', body: APP_CSS }],
    ['signin.js', { type: js, body: SIGNIN_JS }],
    ['uPlot.iife.min.js', { type: js, body: readFileSync(`${uplotDir}uPlot.iife.min.js`) }],
    ['uPlot.min.css', { type: 'text/css; charset=utf-8', body: readFileSync(`${uplotDir}uPlot.min.css`) }],
  ]);
  cached = {
    page: PAGE_HTML,
    signIn: signInHtml,
    files,
    csp: "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  };
  return cached;
}
