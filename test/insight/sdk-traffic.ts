import { AggregationTemporalityPreference } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { hrNanos, recordExports } from '../helpers/sdk-expect.js';
import type { Attrs, SentPoint, SentRecord } from './sent.js';

export const SDK_TABLES = {
  claudeMetrics: 'main.sdk.claude_otel_metrics',
  claudeLogs: 'main.sdk.claude_otel_logs',
  geminiMetrics: 'main.sdk.gemini_otel_metrics',
};

const text = (o: Record<string, unknown>): Attrs => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(v)]));

/**
 * Claude Code-shaped DELTA metrics and events, and Gemini CLI-shaped CUMULATIVE metrics, sent by
 * the OpenTelemetry JS SDK's protobuf exporters; returns what the exporters were handed,
 * flattened, and the time between the two cumulative exports.
 */
export async function sendSdkTraffic(url: string): Promise<{ points: SentPoint[]; records: SentRecord[]; betweenNs: bigint }> {
  const points: SentPoint[] = [];
  const metricsOf = (table: string, rm: ResourceMetrics) => {
    for (const sm of rm.scopeMetrics) {
      for (const m of sm.metrics) {
        for (const dp of m.dataPoints) {
          points.push({
            table, name: m.descriptor.name, temporality: m.aggregationTemporality === 1 ? 'cumulative' : 'delta',
            startNs: hrNanos(dp.startTime), timeNs: hrNanos(dp.endTime), value: dp.value as number, attrs: text(dp.attributes), res: text(rm.resource.attributes),
          });
        }
      }
    }
  };
  const meter = (table: string, temporality: AggregationTemporalityPreference, resource: Record<string, string>) => {
    const exporter = new OTLPMetricExporter({ url: `${url}/api/2.0/otel/v1/metrics`, headers: { 'X-Databricks-UC-Table-Name': table }, temporalityPreference: temporality });
    const recorded = recordExports<ResourceMetrics, ResourceMetrics>(exporter);
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 1_000_000_000 });
    const provider = new MeterProvider({ resource: resourceFromAttributes(resource), readers: [reader] });
    return { provider, reader, recorded, m: provider.getMeter('sdk') };
  };

  const claude = meter(SDK_TABLES.claudeMetrics, AggregationTemporalityPreference.DELTA, { 'service.name': 'claude-code', 'team.id': 'sdk-team' });
  const gemini = meter(SDK_TABLES.geminiMetrics, AggregationTemporalityPreference.CUMULATIVE, { 'service.name': 'gemini-cli', 'team.id': 'sdk-team' });
  const cc = { 'session.id': 'sdk-claude-1', 'user.email': 'sdk.user@example.com' };
  const gm = { 'session.id': 'sdk-gemini-1', 'installation.id': 'sdk-install-1', model: 'gemini-2.5-flash' };
  const cost = claude.m.createCounter('claude_code.cost.usage', { unit: 'USD' });
  const tokens = claude.m.createCounter('claude_code.token.usage');
  const gTokens = gemini.m.createCounter('gemini_cli.token.usage');
  const gLines = gemini.m.createCounter('gemini_cli.lines.changed');

  cost.add(0.25, { ...cc, model: 'claude-sonnet-4-5' });
  tokens.add(120, { ...cc, model: 'claude-sonnet-4-5', type: 'input' });
  tokens.add(3000, { ...cc, model: 'claude-sonnet-4-5', type: 'cacheRead' });
  gTokens.add(1000, { ...gm, type: 'input' });
  gTokens.add(40, { ...gm, type: 'output' });
  gLines.add(7, { ...gm, type: 'added' });
  await claude.reader.forceFlush();
  await gemini.reader.forceFlush();
  await new Promise((resolve) => setTimeout(resolve, 20));
  const betweenNs = BigInt(Date.now()) * 1_000_000n;
  await new Promise((resolve) => setTimeout(resolve, 20));
  cost.add(0.5, { ...cc, model: 'claude-sonnet-4-5' });
  tokens.add(80, { ...cc, model: 'claude-sonnet-4-5', type: 'output' });
  gTokens.add(500, { ...gm, type: 'input' });
  gLines.add(3, { ...gm, type: 'removed' });
  await claude.reader.forceFlush();
  await gemini.reader.forceFlush();
  await claude.provider.shutdown();
  await gemini.provider.shutdown();
  for (const rm of claude.recorded.inputs) metricsOf(SDK_TABLES.claudeMetrics, rm);
  for (const rm of gemini.recorded.inputs) metricsOf(SDK_TABLES.geminiMetrics, rm);

  const logExporter = new OTLPLogExporter({ url: `${url}/api/2.0/otel/v1/logs`, headers: { 'X-Databricks-UC-Table-Name': SDK_TABLES.claudeLogs } });
  const logged = recordExports<ReadableLogRecord[], ReadableLogRecord[]>(logExporter);
  const logs = new LoggerProvider({ resource: resourceFromAttributes({ 'service.name': 'claude-code' }), processors: [new BatchLogRecordProcessor({ exporter: logExporter, scheduledDelayMillis: 60_000 })] });
  const logger = logs.getLogger('com.anthropic.claude_code.events', '2.0.14');
  const emit = (name: string, attributes: Record<string, string | number>) => logger.emit({ body: `claude_code.${name}`, attributes: { ...cc, 'event.name': name, ...attributes } });
  emit('user_prompt', { prompt_length: 42 });
  emit('api_request', { model: 'claude-sonnet-4-5', cost_usd: 0.25, duration_ms: 900 });
  emit('api_error', { model: 'claude-sonnet-4-5', status_code: '529', duration_ms: 300 });
  emit('tool_result', { tool_name: 'Bash', success: 'false', duration_ms: 40 });
  emit('tool_result', { tool_name: 'Bash', success: 'true', duration_ms: 60 });
  await logs.forceFlush();
  await logs.shutdown();
  const records = logged.inputs.flat().map(
    (r): SentRecord => ({
      table: SDK_TABLES.claudeLogs, timeNs: hrNanos(r.hrTime), observedNs: hrNanos(r.hrTimeObserved), body: String(r.body), eventName: r.eventName ?? '',
      scope: r.instrumentationScope.name, attrs: text(r.attributes), res: text(r.resource.attributes),
    }),
  );
  return { points, records, betweenNs };
}
