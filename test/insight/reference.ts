import { SHIPPED_PRICES } from '../../src/insight/model/index.js';
import type { SentPoint, SentRecord } from './sent.js';

/**
 * SPEC.md "Usage insight" computed in plain TypeScript over what the tests sent: the expected
 * side of the dashboard's numbers. Written from the SPEC's words, not from the SQL.
 */
export interface Window {
  from?: bigint;
  to?: bigint;
}

export const inWindow = (t: bigint, w: Window) => (w.from === undefined || t >= w.from) && (w.to === undefined || t < w.to);

export function pointAgent(name: string): string | null {
  for (const a of ['claude_code', 'codex', 'gemini_cli']) if (name.startsWith(`${a}.`)) return a;
  return null;
}

export function recordAgent(r: SentRecord): string | null {
  const name = r.attrs['event.name'] ?? '';
  if (r.body.startsWith('claude_code.') || name.startsWith('claude_code.') || r.scope.startsWith('com.anthropic.claude_code')) return 'claude_code';
  if (name.startsWith('codex.')) return 'codex';
  if (name.startsWith('gemini_cli.')) return 'gemini_cli';
  return null;
}

/** The event without its agent's prefix. */
export function eventOf(r: SentRecord): string {
  return (r.attrs['event.name'] ?? r.body).replace(/^(claude_code|codex|gemini_cli)\./, '');
}

export const recordTime = (r: SentRecord) => (r.timeNs === 0n ? r.observedNs : r.timeNs);
export const attr = (x: { attrs: Record<string, string>; res: Record<string, string> }, k: string): string | undefined => x.attrs[k] ?? x.res[k];

export function sessionOf(agent: string, x: SentPoint | SentRecord): string | undefined {
  return attr(x, agent === 'codex' ? 'conversation.id' : 'session.id');
}

export function userOf(agent: string, x: SentPoint | SentRecord): string | undefined {
  const keys = agent === 'claude_code' ? ['user.email', 'user.account_uuid', 'user.id'] : agent === 'codex' ? ['user.email', 'user.account_id'] : ['user.email', 'installation.id'];
  for (const k of keys) if (attr(x, k) !== undefined) return attr(x, k);
  return undefined;
}

const sorted = (o: Record<string, string>) => JSON.stringify(Object.entries(o).sort());

/**
 * Each point's contribution to a window: a DELTA point its value when in the window; a
 * CUMULATIVE series (same table, name, attributes, resource, start) its last value in the window
 * minus its last value before it, carried by its last point in the window.
 */
export function contributions(points: readonly SentPoint[], w: Window): { p: SentPoint; value: number }[] {
  const out: { p: SentPoint; value: number }[] = [];
  const series = new Map<string, SentPoint[]>();
  for (const p of points) {
    if (p.temporality !== 'cumulative') {
      if (inWindow(p.timeNs, w)) out.push({ p, value: p.value });
      continue;
    }
    const key = [p.table, p.name, sorted(p.attrs), sorted(p.res), p.startNs].join('|');
    if (!series.has(key)) series.set(key, []);
    series.get(key)!.push(p);
  }
  for (const ps of series.values()) {
    ps.sort((a, b) => (a.timeNs < b.timeNs ? -1 : a.timeNs > b.timeNs ? 1 : 0));
    const inside = ps.filter((p) => inWindow(p.timeNs, w));
    if (inside.length === 0) continue;
    const before = ps.filter((p) => w.from !== undefined && p.timeNs < w.from);
    const last = inside[inside.length - 1];
    out.push({ p: last, value: last.value - (before.length ? before[before.length - 1].value : 0) });
  }
  return out;
}

/** USD per million tokens of a model: exact name, else the longest `<entry>-` prefix. */
export function priceOf(model: string | undefined) {
  if (model === undefined) return undefined;
  const hits = SHIPPED_PRICES.models.filter((m) => model === m.model || model.startsWith(`${m.model}-`));
  return hits.sort((a, b) => b.model.length - a.model.length)[0];
}

export const TOKEN_KIND: Record<string, Record<string, string>> = {
  'claude_code.token.usage': { input: 'input', output: 'output', cacheRead: 'cache_read', cacheCreation: 'cache_creation' },
  'codex.turn.token_usage': { input: 'input', output: 'output', cached_input: 'cache_read', cache_write_input: 'cache_creation' },
  'gemini_cli.token.usage': { input: 'input', output: 'output', cache: 'cache_read', thought: 'thought' },
};

/** The estimated USD of some tokens (Codex, Gemini CLI): cached tokens are inside `input`. */
export function estimate(kind: string, model: string | undefined, tokens: number): number | null {
  const price = priceOf(model);
  if (!price) return null;
  const rate = { input: price.input, cache_read: price.cached_input - price.input, output: price.output, thought: price.output, cache_creation: (price.cache_write ?? price.input) - price.input }[kind] ?? 0;
  return (tokens * rate) / 1e6;
}
