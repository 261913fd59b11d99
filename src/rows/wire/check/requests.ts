import type { BodyCheck } from '../../flatten-result.js';
import { noDataMessage } from '../../metrics.js';
import { emptyResource, emptyScope, type StructReaders } from '../common.js';
import { type EnvelopeNames, readEnvelope } from '../envelope.js';
import { LOGS } from '../logs.js';
import { METRICS } from '../metrics.js';
import type { Reader } from '../reader.js';
import { TRACES } from '../spans.js';
import { checkMetric, type MetricsTally } from './metrics.js';
import { LOG_RECORD, RESOURCE, SCOPE, SPAN } from './shapes.js';
import { type Shape, walk } from './walk.js';

/**
 * Whole requests, checked: the envelope of `../envelope.ts` with the resource and scope messages
 * only checked, and each record walked (`walk.ts`) and counted. Returns null when a record holds a
 * LONG value past 2^63-1: its rejection message names the value, which the row decoder words
 * (`src/rows/long-range.ts`), so the caller decodes that (rare) body instead.
 */

const CHECK_STRUCTS: StructReaders = {
  resource: (r, depth) => {
    walk(r, RESOURCE, depth);
    return emptyResource();
  },
  scope: (r, depth) => {
    walk(r, SCOPE, depth);
    return emptyScope();
  },
};

function checkRecords(r: Reader, names: EnvelopeNames, record: Shape): BodyCheck | null {
  let rows = 0;
  let overflow = false;
  readEnvelope(
    r,
    names,
    (r) => {
      r.longOverflow = false;
      walk(r, record, 3);
      if (r.longOverflow) overflow = true;
      else rows++;
    },
    CHECK_STRUCTS,
  );
  return overflow ? null : { rowCount: rows, rejected: 0, rejectionMessage: '' };
}

export function checkLogsRequest(r: Reader): BodyCheck | null {
  return checkRecords(r, LOGS, LOG_RECORD);
}

export function checkTracesRequest(r: Reader): BodyCheck | null {
  return checkRecords(r, TRACES, SPAN);
}

export function checkMetricsRequest(r: Reader): BodyCheck | null {
  const out: MetricsTally = { points: 0, overflow: false, metricsWithoutData: 0, namesWithoutData: [] };
  readEnvelope(r, METRICS, (r) => checkMetric(r, out), CHECK_STRUCTS);
  if (out.overflow) return null;
  return { rowCount: out.points, rejected: 0, rejectionMessage: noDataMessage(out.metricsWithoutData, out.namesWithoutData) };
}
