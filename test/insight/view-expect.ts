import { attr, contributions, estimate, eventOf, pointAgent, recordAgent, recordTime, sessionOf, TOKEN_KIND, userOf, type Window, inWindow } from './reference.js';
import type { Sent, SentRecord } from './sent.js';

/** Expected numbers of the views, from what was sent (keys joined with `|`). */
export const dayOf = (ns: bigint) => new Date(Number(ns / 1_000_000n)).toISOString().slice(0, 10);

export function add(m: Map<string, number>, key: string, n: number) {
  m.set(key, (m.get(key) ?? 0) + n);
}

/** Each cost-bearing contribution: reported (Claude Code) or estimated from tokens (the others). */
export function spendItems(sent: Sent, w: Window) {
  const out: { agent: string; day: string; session?: string; user?: string; team?: string; model?: string; usd: number }[] = [];
  for (const { p, value } of contributions(sent.points, w)) {
    const agent = pointAgent(p.name);
    if (!agent) continue;
    const base = { agent, day: dayOf(p.timeNs), session: sessionOf(agent, p), user: userOf(agent, p), team: attr(p, 'team.id'), model: attr(p, 'model') };
    if (p.name === 'claude_code.cost.usage') out.push({ ...base, usd: value });
    const kind = TOKEN_KIND[p.name]?.[p.attrs.type ?? p.attrs.token_type];
    if (kind && agent !== 'claude_code') {
      const usd = estimate(kind, attr(p, 'model'), value);
      if (usd !== null) out.push({ ...base, usd });
    }
  }
  return out;
}

export function tokenTotals(sent: Sent, w: Window): Map<string, number> {
  const m = new Map<string, number>();
  for (const { p, value } of contributions(sent.points, w)) {
    const kind = TOKEN_KIND[p.name]?.[p.attrs.type ?? p.attrs.token_type];
    if (kind) add(m, `${pointAgent(p.name)}|${kind}`, value);
  }
  return m;
}

export function events(sent: Sent, w: Window = {}): (SentRecord & { agent: string; event: string })[] {
  return sent.records
    .filter((r) => recordAgent(r) !== null && inWindow(recordTime(r), w))
    .map((r) => ({ ...r, agent: recordAgent(r)!, event: eventOf(r) }));
}

/** Tool calls per agent and tool: calls and failures. */
export function toolCalls(sent: Sent): Map<string, [number, number]> {
  const m = new Map<string, [number, number]>();
  for (const e of events(sent)) {
    if (e.event !== 'tool_result' && e.event !== 'tool_call') continue;
    const key = `${e.agent}|${attr(e, 'tool_name') ?? attr(e, 'function_name')}`;
    const v = m.get(key) ?? [0, 0];
    v[0]++;
    if (attr(e, 'success') !== 'true') v[1]++;
    m.set(key, v);
  }
  return m;
}

const ACCEPTED = new Set(['accept', 'approved', 'approved_for_session', 'auto_accept', 'modify']);

/** Decisions per agent: accepted and rejected. */
export function decisions(sent: Sent): Map<string, [number, number]> {
  const m = new Map<string, [number, number]>();
  const count = (agent: string, decision: string | undefined, n: number) => {
    if (decision === undefined) return;
    const v = m.get(agent) ?? [0, 0];
    v[ACCEPTED.has(decision) ? 0 : 1] += n;
    m.set(agent, v);
  };
  for (const { p, value } of contributions(sent.points, {})) {
    if (p.name === 'claude_code.code_edit_tool.decision') count('claude_code', attr(p, 'decision'), value);
  }
  for (const e of events(sent)) {
    if ((e.agent === 'codex' && e.event === 'tool_decision') || (e.agent === 'gemini_cli' && e.event === 'tool_call')) count(e.agent, attr(e, 'decision'), 1);
  }
  return m;
}

/** API calls per agent and model: requests, errors, and their durations. */
export function apiCalls(sent: Sent): Map<string, { requests: number; errors: number; ms: number[]; status: Map<string, number> }> {
  const m = new Map<string, { requests: number; errors: number; ms: number[]; status: Map<string, number> }>();
  for (const e of events(sent)) {
    const isCall =
      (e.agent === 'claude_code' && (e.event === 'api_request' || e.event === 'api_error')) ||
      (e.agent === 'codex' && e.event === 'api_request') ||
      (e.agent === 'gemini_cli' && (e.event === 'api_response' || e.event === 'api_error'));
    if (!isCall) continue;
    const key = `${e.agent}|${attr(e, 'model') ?? '(none)'}`;
    const v = m.get(key) ?? { requests: 0, errors: 0, ms: [] as number[], status: new Map<string, number>() };
    const status = attr(e, 'status_code') ?? attr(e, 'http.response.status_code');
    v.requests++;
    if (e.event === 'api_error' || (e.agent === 'codex' && (attr(e, 'error.message') !== undefined || Number(status ?? 0) >= 400))) v.errors++;
    if (attr(e, 'duration_ms') !== undefined) v.ms.push(Number(attr(e, 'duration_ms')));
    add(v.status, status ?? (e.event === 'api_error' ? '(error)' : '(ok)'), 1);
    m.set(key, v);
  }
  return m;
}
