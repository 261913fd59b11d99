import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TABLE_SCHEMAS } from '../../../src/schema/tables.js';
import { parseJsonBigInt } from '../../../src/sinks/delta/json-bigint.js';
import { statsPaths } from '../../../src/sinks/delta/stats.js';
import { encodeDataFile } from '../../../src/sinks/delta/data-file.js';
import type { Row } from '../../../src/rows/row.js';
import type { TableSchema } from '../../../src/schema/types.js';
import { INT64_MAX, INT64_MIN, logRows, metricRows, TWO_POW_53_PLUS_1 } from './fixtures.js';

/** The stats of the data file the rows make: taken from its Parquet footer's statistics. */
const statsOf = (schema: TableSchema, rows: readonly Row[]): string => encodeDataFile(schema, [rows]).stats;

test('stats cover the top-level time columns of logs and the time fields of the metric structs', () => {
  assert.deepEqual(statsPaths(TABLE_SCHEMAS.logs.columns), [['time_unix_nano'], ['observed_time_unix_nano']]);
  assert.deepEqual(statsPaths(TABLE_SCHEMAS.metrics.columns), [
    ['gauge', 'start_time_unix_nano'],
    ['gauge', 'time_unix_nano'],
    ['sum', 'start_time_unix_nano'],
    ['sum', 'time_unix_nano'],
    ['histogram', 'start_time_unix_nano'],
    ['histogram', 'time_unix_nano'],
    ['exponential_histogram', 'start_time_unix_nano'],
    ['exponential_histogram', 'time_unix_nano'],
    ['summary', 'start_time_unix_nano'],
    ['summary', 'time_unix_nano'],
  ]);
});

test('logs stats: numRecords, exact 64-bit min/max (beyond 2^53, negative), null counts', () => {
  const text = statsOf(TABLE_SCHEMAS.logs, logRows());
  // The digits are in the JSON text itself, not rounded through a double.
  assert.match(text, /"maxValues":\{"time_unix_nano":1700000000123456789,"observed_time_unix_nano":9223372036854775807\}/);
  assert.deepStrictEqual(parseJsonBigInt(text), {
    numRecords: 4n,
    minValues: { time_unix_nano: INT64_MIN, observed_time_unix_nano: -1n },
    maxValues: { time_unix_nano: 1_700_000_000_123_456_789n, observed_time_unix_nano: INT64_MAX },
    nullCount: { time_unix_nano: 1n, observed_time_unix_nano: 1n },
  });
  const one = parseJsonBigInt(statsOf(TABLE_SCHEMAS.logs, [logRows()[0]])) as Record<string, Record<string, bigint>>;
  assert.equal(one.minValues.observed_time_unix_nano, TWO_POW_53_PLUS_1);
  assert.equal(one.maxValues.observed_time_unix_nano, TWO_POW_53_PLUS_1);
});

test('metrics stats nest under the struct; a field NULL in every row (or under a NULL struct) has no min/max', () => {
  const stats = parseJsonBigInt(statsOf(TABLE_SCHEMAS.metrics, metricRows()));
  assert.deepStrictEqual(stats, {
    numRecords: 6n,
    minValues: {
      gauge: { time_unix_nano: INT64_MAX },
      sum: { start_time_unix_nano: 1_700_000_000_000_000_000n, time_unix_nano: 1_700_000_010_000_000_001n },
      histogram: { start_time_unix_nano: 5n, time_unix_nano: 6n },
      exponential_histogram: { start_time_unix_nano: 1n, time_unix_nano: 2n },
      summary: { start_time_unix_nano: 100n, time_unix_nano: 200n },
    },
    maxValues: {
      gauge: { time_unix_nano: INT64_MAX },
      sum: { start_time_unix_nano: 1_700_000_000_000_000_000n, time_unix_nano: 1_700_000_010_000_000_001n },
      histogram: { start_time_unix_nano: 5n, time_unix_nano: 6n },
      exponential_histogram: { start_time_unix_nano: 1n, time_unix_nano: 2n },
      summary: { start_time_unix_nano: 100n, time_unix_nano: 200n },
    },
    nullCount: {
      gauge: { start_time_unix_nano: 6n, time_unix_nano: 5n },
      sum: { start_time_unix_nano: 5n, time_unix_nano: 5n },
      histogram: { start_time_unix_nano: 5n, time_unix_nano: 5n },
      exponential_histogram: { start_time_unix_nano: 5n, time_unix_nano: 5n },
      summary: { start_time_unix_nano: 5n, time_unix_nano: 5n },
    },
  });
});

test('stats of zero rows', () => {
  assert.deepStrictEqual(parseJsonBigInt(statsOf(TABLE_SCHEMAS.logs, [])), {
    numRecords: 0n,
    minValues: {},
    maxValues: {},
    nullCount: { time_unix_nano: 0n, observed_time_unix_nano: 0n },
  });
});
