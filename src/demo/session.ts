import type { ResourceLogsJson, ResourceMetricsJson } from './otlp-json.js';

/** What one session sends: resource entries of ExportLogsServiceRequest and ExportMetricsServiceRequest bodies. */
export interface SessionTraffic {
  readonly logs: ResourceLogsJson[];
  readonly metrics: ResourceMetricsJson[];
}
