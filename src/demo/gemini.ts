import { attrs, CUMULATIVE, nanos, type LogRecordJson, type MetricJson, type ResourceLogsJson, type ResourceMetricsJson } from './otlp-json.js';
import type { SessionPlan } from './org.js';
import type { Rng } from './random.js';
import type { SessionTraffic } from './session.js';

const TOOLS = ['read_file', 'replace', 'run_shell_command', 'write_file', 'glob', 'search_file_content'] as const;

/**
 * A Gemini CLI session as Gemini CLI sends it (AGENT-TELEMETRY.md): `gemini_cli.*` events, and
 * CUMULATIVE sums whose series start at the session's start: every export repeats each series'
 * running total, so a reader must subtract the previous point of the same series.
 */
export function geminiSession(rng: Rng, plan: SessionPlan): SessionTraffic {
  const { dev } = plan;
  const sessionId = rng.uuid();
  const model = rng.chance(0.6) ? 'gemini-2.5-pro' : 'gemini-2.5-flash';
  const common = { 'session.id': sessionId, 'installation.id': dev.installationId, 'user.email': dev.email };
  const records: LogRecordJson[] = [];
  const event = (ms: number, name: string, extra: Record<string, string | number | boolean | undefined>) => {
    records.push({
      timeUnixNano: nanos(ms),
      observedTimeUnixNano: nanos(ms + 2),
      severityNumber: 9,
      severityText: 'INFO',
      body: { stringValue: `${name}` },
      eventName: `gemini_cli.${name}`,
      attributes: attrs({ ...common, 'event.name': `gemini_cli.${name}`, 'event.timestamp': new Date(ms).toISOString(), active_approval_mode: 'default', ...extra }),
    });
  };
  const resource = { attributes: attrs({ 'service.name': 'gemini-cli', 'service.version': '0.18.0', 'team.id': dev.team, department: dev.department }) };
  // Running totals per metric and attribute set, exported whole after each prompt.
  const totals = new Map<string, Map<string, { attributes: Record<string, string>; value: number }>>();
  const bump = (name: string, attributes: Record<string, string>, n: number) => {
    if (!totals.has(name)) totals.set(name, new Map());
    const series = totals.get(name)!;
    const key = JSON.stringify(attributes);
    const cur = series.get(key);
    if (cur) cur.value += n;
    else series.set(key, { attributes, value: n });
  };

  const start = plan.startMs;
  let t = start;
  event(t, 'config', { model, sandbox_enabled: false, core_tools_enabled: 'all', approval_mode: 'default' });
  bump('gemini_cli.session.count', {}, 1);
  const exports: ResourceMetricsJson[] = [];
  for (let p = 0; p < plan.prompts; p++) {
    t += rng.int(5, 120) * 1000;
    event(t, 'user_prompt', { prompt_length: rng.int(20, 800), prompt_id: `${sessionId}########${p}` });
    for (let c = rng.int(1, 4); c > 0; c--) {
      const duration = rng.int(600, 25_000);
      event(t, 'api_request', { model });
      t += duration;
      if (rng.chance(0.04)) {
        const status = rng.pick(['429', '500', '503']);
        event(t, 'api_error', { model, status_code: status, error: 'Resource exhausted', error_type: 'ApiError', duration_ms: duration });
        bump('gemini_cli.api.request.count', { model, status_code: status }, 1);
        continue;
      }
      const input = rng.int(3000, 80_000);
      const cached = rng.chance(0.6) ? Math.floor(input * rng.next() * 0.8) : 0;
      const output = rng.int(40, 2500);
      const thoughts = rng.int(0, 2000);
      event(t, 'api_response', {
        model, status_code: '200', duration_ms: duration, input_token_count: input, output_token_count: output,
        cached_content_token_count: cached, thoughts_token_count: thoughts, tool_token_count: 0, total_token_count: input + output + thoughts,
      });
      bump('gemini_cli.api.request.count', { model, status_code: '200' }, 1);
      for (const [type, n] of [['input', input], ['output', output], ['thought', thoughts], ['cache', cached]] as const) bump('gemini_cli.token.usage', { model, type }, n);
    }
    for (let k = rng.int(0, 5); k > 0; k--) {
      const tool = rng.pick(TOOLS);
      t += rng.int(200, 4000);
      const decision = rng.weighted([['accept', 5], ['auto_accept', 3], ['modify', 1], ['reject', 1]] as const);
      const success = decision !== 'reject' && rng.chance(0.92);
      event(t, 'tool_call', { function_name: tool, function_args: '{}', duration_ms: rng.int(5, 6000), success, decision });
      bump('gemini_cli.tool.call.count', { function_name: tool, success: String(success), decision }, 1);
      if (success && (tool === 'replace' || tool === 'write_file')) {
        bump('gemini_cli.lines.changed', { type: 'added' }, rng.int(1, 80));
        bump('gemini_cli.lines.changed', { type: 'removed' }, rng.int(0, 25));
      }
    }
    t += rng.int(1000, 10_000);
    const metrics: MetricJson[] = [...totals].map(([name, series]) => ({
      name,
      unit: name.includes('token') ? 'token' : '1',
      sum: {
        aggregationTemporality: CUMULATIVE,
        isMonotonic: true,
        dataPoints: [...series.values()].map((s) => ({ attributes: attrs({ ...common, ...s.attributes }), startTimeUnixNano: nanos(start), timeUnixNano: nanos(t), asInt: String(s.value) })),
      },
    }));
    exports.push({ resource, scopeMetrics: [{ scope: { name: 'gemini-cli', version: 'v0.18.0' }, metrics }] });
  }
  const logs: ResourceLogsJson = { resource, scopeLogs: [{ scope: { name: 'gemini-cli', version: 'v0.18.0' }, logRecords: records }] };
  return { logs: [logs], metrics: exports };
}
