import { OtlpDecodeError } from '../../../src/otlp/decode-error.js';
import { decodeLogsProtobuf, decodeMetricsProtobuf, decodeTracesProtobuf } from '../../otlp/reference/decode-protobuf.js';
import {
  decodeFlattenLogsProtobuf,
  decodeFlattenMetricsProtobuf,
  decodeFlattenTracesProtobuf,
} from '../../../src/rows/wire/index.js';
import type { FlattenResult } from '../../../src/rows/flatten-result.js';
import { flattenLogs } from '../../../src/rows/logs.js';
import { flattenMetrics } from '../../../src/rows/metrics.js';
import { flattenSpans } from '../../../src/rows/spans.js';

/** The old path and the new one, per signal, for the differential tests. */
export interface Signal {
  name: 'metrics' | 'logs' | 'traces';
  /** protobufjs reflection + the flatteners: the reference. */
  old: (body: Uint8Array) => FlattenResult;
  /** The hand-written reader. */
  new: (body: Uint8Array) => FlattenResult;
}

export const SIGNALS: readonly Signal[] = [
  { name: 'metrics', old: (b) => flattenMetrics(decodeMetricsProtobuf(b)), new: decodeFlattenMetricsProtobuf },
  { name: 'logs', old: (b) => flattenLogs(decodeLogsProtobuf(b)), new: decodeFlattenLogsProtobuf },
  { name: 'traces', old: (b) => flattenSpans(decodeTracesProtobuf(b)), new: decodeFlattenTracesProtobuf },
];

export const METRICS = SIGNALS[0]!;
export const LOGS = SIGNALS[1]!;
export const TRACES = SIGNALS[2]!;

export type Outcome = { ok: true; result: FlattenResult } | { ok: false; error: unknown };

export function run(decode: (body: Uint8Array) => FlattenResult, body: Uint8Array): Outcome {
  try {
    return { ok: true, result: decode(body) };
  } catch (error) {
    return { ok: false, error };
  }
}

export function isDecodeError(outcome: Outcome): boolean {
  return !outcome.ok && outcome.error instanceof OtlpDecodeError;
}

export function describe(outcome: Outcome): string {
  if (outcome.ok) return `${outcome.result.rows.length} rows`;
  const e = outcome.error as Error;
  return `${e?.name}: ${e?.message}`;
}
