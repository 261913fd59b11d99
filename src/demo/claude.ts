import { attrs, DELTA, nanos, type LogRecordJson, type MetricJson, type NumberPointJson, type ResourceLogsJson, type ResourceMetricsJson } from './otlp-json.js';
import type { SessionPlan } from './org.js';
import type { Rng } from './random.js';
import type { SessionTraffic } from './session.js';

/** USD per million tokens: input, output, cache read, cache write (list prices, for the reported cost). */
const MODELS = {
  'claude-sonnet-4-5-20250929': [3, 15, 0.3, 3.75],
  'claude-opus-4-1-20250805': [15, 75, 1.5, 18.75],
  'claude-haiku-4-5-20251001': [1, 5, 0.1, 1.25],
} as const;
type Model = keyof typeof MODELS;

const TOOLS = ['Read', 'Edit', 'Bash', 'Grep', 'Write', 'Glob', 'Edit', 'Read'] as const;
const LANGUAGES = ['TypeScript', 'Python', 'Go', 'Markdown', 'YAML'] as const;

/**
 * A Claude Code session as Claude Code sends it (AGENT-TELEMETRY.md): events whose `event.name`
 * is bare and whose body is `claude_code.<event>`, and DELTA `asDouble` sums exported after each
 * prompt (the interval's increments), all carrying `session.id` and the user's identities.
 */
export function claudeSession(rng: Rng, plan: SessionPlan): SessionTraffic {
  const { dev } = plan;
  const sessionId = rng.uuid();
  const main: Model = rng.chance(0.8) ? 'claude-sonnet-4-5-20250929' : 'claude-opus-4-1-20250805';
  const std = { 'session.id': sessionId, 'user.email': dev.email, 'user.account_uuid': dev.accountUuid, 'user.id': dev.installId, 'organization.id': 'org-demo', 'terminal.type': 'vscode' };
  const records: LogRecordJson[] = [];
  const exports: ResourceMetricsJson[] = [];
  let seq = 0;
  const event = (ms: number, name: string, extra: Record<string, string | number | undefined>) => {
    records.push({
      timeUnixNano: nanos(ms),
      observedTimeUnixNano: nanos(ms + 3),
      severityNumber: 9,
      severityText: 'INFO',
      body: { stringValue: `claude_code.${name}` },
      attributes: attrs({ ...std, 'event.name': name, 'event.timestamp': new Date(ms).toISOString(), 'event.sequence': seq++, ...extra }),
    });
  };
  const resource = { attributes: attrs({ 'service.name': 'claude-code', 'service.version': '2.0.14', 'team.id': dev.team, department: dev.department, 'os.type': 'linux' }) };

  let t = plan.startMs;
  let lastExport = t;
  for (let p = 0; p < plan.prompts; p++) {
    const promptId = rng.uuid();
    // One point per metric and attribute set per export, as the SDK's DELTA aggregation sends.
    const points = new Map<string, { unit: string; series: Map<string, NumberPointJson> }>();
    const add = (name: string, unit: string, value: number, extra: Record<string, string>) => {
      if (!points.has(name)) points.set(name, { unit, series: new Map() });
      const series = points.get(name)!.series;
      const key = JSON.stringify(extra);
      const point = series.get(key);
      if (point) point.asDouble! += value;
      else series.set(key, { attributes: attrs({ ...std, ...extra }), startTimeUnixNano: '', timeUnixNano: '', asDouble: value });
    };
    t += rng.int(5, 120) * 1000;
    event(t, 'user_prompt', { 'prompt.id': promptId, prompt_length: rng.int(20, 800) });
    const calls = rng.int(1, 5);
    for (let c = 0; c < calls; c++) {
      const model: Model = rng.chance(0.15) ? 'claude-haiku-4-5-20251001' : main;
      const duration = rng.int(800, 20_000);
      t += duration;
      if (rng.chance(0.05)) {
        const status = rng.pick(['529', '500', '429']);
        event(t, 'api_error', { 'prompt.id': promptId, model, error: status === '429' ? 'rate_limit_error' : 'overloaded_error', status_code: status, duration_ms: duration, attempt: rng.int(1, 3) });
        if (rng.chance(0.2)) event(t + 1, 'api_retries_exhausted', { 'prompt.id': promptId, model, total_attempts: 4 });
        continue;
      }
      const [pin, pout, pread, pwrite] = MODELS[model];
      const input = rng.int(5, 4000);
      const output = rng.int(50, 1500);
      const cacheRead = rng.int(0, 40_000);
      const cacheCreation = rng.chance(0.4) ? rng.int(100, 6000) : 0;
      const cost = (input * pin + output * pout + cacheRead * pread + cacheCreation * pwrite) / 1e6;
      event(t, 'api_request', {
        'prompt.id': promptId, model, cost_usd: cost, duration_ms: duration, input_tokens: input, output_tokens: output,
        cache_read_tokens: cacheRead, cache_creation_tokens: cacheCreation, request_id: `req_${rng.uuid().slice(0, 12)}`, query_source: c === 0 ? 'main' : rng.pick(['main', 'subagent', 'auxiliary']),
      });
      add('claude_code.cost.usage', 'USD', cost, { model, query_source: 'main' });
      for (const [type, n] of [['input', input], ['output', output], ['cacheRead', cacheRead], ['cacheCreation', cacheCreation]] as const) {
        add('claude_code.token.usage', 'tokens', n, { model, type });
      }
    }
    let added = 0;
    let removed = 0;
    for (let k = rng.int(0, 6); k > 0; k--) {
      const tool = rng.pick(TOOLS);
      t += rng.int(200, 4000);
      const edits = tool === 'Edit' || tool === 'Write';
      let decision = 'accept';
      const source = rng.weighted([['config', 5], ['user_temporary', 3], ['user_permanent', 1], ['user_reject', 1]] as const);
      if (edits) {
        decision = source === 'user_reject' ? 'reject' : 'accept';
        event(t, 'tool_decision', { 'prompt.id': promptId, tool_name: tool, decision, source });
        add('claude_code.code_edit_tool.decision', 'count', 1, { tool_name: tool, decision, source, language: rng.pick(LANGUAGES) });
        if (decision === 'accept') {
          added += rng.int(1, 60);
          removed += rng.int(0, 20);
        }
      }
      if (decision === 'reject') continue;
      const success = rng.chance(0.93);
      event(t + rng.int(5, 3000), 'tool_result', {
        'prompt.id': promptId, tool_name: tool, success: String(success), duration_ms: rng.int(5, 5000), decision_type: decision, decision_source: source,
        error: success ? undefined : 'Error: command failed',
      });
    }
    if (added > 0) add('claude_code.lines_of_code.count', 'count', added, { type: 'added' });
    if (removed > 0) add('claude_code.lines_of_code.count', 'count', removed, { type: 'removed' });
    if (rng.chance(0.12)) add('claude_code.commit.count', 'count', 1, {});
    if (rng.chance(0.04)) add('claude_code.pull_request.count', 'count', 1, {});
    add('claude_code.active_time.total', 's', rng.int(10, 300), { type: 'user' });
    t += rng.int(1000, 10_000);
    const metrics: MetricJson[] = [...points].map(([name, m]) => ({
      name,
      unit: m.unit,
      sum: {
        aggregationTemporality: DELTA,
        isMonotonic: true,
        dataPoints: [...m.series.values()].map((pt) => ({ ...pt, startTimeUnixNano: nanos(lastExport), timeUnixNano: nanos(t) })),
      },
    }));
    exports.push({ resource, scopeMetrics: [{ scope: { name: 'com.anthropic.claude_code', version: '2.0.14' }, metrics }] });
    lastExport = t;
  }
  const logs: ResourceLogsJson = { resource, scopeLogs: [{ scope: { name: 'com.anthropic.claude_code.events', version: '2.0.14' }, logRecords: records }] };
  return { logs: [logs], metrics: exports };
}
