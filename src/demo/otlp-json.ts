/**
 * OTLP/JSON builders (the protobuf JSON mapping of opentelemetry-proto: attributes as
 * `{ key, value: { stringValue } }`, 64-bit integers as decimal strings). The demo speaks the
 * wire format a client sends, so its traffic takes the same path as a real agent's.
 */
export type AttrValue = string | number | boolean;
export type KeyValue = { key: string; value: { stringValue: string } | { intValue: string } | { doubleValue: number } | { boolValue: boolean } };

export function attrs(values: Record<string, AttrValue | undefined>): KeyValue[] {
  const out: KeyValue[] = [];
  for (const [key, v] of Object.entries(values)) {
    if (v === undefined) continue;
    if (typeof v === 'string') out.push({ key, value: { stringValue: v } });
    else if (typeof v === 'boolean') out.push({ key, value: { boolValue: v } });
    else if (Number.isInteger(v)) out.push({ key, value: { intValue: String(v) } });
    else out.push({ key, value: { doubleValue: v } });
  }
  return out;
}

/** Milliseconds since the epoch as OTLP nanoseconds (decimal text, exact). */
export function nanos(ms: number): string {
  return (BigInt(Math.round(ms)) * 1_000_000n).toString();
}

export interface LogRecordJson {
  timeUnixNano: string;
  observedTimeUnixNano: string;
  severityNumber: number;
  severityText: string;
  body: { stringValue: string };
  attributes: KeyValue[];
  eventName?: string;
}

export interface ResourceLogsJson {
  resource: { attributes: KeyValue[] };
  scopeLogs: { scope: { name: string; version: string }; logRecords: LogRecordJson[] }[];
}

export interface NumberPointJson {
  attributes: KeyValue[];
  startTimeUnixNano: string;
  timeUnixNano: string;
  asDouble?: number;
  asInt?: string;
}

export interface HistogramPointJson {
  attributes: KeyValue[];
  startTimeUnixNano: string;
  timeUnixNano: string;
  count: string;
  sum: number;
  bucketCounts: string[];
  explicitBounds: number[];
  min: number;
  max: number;
}

export interface MetricJson {
  name: string;
  unit: string;
  sum?: { aggregationTemporality: 1 | 2; isMonotonic: boolean; dataPoints: NumberPointJson[] };
  histogram?: { aggregationTemporality: 1 | 2; dataPoints: HistogramPointJson[] };
}

export interface ResourceMetricsJson {
  resource: { attributes: KeyValue[] };
  scopeMetrics: { scope: { name: string; version: string }; metrics: MetricJson[] }[];
}

export const DELTA = 1;
export const CUMULATIVE = 2;

/** One histogram point over `values` with the given bounds. */
export function histogramPoint(attributes: KeyValue[], startMs: number, endMs: number, values: readonly number[], bounds: readonly number[]): HistogramPointJson {
  const buckets = new Array<number>(bounds.length + 1).fill(0);
  for (const v of values) {
    const i = bounds.findIndex((b) => v <= b);
    buckets[i < 0 ? bounds.length : i]++;
  }
  return {
    attributes,
    startTimeUnixNano: nanos(startMs),
    timeUnixNano: nanos(endMs),
    count: String(values.length),
    sum: values.reduce((a, v) => a + v, 0),
    bucketCounts: buckets.map(String),
    explicitBounds: [...bounds],
    min: Math.min(...values),
    max: Math.max(...values),
  };
}
