import assert from 'node:assert/strict';
import { OtlpDecodeError } from '../../../src/otlp/decode-error.js';
import { decodeLogsProtobuf, decodeMetricsProtobuf, decodeTracesProtobuf } from '../../otlp/reference/decode-protobuf.js';
import {
  checkLogsProtobuf,
  checkMetricsProtobuf,
  checkTracesProtobuf,
  decodeFlattenLogsProtobuf,
  decodeFlattenMetricsProtobuf,
  decodeFlattenTracesProtobuf,
} from '../../../src/rows/wire/index.js';
import { type BodyCheck, checkOf, type FlattenResult } from '../../../src/rows/flatten-result.js';
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
  /** Its check-only walk (`src/rows/wire/check/`). */
  check: (body: Uint8Array) => BodyCheck;
}

export const SIGNALS: readonly Signal[] = [
  { name: 'metrics', old: (b) => flattenMetrics(decodeMetricsProtobuf(b)), new: decodeFlattenMetricsProtobuf, check: checkMetricsProtobuf },
  { name: 'logs', old: (b) => flattenLogs(decodeLogsProtobuf(b)), new: decodeFlattenLogsProtobuf, check: checkLogsProtobuf },
  { name: 'traces', old: (b) => flattenSpans(decodeTracesProtobuf(b)), new: decodeFlattenTracesProtobuf, check: checkTracesProtobuf },
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

/** What a decode or a check came to, comparable with deepStrictEqual: the counts, or the error's class and message. */
export type Verdict = { counts: BodyCheck } | { error: string; message: string };

function verdict(read: () => BodyCheck): Verdict {
  try {
    return { counts: read() };
  } catch (error) {
    const e = error as Error;
    return { error: e?.constructor?.name, message: e?.message };
  }
}

/**
 * Asserts that the check-only walk of `body` says what the row decoder says: the same error
 * (class and message), or the row count, `rejected` and `rejectionMessage` of its rows. Returns
 * the verdict.
 */
export function checkAgrees(signal: Signal, body: Uint8Array, what = ''): Verdict {
  const expected = verdict(() => checkOf(signal.new(body)));
  const actual = verdict(() => signal.check(body));
  assert.deepStrictEqual(actual, expected, `${signal.name}${what === '' ? '' : ` ${what}`}: check and decode disagree on ${Buffer.from(body).toString('hex').slice(0, 400)}`);
  return actual;
}
