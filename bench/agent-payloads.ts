import type { DemoAgent } from '../src/demo/org.js';
import { demoRequests } from '../src/demo/generate.js';
import type { ResourceLogsJson, ResourceMetricsJson } from '../src/demo/otlp-json.js';

/**
 * Requests shaped as the coding agents send them (`BENCH_TRAFFIC=agents`): the records of the
 * organisation `otlp-delta demo` simulates (Claude Code, Codex and Gemini CLI sessions, with each
 * agent's resources, event names and attributes), cut into requests of exactly `records` records.
 * Variant v comes from agent v % 3: its (v / 3)th run of records, in the order the agent sent them.
 *
 * Against the generated payloads (one resource per request, 8 attributes and a 200-byte body per
 * log record), a request here holds 25 resources of logs (a session each) with 10-16 attributes
 * per record, most of them ids and counts as text, or 70-125 resources of metrics (an export
 * each) with 4-8 attributes per point.
 */

const AGENTS: readonly DemoAgent[] = ['claude_code', 'codex', 'gemini_cli'];
type Resource = ResourceLogsJson | ResourceMetricsJson;

/** Fixed, so that variant v is the same bytes in every run. */
const DEMO = { developers: 400, days: 7, endMs: Date.UTC(2026, 0, 1), seed: 16 };

const streams = new Map<string, { resources: Resource[]; records: number }>();
/** Organisations simulated so far: when one's traffic runs out, the next seed's follows it. */
let organisations = 0;
let demo: ReturnType<typeof demoRequests> | null = null;
const MAX_ORGANISATIONS = 20;

/** The agent's resources of one signal, in order, as far as they hold `records` records. */
function stream(agent: DemoAgent, signal: 'logs' | 'metrics', records: number): Resource[] {
  const key = `${agent}/${signal}`;
  while ((streams.get(key)?.records ?? 0) < records) {
    const next = demo?.next();
    if (next === undefined || next.done) {
      if (organisations === MAX_ORGANISATIONS) throw new Error(`${MAX_ORGANISATIONS} demo organisations send fewer than ${records} ${signal} records from ${agent}`);
      demo = demoRequests({ ...DEMO, seed: DEMO.seed + organisations++ });
      continue;
    }
    const request = next.value;
    const s = streams.get(`${request.agent}/${request.signal}`) ?? { resources: [], records: 0 };
    s.resources.push(...('resourceLogs' in request.body ? request.body.resourceLogs : request.body.resourceMetrics));
    s.records += request.records;
    streams.set(`${request.agent}/${request.signal}`, s);
  }
  return streams.get(key)!.resources;
}

type Metric = ResourceMetricsJson['scopeMetrics'][number]['metrics'][number];

/** The records `from` to `from + count` of the resources, each resource, scope and metric cut to what it holds there. */
function cut(resources: readonly Resource[], from: number, count: number): Resource[] {
  const out: Resource[] = [];
  let skip = from;
  let left = count;
  const take = <T>(items: readonly T[]): T[] => {
    const kept = items.slice(skip, skip + left);
    skip = Math.max(0, skip - items.length);
    left -= kept.length;
    return kept;
  };
  for (const r of resources) {
    if (left === 0) break;
    if ('scopeLogs' in r) {
      const scopeLogs = r.scopeLogs.map((s) => ({ ...s, logRecords: take(s.logRecords) })).filter((s) => s.logRecords.length > 0);
      if (scopeLogs.length > 0) out.push({ ...r, scopeLogs });
      continue;
    }
    const scopeMetrics = r.scopeMetrics
      .map((s) => ({ ...s, metrics: s.metrics.map(cutMetric(take)).filter((m): m is Metric => m !== null) }))
      .filter((s) => s.metrics.length > 0);
    if (scopeMetrics.length > 0) out.push({ ...r, scopeMetrics });
  }
  return out;
}

/** A metric with the points `take` keeps of it, or null when it keeps none. */
function cutMetric(take: <T>(items: readonly T[]) => T[]): (m: Metric) => Metric | null {
  return (m) => {
    if (m.sum) {
      const dataPoints = take(m.sum.dataPoints);
      return dataPoints.length > 0 ? { ...m, sum: { ...m.sum, dataPoints } } : null;
    }
    if (m.histogram) {
      const dataPoints = take(m.histogram.dataPoints);
      return dataPoints.length > 0 ? { ...m, histogram: { ...m.histogram, dataPoints } } : null;
    }
    return null;
  };
}

/** Variant `variant` of the agents' requests of `signal`, as an OTLP/JSON request object of `records` records. */
export function agentRequestObject(signal: 'logs' | 'metrics', variant: number, records: number): Record<string, unknown> {
  const agent = AGENTS[variant % AGENTS.length];
  const from = Math.floor(variant / AGENTS.length) * records;
  const resources = cut(stream(agent, signal, from + records), from, records);
  return signal === 'logs' ? { resourceLogs: resources } : { resourceMetrics: resources };
}
