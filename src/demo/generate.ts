import { claudeSession } from './claude.js';
import { codexSession } from './codex.js';
import { geminiSession } from './gemini.js';
import { organisation, schedule, type DemoAgent } from './org.js';
import type { ResourceLogsJson, ResourceMetricsJson } from './otlp-json.js';
import { Rng } from './random.js';
import type { SessionTraffic } from './session.js';

export interface DemoOptions {
  developers: number;
  days: number;
  /** The end of the generated period (ms since the epoch); sessions all end before it. */
  endMs: number;
  seed?: number;
  catalog?: string;
  schema?: string;
  /** Records (log records or data points) per request at most; larger means fewer, bigger files. */
  maxRecordsPerRequest?: number;
}

/** One OTLP/HTTP request: where it goes and its OTLP/JSON body. */
export interface DemoRequest {
  readonly agent: DemoAgent;
  readonly signal: 'metrics' | 'logs';
  /** `catalog.schema.<agent>_otel_<signal>`: one table per agent and signal, as separate agents' settings would name them. */
  readonly table: string;
  readonly body: { resourceLogs: ResourceLogsJson[] } | { resourceMetrics: ResourceMetricsJson[] };
  readonly records: number;
}

const SESSION: Record<DemoAgent, (rng: Rng, plan: Parameters<typeof claudeSession>[1]) => SessionTraffic> = {
  claude_code: claudeSession,
  codex: codexSession,
  gemini_cli: geminiSession,
};

/**
 * The requests of N developers over D days, in time order per table, packed into requests of at
 * most `maxRecordsPerRequest` records. Deterministic for a seed and an end time.
 */
export function* demoRequests(options: DemoOptions): Generator<DemoRequest> {
  const rng = new Rng(options.seed ?? 1);
  const devs = organisation(rng, options.developers);
  const plans = schedule(rng, devs, options.days, options.endMs);
  const max = options.maxRecordsPerRequest ?? 2000;
  const prefix = `${options.catalog ?? 'main'}.${options.schema ?? 'demo'}`;
  type Pending = { resources: (ResourceLogsJson | ResourceMetricsJson)[]; records: number };
  const pending = new Map<string, Pending>();
  const flush = function* (agent: DemoAgent, signal: 'metrics' | 'logs'): Generator<DemoRequest> {
    const p = pending.get(`${agent}/${signal}`);
    if (!p || p.records === 0) return;
    pending.delete(`${agent}/${signal}`);
    const table = `${prefix}.${agent}_otel_${signal}`;
    const body = signal === 'logs' ? { resourceLogs: p.resources as ResourceLogsJson[] } : { resourceMetrics: p.resources as ResourceMetricsJson[] };
    yield { agent, signal, table, body, records: p.records };
  };
  for (const plan of plans) {
    const traffic = SESSION[plan.agent](rng, plan);
    for (const [signal, resources] of [['logs', traffic.logs], ['metrics', traffic.metrics]] as const) {
      for (const resource of resources) {
        const key = `${plan.agent}/${signal}`;
        const p = pending.get(key) ?? { resources: [], records: 0 };
        pending.set(key, p);
        p.resources.push(resource);
        p.records += countRecords(resource);
        if (p.records >= max) yield* flush(plan.agent, signal);
      }
    }
  }
  for (const agent of ['claude_code', 'codex', 'gemini_cli'] as const) {
    yield* flush(agent, 'logs');
    yield* flush(agent, 'metrics');
  }
}

function countRecords(resource: ResourceLogsJson | ResourceMetricsJson): number {
  if ('scopeLogs' in resource) return resource.scopeLogs.reduce((a, s) => a + s.logRecords.length, 0);
  return resource.scopeMetrics.reduce(
    (a, s) => a + s.metrics.reduce((b, m) => b + (m.sum?.dataPoints.length ?? 0) + (m.histogram?.dataPoints.length ?? 0), 0),
    0,
  );
}
