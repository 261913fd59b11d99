import type { ColumnType, Field } from '../../schema/types.js';
import { type JsonValue, stringifyJson } from './json-bigint.js';
import type { ChunkStatistics } from './parquet/column-chunk.js';

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

/** A LONG as the footer's statistics hold it: 8 bytes, little-endian. */
function int64(bytes: Uint8Array): bigint {
  return new DataView(bytes.buffer, bytes.byteOffset, 8).getBigInt64(0, true);
}

/**
 * The stats JSON string of a data file of `numRecords` rows, from the statistics its Parquet
 * footer gives its leaf columns (by leaf name, `gauge.time_unix_nano`): the same min, max and
 * null count (a row whose struct is null counts as null in its fields, as Spark counts them).
 */
export function fileStats(columns: readonly Field[], numRecords: number, statistics: ReadonlyMap<string, ChunkStatistics>): string {
  const minValues: JsonObject = {};
  const maxValues: JsonObject = {};
  const nullCount: JsonObject = {};
  for (const path of statsPaths(columns)) {
    const leaf = statistics.get(path.join('.'));
    // All null: no min/max, as "If all valid rows are null, this carries no information".
    if (leaf?.min && leaf.max) {
      put(minValues, path, int64(leaf.min));
      put(maxValues, path, int64(leaf.max));
    }
    put(nullCount, path, leaf?.nullCount ?? 0);
  }
  return stringifyJson({ numRecords, minValues, maxValues, nullCount });
}
