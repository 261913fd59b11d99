import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Row } from '../../../src/rows/row.js';
import { TABLE_SCHEMAS } from '../../../src/schema/tables.js';
import type { TableSchema } from '../../../src/schema/types.js';
import { encodeDataFile } from '../../../src/sinks/delta/data-file.js';
import type { AddAction } from '../../../src/sinks/delta/actions.js';
import { planMaintenance } from '../../../src/sinks/delta/maintenance-plan.js';
import { parseInterval } from '../../../src/sinks/delta/retention-props.js';
import { fileTimeBounds, rowTime } from '../../../src/sinks/delta/row-time.js';
import { metricRows } from './fixtures.js';

/** The stats of the data file the rows make: taken from its Parquet footer's statistics. */
const statsOf = (schema: TableSchema, rows: readonly Row[]): string => encodeDataFile(schema, [rows]).stats;

const log = (time: bigint | null, observed: bigint | null): Row => ({ time_unix_nano: time, observed_time_unix_nano: observed });

function file(path: string, size: number, rows: Row[]): AddAction {
  return { path, partitionValues: {}, size, modificationTime: 0, dataChange: false, stats: statsOf(TABLE_SCHEMAS.logs, rows) };
}

test('a row\'s time: a log record falls back to its observed time when time_unix_nano is 0', () => {
  assert.equal(rowTime('logs', log(5n, 9n)), 5n);
  assert.equal(rowTime('logs', log(0n, 9n)), 9n);
  assert.equal(rowTime('logs', log(null, 9n)), 9n);
  assert.equal(rowTime('logs', log(null, null)), null);
  assert.equal(rowTime('spans', { start_time_unix_nano: 7n }), 7n);
  const [gauge] = metricRows();
  assert.equal(typeof rowTime('metrics', gauge), 'bigint');
});

test('file time bounds from stats prove only what they can', () => {
  const direct = fileTimeBounds('logs', statsOf(TABLE_SCHEMAS.logs, [log(10n, 50n), log(20n, 15n)]));
  assert.deepEqual(direct, { min: 10n, max: 50n, allTimed: true });
  // A record with time 0 uses its observed time, which the minimum of time_unix_nano cannot bound.
  const zero = fileTimeBounds('logs', statsOf(TABLE_SCHEMAS.logs, [log(0n, 30n), log(20n, 15n)]));
  assert.deepEqual(zero, { min: null, max: 30n, allTimed: true });
  const untimed = fileTimeBounds('logs', statsOf(TABLE_SCHEMAS.logs, [log(null, null), log(20n, 15n)]));
  assert.equal(untimed.allTimed, false);
  assert.deepEqual(fileTimeBounds('logs', null), { min: null, max: null, allTimed: false });
});

test('the plan: whole files past the cut are dropped, straddlers rewritten, small files packed in time order', () => {
  const files = [
    file('new-b', 100, [log(300n, 300n)]),
    file('old', 100, [log(10n, 10n), log(20n, 20n)]),
    file('straddles', 100, [log(50n, 50n), log(150n, 150n)]),
    file('new-a', 100, [log(200n, 200n)]),
    file('big', 10_000, [log(400n, 400n)]),
  ];
  const plan = planMaintenance(files, { kind: 'logs', targetFileBytes: 1_000, maxRowsPerFile: 1_000, minSmallFiles: 2, retentionCutNs: 100n });
  assert.deepEqual(plan.drop.map((f) => f.path), ['old']);
  assert.deepEqual(plan.bins.map((b) => [b.files.map((f) => f.path), b.retentionOnly]), [[['straddles', 'new-a', 'new-b'], false]]);

  const packed = planMaintenance(files, { kind: 'logs', targetFileBytes: 250, maxRowsPerFile: 1_000, minSmallFiles: 2, retentionCutNs: null });
  assert.deepEqual(packed.bins.map((b) => b.files.map((f) => f.path)), [['old', 'straddles'], ['new-a', 'new-b']]);
  // Below the trigger nothing is compacted; a straddler alone is still checked for retention.
  const quiet = planMaintenance(files, { kind: 'logs', targetFileBytes: 1_000, maxRowsPerFile: 1_000, minSmallFiles: 50, retentionCutNs: 100n });
  assert.deepEqual(quiet.bins.map((b) => [b.files.map((f) => f.path), b.retentionOnly]), [[['straddles'], true]]);
});

test('retention table properties parse as Spark intervals', () => {
  assert.equal(parseInterval('interval 7 days'), 7 * 86_400_000);
  assert.equal(parseInterval('interval 1 week'), 7 * 86_400_000);
  assert.equal(parseInterval('168 hours'), 168 * 3_600_000);
  assert.equal(parseInterval('interval 0 hours'), 0);
  assert.equal(parseInterval('7 fortnights'), null);
  assert.equal(parseInterval('soon'), null);
});
