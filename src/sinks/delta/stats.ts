import type { Row, RowValue } from '../../rows/row.js';
import type { ColumnType, Field } from '../../schema/types.js';
import { type JsonValue, stringifyJson } from './json-bigint.js';

/**
 * Per-file statistics for an `add` action (PROTOCOL.md "Per-file Statistics"): `numRecords`, and
 * `minValues` / `maxValues` / `nullCount` mirroring the schema's nesting, for the columns queries
 * filter on: the LONG `*time_unix_nano` columns at the top level (`time_unix_nano`,
 * `observed_time_unix_nano` of logs) and directly inside top-level structs (`gauge.time_unix_nano`,
 * `sum.start_time_unix_nano`, ... of metrics). Columns inside arrays and maps have no stats in
 * Delta. A column absent from the stats is simply not used for data skipping.
 *
 * Values are bigints and go into the JSON as exact digits (`json-bigint.ts`): a nanosecond
 * timestamp rounded through a double could make a reader skip a file that holds matching rows.
 */
export type StatsPath = readonly [string] | readonly [string, string];

function isTimeLong(name: string, type: ColumnType): boolean {
  return type.kind === 'primitive' && type.name === 'long' && name.endsWith('time_unix_nano');
}

/** The columns `computeStats` covers, in schema order. */
export function statsPaths(columns: readonly Field[]): StatsPath[] {
  const paths: StatsPath[] = [];
  for (const column of columns) {
    if (isTimeLong(column.name, column.type)) paths.push([column.name]);
    else if (column.type.kind === 'struct') {
      for (const field of column.type.fields) if (isTimeLong(field.name, field.type)) paths.push([column.name, field.name]);
    }
  }
  return paths;
}

type JsonObject = { [key: string]: JsonValue };

function put(target: JsonObject, path: StatsPath, value: JsonValue): void {
  if (path.length === 1) {
    target[path[0]] = value;
    return;
  }
  const inner = (target[path[0]] ??= {}) as JsonObject;
  inner[path[1]] = value;
}

function valueAt(row: Row, path: StatsPath): RowValue | undefined {
  const top = row[path[0]];
  if (path.length === 1) return top;
  // A null struct makes its fields null, and Spark counts them so in `nullCount`.
  if (top === null || top === undefined || typeof top !== 'object' || Array.isArray(top)) return null;
  return (top as Row)[path[1]];
}

/** The stats JSON string of a data file holding `rows`. */
export function computeStats(columns: readonly Field[], rows: readonly Row[]): string {
  const minValues: JsonObject = {};
  const maxValues: JsonObject = {};
  const nullCount: JsonObject = {};
  for (const path of statsPaths(columns)) {
    let min: bigint | null = null;
    let max: bigint | null = null;
    let nulls = 0;
    for (const row of rows) {
      const v = valueAt(row, path);
      if (typeof v !== 'bigint') {
        nulls++;
        continue;
      }
      if (min === null || v < min) min = v;
      if (max === null || v > max) max = v;
    }
    // All null: no min/max, as "If all valid rows are null, this carries no information".
    if (min !== null && max !== null) {
      put(minValues, path, min);
      put(maxValues, path, max);
    }
    put(nullCount, path, nulls);
  }
  return stringifyJson({ numRecords: rows.length, minValues, maxValues, nullCount });
}
