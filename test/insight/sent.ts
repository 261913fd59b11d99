import type { DemoRequest } from '../../src/demo/generate.js';

/**
 * What the tests sent, flattened straight from the request bodies (OTLP/JSON of the demo, the
 * SDK's own objects): the independent side of every comparison. Attribute values as the SPEC
 * stores them (text).
 */
export type Attrs = Record<string, string>;

export interface SentPoint {
  table: string;
  name: string;
  temporality: 'delta' | 'cumulative' | 'none';
  startNs: bigint;
  timeNs: bigint;
  /** A sum's value, or a histogram's sum. */
  value: number;
  attrs: Attrs;
  res: Attrs;
}

export interface SentRecord {
  table: string;
  timeNs: bigint;
  observedNs: bigint;
  body: string;
  eventName: string;
  scope: string;
  attrs: Attrs;
  res: Attrs;
}

export interface Sent {
  points: SentPoint[];
  records: SentRecord[];
}

type JsonKv = { key: string; value: { stringValue?: string; intValue?: string; doubleValue?: number; boolValue?: boolean } };

export function jsonAttrs(kvs: readonly JsonKv[] | undefined): Attrs {
  const out: Attrs = {};
  for (const { key, value } of kvs ?? []) {
    if (value.stringValue !== undefined) out[key] = value.stringValue;
    else if (value.intValue !== undefined) out[key] = String(value.intValue);
    else if (value.boolValue !== undefined) out[key] = String(value.boolValue);
    else if (value.doubleValue !== undefined) out[key] = String(value.doubleValue);
  }
  return out;
}

/** The demo's requests, as sent. */
export function fromDemo(requests: readonly DemoRequest[]): Sent {
  const sent: Sent = { points: [], records: [] };
  for (const r of requests) {
    const body = r.body as unknown as Record<string, unknown[]>;
    for (const rl of (body.resourceLogs ?? []) as any[]) {
      for (const sl of rl.scopeLogs) {
        for (const lr of sl.logRecords) {
          sent.records.push({
            table: r.table,
            timeNs: BigInt(lr.timeUnixNano),
            observedNs: BigInt(lr.observedTimeUnixNano),
            body: lr.body?.stringValue ?? '',
            eventName: lr.eventName ?? '',
            scope: sl.scope.name,
            attrs: jsonAttrs(lr.attributes),
            res: jsonAttrs(rl.resource.attributes),
          });
        }
      }
    }
    for (const rm of (body.resourceMetrics ?? []) as any[]) {
      for (const sm of rm.scopeMetrics) {
        for (const m of sm.metrics) {
          const data = m.sum ?? m.histogram;
          const temporality = data.aggregationTemporality === 2 ? 'cumulative' : 'delta';
          for (const p of data.dataPoints) {
            sent.points.push({
              table: r.table,
              name: m.name,
              temporality,
              startNs: BigInt(p.startTimeUnixNano),
              timeNs: BigInt(p.timeUnixNano),
              value: m.sum ? (p.asDouble ?? Number(p.asInt)) : p.sum,
              attrs: jsonAttrs(p.attributes),
              res: jsonAttrs(rm.resource.attributes),
            });
          }
        }
      }
    }
  }
  return sent;
}
