import type { Row, RowValue } from '../../rows/row.js';
import type { TableKind } from '../../schema/types.js';
import { parseJsonBigInt } from './json-bigint.js';

/**
 * The time column of each table kind (SPEC.md "Table maintenance"): a data point's
 * `time_unix_nano` (inside whichever of the metric type structs the row holds), a log record's
 * `time_unix_nano` or its `observed_time_unix_nano` when that is 0, a span's
 * `start_time_unix_nano`. Retention cuts by it and compaction orders rows by it.
 */
const METRIC_STRUCTS = ['gauge', 'sum', 'histogram', 'exponential_histogram', 'summary'] as const;

function long(value: RowValue | undefined): bigint | null {
  return typeof value === 'bigint' ? value : null;
}

/** A row's time in Unix nanoseconds, or null when it has none. */
export function rowTime(kind: TableKind, row: Row): bigint | null {
  switch (kind) {
    case 'spans':
      return long(row.start_time_unix_nano);
    case 'logs': {
      const time = long(row.time_unix_nano);
      return time !== null && time !== 0n ? time : long(row.observed_time_unix_nano);
    }
    case 'metrics':
      for (const name of METRIC_STRUCTS) {
        const point = row[name];
        if (point !== null && point !== undefined && typeof point === 'object' && !Array.isArray(point)) {
          return long((point as Row).time_unix_nano);
        }
      }
      return null;
  }
}

/** Orders rows by time, rows without one first; stable, so equal times keep their order. */
export function byTime(kind: TableKind): (a: Row, b: Row) => number {
  return (a, b) => {
    const ta = rowTime(kind, a);
    const tb = rowTime(kind, b);
    if (ta === tb) return 0;
    if (ta === null) return -1;
    if (tb === null) return 1;
    return ta < tb ? -1 : 1;
  };
}

/**
 * What a data file's stats prove about its rows' times: `min` is a lower bound of every row's
 * time when `allTimed` (every row has one), `max` an upper bound of every timed row's time. Null
 * where the stats do not tell; the file is then read.
 */
export interface TimeBounds {
  min: bigint | null;
  max: bigint | null;
  allTimed: boolean;
}

type Stats = { numRecords?: number; minValues?: Record<string, unknown>; maxValues?: Record<string, unknown>; nullCount?: Record<string, unknown> };

function at(obj: Record<string, unknown> | undefined, path: readonly string[]): unknown {
  let v: unknown = obj;
  for (const p of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
  return v;
}

function big(v: unknown): bigint | null {
  return typeof v === 'bigint' ? v : typeof v === 'number' && Number.isSafeInteger(v) ? BigInt(v) : null;
}

export function fileTimeBounds(kind: TableKind, statsJson: string | null | undefined): TimeBounds {
  const unknown: TimeBounds = { min: null, max: null, allTimed: false };
  if (!statsJson) return unknown;
  let stats: Stats;
  try {
    stats = parseJsonBigInt(statsJson) as Stats;
  } catch {
    return unknown;
  }
  const rows = Number(big(stats.numRecords) ?? -1);
  const column = (path: string[]) => ({
    min: big(at(stats.minValues, path)),
    max: big(at(stats.maxValues, path)),
    nulls: big(at(stats.nullCount, path)),
  });
  switch (kind) {
    case 'spans': {
      const c = column(['start_time_unix_nano']);
      return { min: c.min, max: c.max, allTimed: c.nulls === 0n };
    }
    case 'logs': {
      const time = column(['time_unix_nano']);
      const observed = column(['observed_time_unix_nano']);
      // Every row's time is its time_unix_nano or its observed time: below the larger maximum.
      const max = time.max === null ? observed.max : observed.max === null || time.max > observed.max ? time.max : observed.max;
      // With every time_unix_nano set and above 0, each row's time is its time_unix_nano.
      const direct = time.nulls === 0n && time.min !== null && time.min > 0n;
      return { min: direct ? time.min : null, max, allTimed: direct || observed.nulls === 0n };
    }
    case 'metrics': {
      let min: bigint | null = null;
      let max: bigint | null = null;
      let timed = 0n;
      for (const name of METRIC_STRUCTS) {
        const c = column([name, 'time_unix_nano']);
        if (c.nulls === null) return unknown;
        timed += BigInt(rows) - c.nulls;
        if (c.min !== null && (min === null || c.min < min)) min = c.min;
        if (c.max !== null && (max === null || c.max > max)) max = c.max;
      }
      // Each row holds exactly one point struct, so the non-null counts add up to the rows when all are timed.
      const allTimed = rows >= 0 && timed === BigInt(rows);
      return { min: allTimed ? min : null, max, allTimed };
    }
  }
}
