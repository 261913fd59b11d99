import type { TableName } from './route/table-name.js';
import { formatTableName } from './route/table-name.js';

export interface ExporterTarget {
  /** This service's base URL, e.g. `http://127.0.0.1:4318`. */
  baseUrl: string;
  metricsTable: TableName | string;
  logsTable: TableName | string;
  spansTable: TableName | string;
  /** A bearer token to put in the headers, when the service asks for one. */
  token?: string;
}

/**
 * The `env` block of Claude Code's `~/.claude/settings.json` that points its OTLP exporters at
 * this service (the Databricks documentation's block, with this service's URL), plus the same
 * settings for traces (`OTEL_TRACES_EXPORTER`, `OTEL_EXPORTER_OTLP_TRACES_*`) so that the third
 * signal lands in the spans table. Traces have no export interval here: the SDKs' batch span
 * processor sends every 5 s by default (`OTEL_BSP_SCHEDULE_DELAY`).
 */
export function claudeCodeEnv(target: ExporterTarget): Record<string, string> {
  const headers = (table: TableName | string) =>
    [
      'content-type=application/x-protobuf',
      ...(target.token ? [`Authorization=Bearer ${target.token}`] : []),
      `X-Databricks-UC-Table-Name=${typeof table === 'string' ? table : formatTableName(table)}`,
    ].join(',');
  return {
    CLAUDE_CODE_ENABLE_TELEMETRY: '1',
    OTEL_METRICS_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/protobuf',
    OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: `${target.baseUrl}/api/2.0/otel/v1/metrics`,
    OTEL_EXPORTER_OTLP_METRICS_HEADERS: headers(target.metricsTable),
    OTEL_METRIC_EXPORT_INTERVAL: '10000',
    OTEL_LOGS_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'http/protobuf',
    OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: `${target.baseUrl}/api/2.0/otel/v1/logs`,
    OTEL_EXPORTER_OTLP_LOGS_HEADERS: headers(target.logsTable),
    OTEL_LOGS_EXPORT_INTERVAL: '5000',
    OTEL_TRACES_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf',
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${target.baseUrl}/api/2.0/otel/v1/traces`,
    OTEL_EXPORTER_OTLP_TRACES_HEADERS: headers(target.spansTable),
  };
}

/** The URL clients on this machine use to reach a server bound to `host:port`. */
export function baseUrlFor(host: string, port: number): string {
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}
