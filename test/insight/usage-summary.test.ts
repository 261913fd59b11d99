import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { removeDir } from '../helpers/server.js';
import { startDashboard } from './dashboard-process.js';
import { getJson, loadFixture, rfc3339, type Fixture } from './fixture.js';
import { eventOf, recordTime, type Window } from './reference.js';
import { expectedSummary, type AgentSummary } from './summary.js';

/** Equal field by field; costs (sums of doubles) to 1e-9 relative. */
function assertSummary(actual: AgentSummary[], expected: AgentSummary[], label: string) {
  assert.deepEqual(actual.map((a) => a.agent), expected.map((e) => e.agent), `${label}: agents`);
  for (const [i, e] of expected.entries()) {
    const a = actual[i];
    for (const [k, v] of Object.entries(e)) {
      const got = (a as unknown as Record<string, unknown>)[k];
      if (k === 'cost_usd' && typeof v === 'number') {
        assert.equal(typeof got, 'number', `${label}: ${e.agent}.${k}`);
        assert.ok(Math.abs((got as number) - v) <= 1e-9 * Math.max(1, Math.abs(v)), `${label}: ${e.agent}.${k} ${got} != ${v}`);
      } else assert.equal(got, v, `${label}: ${e.agent}.${k}`);
    }
  }
}

/**
 * A window that starts at a Gemini CLI export in the middle of a session (its cumulative series
 * have points before it) and ends exactly at a Claude Code event in the middle of another
 * session (that event is out: the window is [from, to)).
 */
function cuttingWindow(f: Fixture): Window {
  const gemini = new Map<string, Set<bigint>>();
  for (const p of f.sent.points) {
    if (p.table !== 'main.demo.gemini_cli_otel_metrics') continue;
    const s = p.attrs['session.id'];
    if (!gemini.has(s)) gemini.set(s, new Set());
    gemini.get(s)!.add(p.timeNs);
  }
  const times = [...gemini.values()].map((s) => [...s].sort((a, b) => (a < b ? -1 : 1))).find((t) => t.length >= 3);
  assert.ok(times, 'the demo has a Gemini session with three exports');
  const from = times[1];
  const claude = f.sent.records.filter(
    (r) => r.table === 'main.demo.claude_code_otel_logs' && eventOf(r) === 'api_request' && recordTime(r) > from + 86_400_000_000_000n,
  );
  const to = recordTime(claude[Math.floor(claude.length / 2)]);
  return { from, to };
}

describe('GET /api/usage/summary against SPEC.md, computed from what was sent', () => {
  let f: Fixture;
  before(async () => {
    f = await loadFixture();
  });
  after(async () => {
    await f?.server.stop();
    if (f) await removeDir(f.server.dataDir);
  });

  test('all time: one entry per agent, every field as the SPEC defines it', async () => {
    const { status, body } = await getJson(`${f.server.url}/api/usage/summary`);
    assert.equal(status, 200);
    assert.equal(body.from, null);
    assert.equal(body.to, null);
    const expected = expectedSummary(f.sent, {});
    assert.deepEqual(expected.map((e) => e.agent), ['claude_code', 'codex', 'gemini_cli']);
    assertSummary(body.agents, expected, 'all time');
    // The Gemini CLI counts come from cumulative series: the naive sum of the points is larger.
    const naive = f.sent.points.filter((p) => p.name === 'gemini_cli.token.usage' && p.attrs.type === 'input').reduce((a, p) => a + p.value, 0);
    assert.ok(naive > body.agents[2].input_tokens, 'cumulative points are not summed as they are');
  });

  test('a window that cuts sessions: cumulative series from their last point before it, the end excluded', async () => {
    const w = cuttingWindow(f);
    const url = `${f.server.url}/api/usage/summary?from=${rfc3339(w.from!)}&to=${rfc3339(w.to!)}`;
    const { status, body } = await getJson(url);
    assert.equal(status, 200);
    assert.equal(body.from, rfc3339(w.from!));
    const expected = expectedSummary(f.sent, w);
    assertSummary(body.agents, expected, 'window');
    // The edge matters, to the nanosecond: one nanosecond later, the event at `to` counts.
    const later = expectedSummary(f.sent, { from: w.from, to: w.to! + 1n });
    const { body: laterBody } = await getJson(`${f.server.url}/api/usage/summary?from=${rfc3339(w.from!)}&to=${rfc3339(w.to! + 1n)}`);
    assertSummary(laterBody.agents, later, 'window + 1 ns');
    const { body: lateFrom } = await getJson(`${f.server.url}/api/usage/summary?from=${rfc3339(w.from! + 1n)}&to=${rfc3339(w.to!)}`);
    assertSummary(lateFrom.agents, expectedSummary(f.sent, { from: w.from! + 1n, to: w.to }), 'from + 1 ns');
    assert.notDeepEqual(later, expected, 'the window edge changes the numbers');
  });

  test('the SDK\'s cumulative Gemini series cut between its two exports', async () => {
    const { body } = await getJson(`${f.server.url}/api/usage/summary?from=${rfc3339(f.sdkBetweenNs)}`);
    const expected = expectedSummary(f.sent, { from: f.sdkBetweenNs });
    assertSummary(body.agents, expected, 'after the first SDK export');
    const gemini = body.agents.find((a: AgentSummary) => a.agent === 'gemini_cli');
    assert.equal(gemini.input_tokens, 500, 'second cumulative point (1500) minus the first (1000)');
    assert.equal(gemini.lines_removed, 3);
    assert.equal(gemini.lines_added, 0, 'an unchanged cumulative series adds nothing');
  });

  test('the overview compares with the previous period of the same length', async () => {
    const w = cuttingWindow(f);
    const { body } = await getJson(`${f.server.url}/api/usage/overview?from=${rfc3339(w.from!)}&to=${rfc3339(w.to!)}`);
    const cur = expectedSummary(f.sent, w);
    const prev = expectedSummary(f.sent, { from: 2n * w.from! - w.to!, to: w.from });
    for (const row of body.rows) {
      const c = cur.find((e) => e.agent === row.agent)!;
      const p = prev.find((e) => e.agent === row.agent);
      assert.equal(row.sessions, c.sessions);
      assert.equal(row.sessions_prev, p ? p.sessions : null);
      assert.equal(row.lines_added_prev, p ? p.lines_added : null);
      if (p && p.sessions > 0) assert.ok(Math.abs(row.sessions_change - (c.sessions - p.sessions) / p.sessions) < 1e-12);
    }
  });

  test('a new commit is seen at once: answers are cached per snapshot, not for a time', async () => {
    const { body: before } = await getJson(`${f.server.url}/api/usage/summary`);
    const claude = before.agents.find((a: AgentSummary) => a.agent === 'claude_code');
    const record = {
      timeUnixNano: '1767000000000000000',
      body: { stringValue: 'claude_code.api_error' },
      attributes: [
        { key: 'event.name', value: { stringValue: 'api_error' } },
        { key: 'session.id', value: { stringValue: 'late-session' } },
      ],
    };
    const response = await fetch(`${f.server.url}/api/2.0/otel/v1/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-databricks-uc-table-name': 'main.late.claude_otel_logs' },
      body: JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [record] }] }] }),
    });
    assert.equal(response.status, 200);
    const deadline = Date.now() + 20_000;
    let after = claude;
    while (Date.now() < deadline && after.api_errors === claude.api_errors) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = (await getJson(`${f.server.url}/api/usage/summary`)).body.agents.find((a: AgentSummary) => a.agent === 'claude_code');
    }
    assert.deepEqual(
      { api_errors: after.api_errors, api_requests: after.api_requests, sessions: after.sessions },
      { api_errors: claude.api_errors + 1, api_requests: claude.api_requests + 1, sessions: claude.sessions + 1 },
    );
    f.sent.records.push({ table: 'main.late.claude_otel_logs', timeNs: 1767000000000000000n, observedNs: 0n, body: 'claude_code.api_error', eventName: '', scope: '', attrs: { 'event.name': 'api_error', 'session.id': 'late-session' }, res: {} });
  });

  test('bad parameters get 400 with a google.rpc.Status', async () => {
    for (const q of ['from=yesterday', 'to=2026-13-01', 'from=2026-01-02&to=2026-01-01', 'from=a&from=b']) {
      const { status, body } = await getJson(`${f.server.url}/api/usage/summary?${q}`);
      assert.equal(status, 400, q);
      assert.equal(body.code, 3);
      assert.match(body.message, /from|to/);
    }
    const { status, body } = await getJson(`${f.server.url}/api/usage/no_such_view`);
    assert.equal(status, 404);
    assert.equal(body.code, 5);
  });

  test('otlp-delta dashboard on the same data dir answers the same summary, read-only beside serve', async () => {
    const dashboard = await startDashboard(['--data-dir', f.server.dataDir]);
    try {
      const w = cuttingWindow(f);
      for (const q of ['', `?from=${rfc3339(w.from!)}&to=${rfc3339(w.to!)}`]) {
        const [a, b] = await Promise.all([getJson(`${dashboard.url}/api/usage/summary${q}`), getJson(`${f.server.url}/api/usage/summary${q}`)]);
        assert.equal(a.status, 200);
        assert.deepEqual(a.body, b.body, 'the same JSON, cost rounded alike');
      }
    } finally {
      await dashboard.stop();
    }
  });
});
