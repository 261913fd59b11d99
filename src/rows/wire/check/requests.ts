import type { BodyCheck } from '../../flatten-result.js';
import { noDataMessage } from '../../metrics.js';
import { emptyResource, emptyScope, type StructReaders } from '../common.js';
import { type EnvelopeNames, readEnvelope } from '../envelope.js';
import { LOGS } from '../logs.js';
import { METRICS } from '../metrics.js';
import type { CheckReader } from './reader.js';
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

/** The resource and scope messages of `r`'s body, checked; their rows' structs are not made. */
function checkStructs(r: CheckReader): StructReaders {
  return {
    resource: (_, depth) => {
      walk(r, RESOURCE, depth);
      return emptyResource();
    },
    scope: (_, depth) => {
      walk(r, SCOPE, depth);
      return emptyScope();
    },
  };
}

function checkRecords(r: CheckReader, names: EnvelopeNames, record: Shape): BodyCheck | null {
  let rows = 0;
  let overflow = false;
  // The envelope hands back the reader it was given: `r`, whose check methods the walk needs.
  readEnvelope(
    r,
    names,
    () => {
      r.longOverflow = false;
      walk(r, record, 3);
      if (r.longOverflow) overflow = true;
      else rows++;
    },
    checkStructs(r),
  );
  return overflow ? null : { rowCount: rows, rejected: 0, rejectionMessage: '' };
}

export function checkLogsRequest(r: CheckReader): BodyCheck | null {
  return checkRecords(r, LOGS, LOG_RECORD);
}

export function checkTracesRequest(r: CheckReader): BodyCheck | null {
  return checkRecords(r, TRACES, SPAN);
}

export function checkMetricsRequest(r: CheckReader): BodyCheck | null {
  const out: MetricsTally = { points: 0, overflow: false, metricsWithoutData: 0, namesWithoutData: [] };
  readEnvelope(r, METRICS, () => checkMetric(r, out), checkStructs(r));
  if (out.overflow) return null;
  return { rowCount: out.points, rejected: 0, rejectionMessage: noDataMessage(out.metricsWithoutData, out.namesWithoutData) };
}
