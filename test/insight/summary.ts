import { attr, contributions, estimate, eventOf, inWindow, pointAgent, recordAgent, recordTime, sessionOf, TOKEN_KIND, userOf, type Window } from './reference.js';
import type { Sent } from './sent.js';

export interface AgentSummary {
  agent: string;
  sessions: number;
  users: number;
  cost_usd: number | null;
  cost_source: string | null;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_creation_tokens: number;
  api_requests: number;
  api_errors: number;
  tool_calls: number;
  tool_failures: number;
  lines_added: number;
  lines_removed: number;
  commits: number;
  pull_requests: number;
}

/** SPEC.md's summary table, row by row, over what was sent. */
export function expectedSummary(sent: Sent, w: Window): AgentSummary[] {
  const out = new Map<string, AgentSummary & { sessionSet: Set<string>; userSet: Set<string>; est: number | null }>();
  const row = (agent: string) => {
    if (!out.has(agent)) {
      out.set(agent, {
        agent, sessions: 0, users: 0, cost_usd: null, cost_source: null, input_tokens: 0, output_tokens: 0, cache_read_tokens: 0, cache_creation_tokens: 0,
        api_requests: 0, api_errors: 0, tool_calls: 0, tool_failures: 0, lines_added: 0, lines_removed: 0, commits: 0, pull_requests: 0,
        sessionSet: new Set(), userSet: new Set(), est: null,
      });
    }
    return out.get(agent)!;
  };
  const seen = (agent: string, x: Parameters<typeof sessionOf>[1]) => {
    const r = row(agent);
    const s = sessionOf(agent, x);
    const u = userOf(agent, x);
    if (s !== undefined) r.sessionSet.add(s);
    if (u !== undefined) r.userSet.add(u);
  };
  for (const p of sent.points) {
    const agent = pointAgent(p.name);
    if (agent && inWindow(p.timeNs, w)) seen(agent, p);
  }
  for (const rec of sent.records) {
    const agent = recordAgent(rec);
    if (!agent || !inWindow(recordTime(rec), w)) continue;
    seen(agent, rec);
    const r = row(agent);
    const ev = eventOf(rec);
    const api = agent === 'claude_code' ? ['api_request', 'api_error'] : agent === 'gemini_cli' ? ['api_response', 'api_error'] : [];
    if (api.includes(ev)) r.api_requests++;
    if (agent !== 'codex' && ev === 'api_error') r.api_errors++;
    const tool = agent === 'claude_code' ? 'tool_result' : agent === 'gemini_cli' ? 'tool_call' : null;
    if (ev === tool) {
      r.tool_calls++;
      if (attr(rec, 'success') !== 'true') r.tool_failures++;
    }
  }
  for (const { p, value } of contributions(sent.points, w)) {
    const agent = pointAgent(p.name);
    if (!agent) continue;
    const r = row(agent);
    const type = p.attrs.type ?? p.attrs.token_type;
    const kind = TOKEN_KIND[p.name]?.[type];
    if (kind === 'input') r.input_tokens += value;
    if (kind === 'output') r.output_tokens += value;
    if (kind === 'cache_read') r.cache_read_tokens += value;
    if (kind === 'cache_creation') r.cache_creation_tokens += value;
    if (kind && agent !== 'claude_code') {
      const usd = estimate(kind, attr(p, 'model'), value);
      if (usd !== null) r.est = (r.est ?? 0) + usd;
    }
    if (p.name === 'claude_code.cost.usage') r.cost_usd = (r.cost_usd ?? 0) + value;
    if (p.name === 'codex.api_request') {
      r.api_requests += value;
      if (attr(p, 'success') === 'false') r.api_errors += value;
    }
    if (p.name === 'codex.tool.call') {
      r.tool_calls += value;
      if (attr(p, 'success') === 'false') r.tool_failures += value;
    }
    if (p.name === 'claude_code.lines_of_code.count' || p.name === 'gemini_cli.lines.changed') {
      if (type === 'added') r.lines_added += value;
      if (type === 'removed') r.lines_removed += value;
    }
    if (p.name === 'claude_code.commit.count') r.commits += value;
    if (p.name === 'claude_code.pull_request.count') r.pull_requests += value;
  }
  return [...out.values()]
    .map(({ sessionSet, userSet, est, ...r }) => ({
      ...r,
      sessions: sessionSet.size,
      users: userSet.size,
      cost_usd: r.agent === 'claude_code' ? (r.cost_usd ?? 0) : est,
      cost_source: r.agent === 'claude_code' ? 'reported' : est === null ? null : 'estimated',
    }))
    .sort((a, b) => a.agent.localeCompare(b.agent));
}
