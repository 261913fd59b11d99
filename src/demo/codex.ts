import { attrs, DELTA, histogramPoint, nanos, type LogRecordJson, type MetricJson, type ResourceLogsJson, type ResourceMetricsJson } from './otlp-json.js';
import type { SessionPlan } from './org.js';
import type { Rng } from './random.js';
import type { SessionTraffic } from './session.js';

const MODELS = ['gpt-5-codex', 'gpt-5-codex', 'gpt-5', 'o4-mini'] as const;
const TOOLS = ['shell', 'apply_patch', 'read_file', 'shell', 'update_plan'] as const;
const TOKEN_BOUNDS = [100, 1000, 5000, 20_000, 100_000];

/**
 * A Codex CLI session as Codex sends it (AGENT-TELEMETRY.md): events with `time_unix_nano` 0
 * (the time is in `observed_time_unix_nano`), `event.name` prefixed `codex.`, a source location
 * in the OTLP `event_name`; DELTA `asInt` counters and a token-usage histogram per turn, which
 * carry no conversation id.
 */
export function codexSession(rng: Rng, plan: SessionPlan): SessionTraffic {
  const { dev } = plan;
  const conversation = rng.uuid();
  const model = rng.pick(MODELS);
  const meta = { 'conversation.id': conversation, 'app.version': '0.63.0', auth_mode: 'ChatGPT', 'user.account_id': dev.accountId, 'user.email': dev.email, 'terminal.type': 'xterm-256color', model, slug: model };
  const records: LogRecordJson[] = [];
  const event = (ms: number, name: string, extra: Record<string, string | number | undefined>) => {
    records.push({
      timeUnixNano: '0',
      observedTimeUnixNano: nanos(ms),
      severityNumber: 9,
      severityText: 'INFO',
      body: { stringValue: '' },
      eventName: `codex_otel::otel_event_manager: src/otel_event_manager.rs:${100 + records.length % 50}`,
      attributes: attrs({ 'event.name': `codex.${name}`, 'event.timestamp': new Date(ms).toISOString(), ...meta, ...extra }),
    });
  };
  const resource = { attributes: attrs({ 'service.name': 'codex_cli_rs', 'service.version': '0.63.0', 'team.id': dev.team, department: dev.department, env: 'prod' }) };
  const exports: ResourceMetricsJson[] = [];

  let t = plan.startMs;
  event(t, 'conversation_starts', { provider_name: 'openai', reasoning_effort: 'medium', context_window: 272000, approval_policy: 'on-request', sandbox_policy: 'workspace-write', mcp_servers: '' });
  let lastExport = t;
  for (let p = 0; p < plan.prompts; p++) {
    t += rng.int(5, 120) * 1000;
    event(t, 'user_prompt', { prompt_length: rng.int(20, 800) });
    const requests = new Map<string, number>();
    const toolCalls = new Map<string, number>();
    const tokens: Record<string, number[]> = { input: [], cached_input: [], output: [], reasoning_output: [], total: [] };
    for (let c = rng.int(1, 4); c > 0; c--) {
      const duration = rng.int(500, 15_000);
      t += duration;
      const ok = !rng.chance(0.04);
      event(t, 'api_request', {
        attempt: 1, duration_ms: duration, 'http.response.status_code': ok ? 200 : rng.pick([429, 500, 503]), 'error.message': ok ? undefined : 'stream disconnected before completion',
      });
      requests.set(String(ok), (requests.get(String(ok)) ?? 0) + 1);
      if (!ok) continue;
      const input = rng.int(2000, 60_000);
      const cached = Math.floor(input * rng.next() * 0.9);
      const output = rng.int(50, 3000);
      const reasoning = Math.floor(output * rng.next() * 0.6);
      event(t + 1, 'sse_event', {
        'event.kind': 'response.completed', duration_ms: rng.int(10, 200), input_token_count: input, output_token_count: output,
        cached_token_count: cached, reasoning_token_count: reasoning, tool_token_count: 0,
      });
      tokens.input.push(input);
      tokens.cached_input.push(cached);
      tokens.output.push(output);
      tokens.reasoning_output.push(reasoning);
      tokens.total.push(input + output);
    }
    for (let k = rng.int(0, 5); k > 0; k--) {
      const tool = rng.pick(TOOLS);
      const callId = `call_${rng.uuid().slice(0, 12)}`;
      t += rng.int(200, 4000);
      const decision = rng.weighted([['approved', 6], ['approved_for_session', 3], ['denied', 1]] as const);
      event(t, 'tool_decision', { tool_name: tool, call_id: callId, decision, source: rng.pick(['config', 'user']) });
      if (decision === 'denied') continue;
      const success = rng.chance(0.9);
      event(t + rng.int(5, 3000), 'tool_result', { tool_name: tool, call_id: callId, duration_ms: rng.int(5, 8000), success: String(success) });
      const key = `${tool}\n${success}`;
      toolCalls.set(key, (toolCalls.get(key) ?? 0) + 1);
    }
    t += rng.int(1000, 10_000);
    const tags = { model, 'app.version': '0.63.0', originator: 'codex_cli_rs' };
    const counter = (name: string, entries: [Record<string, string>, number][]): MetricJson => ({
      name,
      unit: '1',
      sum: { aggregationTemporality: DELTA, isMonotonic: true, dataPoints: entries.map(([a, n]) => ({ attributes: attrs({ ...tags, ...a }), startTimeUnixNano: nanos(lastExport), timeUnixNano: nanos(t), asInt: String(n) })) },
    });
    const metrics: MetricJson[] = [counter('codex.api_request', [...requests].map(([ok, n]) => [{ success: ok }, n]))];
    if (toolCalls.size > 0) metrics.push(counter('codex.tool.call', [...toolCalls].map(([k, n]) => [{ tool: k.split('\n')[0], success: k.split('\n')[1] }, n])));
    if (tokens.input.length > 0) {
      metrics.push({
        name: 'codex.turn.token_usage',
        unit: 'tokens',
        histogram: {
          aggregationTemporality: DELTA,
          dataPoints: Object.entries(tokens).map(([type, values]) => histogramPoint(attrs({ ...tags, token_type: type }), lastExport, t, values, TOKEN_BOUNDS)),
        },
      });
    }
    exports.push({ resource, scopeMetrics: [{ scope: { name: 'codex_otel', version: '0.63.0' }, metrics }] });
    lastExport = t;
  }
  const logs: ResourceLogsJson = { resource, scopeLogs: [{ scope: { name: 'codex_otel', version: '0.63.0' }, logRecords: records }] };
  return { logs: [logs], metrics: exports };
}
