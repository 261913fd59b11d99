import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { USED_EVENTS, USED_METRICS, VIEWS } from '../../src/insight/model/index.js';
import { removeDir } from '../helpers/server.js';
import { getJson, loadFixture, rfc3339, type Fixture } from './fixture.js';
import { attr, pointAgent, recordAgent, recordTime, sessionOf, userOf, type Window } from './reference.js';
import { expectedSummary } from './summary.js';
import { add, apiCalls, dayOf, decisions, events, spendItems, tokenTotals, toolCalls } from './view-expect.js';

const close = (a: number, b: number, label: string) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${label}: ${a} != ${b}`);

function assertSums(actual: Map<string, number>, expected: Map<string, number>, label: string) {
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort(), `${label}: keys`);
  for (const [k, v] of expected) close(actual.get(k)!, v, `${label} ${k}`);
}

/** Every view's numbers against expectations computed from what was sent. */
describe('the views of /api/usage/<view>', () => {
  let f: Fixture;
  const rows = async (view: string, query = '') => {
    const { status, body } = await getJson(`${f.server.url}/api/usage/${view}${query}`);
    assert.equal(status, 200, `${view}: ${JSON.stringify(body)}`);
    if (view === 'summary') return body.agents as Record<string, any>[]; // SPEC.md's shape
    assert.deepEqual(body.columns.map((c: { name: string }) => c.name), Object.keys(body.rows[0] ?? Object.fromEntries(body.columns.map((c: { name: string }) => [c.name, 0]))));
    return body.rows as Record<string, any>[];
  };
  before(async () => {
    f = await loadFixture();
  });
  after(async () => {
    await f?.server.stop();
    if (f) await removeDir(f.server.dataDir);
  });

  test('every view answers with its declared columns and with rows', async () => {
    for (const v of VIEWS) {
      const got = await rows(v.id, v.id === 'session_timeline' ? '?session=sdk-claude-1' : '');
      assert.ok(got.length > 0, `${v.id} has rows`);
    }
  });

  test('spend and tokens over time, per day and agent, in a window too', async () => {
    const windows: Window[] = [{}, { from: BigInt(Date.UTC(2026, 0, 7)) * 1_000_000n, to: BigInt(Date.UTC(2026, 0, 8, 15)) * 1_000_000n }];
    for (const w of windows) {
      const q = w.from !== undefined && w.to !== undefined ? `?from=${rfc3339(w.from)}&to=${rfc3339(w.to)}` : '';
      const spend = new Map<string, number>();
      for (const r of await rows('spend_over_time', q)) add(spend, `${r.day}|${r.agent}|${r.cost_source}`, r.cost_usd);
      const expected = new Map<string, number>();
      for (const s of spendItems(f.sent, w)) add(expected, `${s.day}|${s.agent}|${s.agent === 'claude_code' ? 'reported' : 'estimated'}`, s.usd);
      assertSums(spend, expected, 'spend');
      const tokens = new Map<string, number>();
      for (const r of await rows('tokens_over_time', q)) if (['input', 'output', 'cache_read', 'cache_creation', 'thought'].includes(r.token_kind)) add(tokens, `${r.agent}|${r.token_kind}`, r.tokens);
      assertSums(tokens, tokenTotals(f.sent, w), 'tokens');
    }
  });

  test('cache hit rate: Claude Code counts cached tokens apart from input, the others inside it', async () => {
    const t = tokenTotals(f.sent, {});
    const got = await rows('cache');
    for (const agent of ['claude_code', 'codex', 'gemini_cli']) {
      const mine = got.filter((r) => r.agent === agent);
      const prompt = mine.reduce((a, r) => a + r.prompt_tokens, 0);
      const read = mine.reduce((a, r) => a + r.cache_read_tokens, 0);
      const g = (k: string) => t.get(`${agent}|${k}`) ?? 0;
      assert.equal(read, g('cache_read'));
      assert.equal(prompt, agent === 'claude_code' ? g('input') + g('cache_read') + g('cache_creation') : g('input'));
      for (const r of mine) if (r.prompt_tokens > 0) close(r.cache_hit_rate, r.cache_read_tokens / r.prompt_tokens, `${agent} hit rate`);
    }
  });

  test('users and teams: spend, sessions, lines and commits', async () => {
    const spend = new Map<string, number>();
    const teamSpend = new Map<string, number>();
    for (const s of spendItems(f.sent, {})) {
      add(spend, s.user ?? '(unknown)', s.usd);
      add(teamSpend, s.team ?? '(none)', s.usd);
    }
    const sessions = new Map<string, Set<string>>();
    const note = (agent: string, x: Parameters<typeof sessionOf>[1]) => {
      const s = sessionOf(agent, x);
      if (s === undefined) return;
      const key = userOf(agent, x) ?? '(unknown)';
      if (!sessions.has(key)) sessions.set(key, new Set());
      sessions.get(key)!.add(`${agent}|${s}`);
    };
    for (const p of f.sent.points) if (pointAgent(p.name)) note(pointAgent(p.name)!, p);
    for (const r of f.sent.records) if (recordAgent(r)) note(recordAgent(r)!, r);
    const users = await rows('users');
    assertSums(new Map(users.filter((u) => u.cost_usd !== null).map((u) => [u.user, u.cost_usd])), spend, 'cost per user');
    for (const u of users) assert.equal(u.sessions, sessions.get(u.user)?.size ?? 0, `sessions of ${u.user}`);
    const teams = await rows('teams');
    // A team with activity but no cost-bearing points (the SDK's events carry no team.id) shows $0.
    assertSums(new Map(teams.filter((t) => t.cost_usd).map((t) => [t.team, t.cost_usd])), teamSpend, 'cost per team');
    const summary = expectedSummary(f.sent, {});
    assert.equal(users.reduce((a, u) => a + u.commits, 0), summary.reduce((a, s) => a + s.commits, 0));
    assert.equal(users.reduce((a, u) => a + u.lines_added, 0), summary.reduce((a, s) => a + s.lines_added, 0));
  });

  test('sessions by cost, and the most expensive session\'s timeline', async () => {
    const cost = new Map<string, number>();
    for (const s of spendItems(f.sent, {})) if (s.session) add(cost, `${s.agent}|${s.session}`, s.usd);
    const got = await rows('sessions');
    const evs = events(f.sent);
    for (const r of got) {
      const mine = evs.filter((e) => e.agent === r.agent && sessionOf(e.agent, e) === r.session);
      assert.equal(r.prompts, mine.filter((e) => e.event === 'user_prompt').length, `prompts of ${r.session}`);
      assert.equal(r.tool_calls, mine.filter((e) => e.event === 'tool_result' || e.event === 'tool_call').length, `tools of ${r.session}`);
      if (cost.has(`${r.agent}|${r.session}`)) close(r.cost_usd, cost.get(`${r.agent}|${r.session}`)!, `cost of ${r.session}`);
      else assert.equal(r.cost_usd, null, `no cost for ${r.session}`);
    }
    const top = [...cost].sort((a, b) => b[1] - a[1])[0];
    assert.equal(`${got[0].agent}|${got[0].session}`, top[0], 'ordered by cost');
    const timeline = await rows('session_timeline', `?session=${encodeURIComponent(got[0].session)}`);
    const mine = evs.filter((e) => e.agent === got[0].agent && sessionOf(e.agent, e) === got[0].session);
    assert.equal(timeline.length, mine.length);
    const times = mine.map((e) => recordTime(e)).sort((a, b) => (a < b ? -1 : 1));
    assert.deepEqual(timeline.map((t) => t.time), times.map((t) => new Date(Number(t / 1_000_000n)).toISOString()));
    assert.deepEqual(await rows('session_timeline'), [], 'no session, no timeline');
  });

  test('tools and decisions', async () => {
    const got = new Map((await rows('tools')).map((r) => [`${r.agent}|${r.tool}`, [r.calls, r.failures]]));
    assert.deepEqual(new Map([...got].sort()), new Map([...toolCalls(f.sent)].sort()));
    for (const r of await rows('tools')) assert.ok(r.p50_ms <= r.p95_ms);
    const dec = new Map<string, [number, number]>();
    for (const r of await rows('edit_decisions')) {
      const v = dec.get(r.agent) ?? [0, 0];
      dec.set(r.agent, [v[0] + r.accepted, v[1] + r.rejected]);
    }
    assert.deepEqual(new Map([...dec].sort()), new Map([...decisions(f.sent)].sort()));
  });

  test('cost efficiency per agent', async () => {
    const summary = expectedSummary(f.sent, {});
    for (const r of await rows('efficiency')) {
      const s = summary.find((e) => e.agent === r.agent)!;
      assert.equal(r.commits, s.commits);
      assert.equal(r.lines_added, s.lines_added);
      if (s.commits > 0 && s.cost_usd !== null) close(r.cost_per_commit, s.cost_usd / s.commits, 'per commit');
      else assert.equal(r.cost_per_commit, null);
      if (s.lines_added > 0 && s.cost_usd !== null) close(r.cost_per_100_lines, (100 * s.cost_usd) / s.lines_added, 'per 100 lines');
    }
  });

  test('reliability: errors by model and status, latency, retries', async () => {
    const calls = apiCalls(f.sent);
    const byModel = new Map((await rows('api_errors')).map((r) => [`${r.agent}|${r.model}`, [r.requests, r.errors]]));
    assert.deepEqual(new Map([...byModel].sort()), new Map([...calls].map(([k, v]) => [k, [v.requests, v.errors]] as [string, number[]]).sort()));
    const status = new Map<string, number>();
    for (const [k, v] of calls) for (const [s, n] of v.status) add(status, `${k.split('|')[0]}|${s}`, n);
    assertSums(new Map((await rows('api_status')).map((r) => [`${r.agent}|${r.status}`, r.calls])), status, 'status');
    for (const r of await rows('latency')) {
      const v = calls.get(`${r.agent}|${r.model}`)!;
      assert.equal(r.requests, v.ms.length);
      assert.ok(r.p50_ms >= Math.min(...v.ms) && r.p99_ms <= Math.max(...v.ms) && r.p50_ms <= r.p95_ms);
    }
    const exhausted = events(f.sent).filter((e) => e.event === 'api_retries_exhausted').length;
    assert.equal((await rows('retries')).reduce((a, r) => a + r.retries_exhausted, 0), exhausted);
  });

  test('data health: rows per day and last data of every table, names no view uses', async () => {
    const perTable = new Map<string, number>();
    const last = new Map<string, bigint>();
    const perDay = new Map<string, number>();
    for (const x of [...f.sent.points.map((p) => ({ table: p.table, t: p.timeNs })), ...f.sent.records.map((r) => ({ table: r.table, t: recordTime(r) }))]) {
      add(perTable, x.table, 1);
      add(perDay, `${dayOf(x.t)}|${x.table}`, 1);
      if (!last.has(x.table) || last.get(x.table)! < x.t) last.set(x.table, x.t);
    }
    const lastRows = await rows('last_data');
    const byTable = new Map<string, number>();
    for (const r of lastRows) add(byTable, r.table, r.row_count);
    assertSums(byTable, perTable, 'rows per table');
    for (const [table, t] of last) {
      const newest = lastRows.filter((r) => r.table === table).map((r) => r.last_time).sort().pop();
      assert.equal(newest, new Date(Number(t / 1_000_000n)).toISOString(), `last data of ${table}`);
    }
    const days = new Map<string, number>();
    for (const r of await rows('rows_per_day')) add(days, `${r.day}|${r.table}`, r.row_count);
    assertSums(days, perDay, 'rows per day');
    const unused = new Set((await rows('unused_names')).map((r) => `${r.kind}|${r.name}`));
    const expected = new Set<string>();
    for (const p of f.sent.points) if (!(USED_METRICS as readonly string[]).includes(p.name)) expected.add(`metric|${p.name}`);
    for (const e of events(f.sent)) if (!(USED_EVENTS as readonly string[]).includes(`${e.agent}:${e.event}`)) expected.add(`event|${attr(e, 'event.name')}`);
    assert.deepEqual([...unused].sort(), [...expected].sort());
    assert.ok(unused.has('event|codex.sse_event') && unused.has('metric|gemini_cli.session.count'));
  });

  test('filters change the numbers: one user, one team, one model, one agent', async () => {
    const all = await rows('summary');
    const users = (await rows('filter_values')).filter((r) => r.kind === 'user').map((r) => r.value);
    const expectedUsers = new Set<string>();
    for (const p of f.sent.points) if (pointAgent(p.name) && userOf(pointAgent(p.name)!, p)) expectedUsers.add(userOf(pointAgent(p.name)!, p)!);
    for (const r of f.sent.records) if (recordAgent(r) && userOf(recordAgent(r)!, r)) expectedUsers.add(userOf(recordAgent(r)!, r)!);
    assert.deepEqual(users.sort(), [...expectedUsers].sort());
    const one = await rows('summary', `?user=${encodeURIComponent(users[0])}`);
    assert.ok(one.reduce((a, r) => a + r.sessions, 0) < all.reduce((a, r) => a + r.sessions, 0));
    assert.ok(one.every((r) => r.users === 1));
    const codex = await rows('summary', '?agent=codex');
    assert.deepEqual(codex.map((r) => r.agent), ['codex']);
    assert.deepEqual((await rows('summary', '?model=gemini-2.5-pro')).map((r) => r.agent), ['gemini_cli']);
    const team = await rows('teams', '?team=payments');
    assert.deepEqual(team.map((r) => r.team), ['payments']);
    assert.deepEqual(await rows('summary', `?user=${encodeURIComponent("x' OR '1'='1")}`), [], 'a value is bound, never SQL');
  });
});
