import type { TableName } from './route/table-name.js';
import { formatTableName } from './route/table-name.js';

export interface ExporterTarget {
  /** This service's base URL, e.g. `http://127.0.0.1:4318`. */
  baseUrl: string;
  metricsTable: TableName | string;
  logsTable: TableName | string;
  /** A bearer token to put in the headers, when the service asks for one. */
  token?: string;
}

/**
 * The `env` block of Claude Code's `~/.claude/settings.json` that points its OTLP exporters at
 * this service (the Databricks documentation's block, with this service's URL).
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
  };
}

/** The URL clients on this machine use to reach a server bound to `host:port`. */
export function baseUrlFor(host: string, port: number): string {
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}
