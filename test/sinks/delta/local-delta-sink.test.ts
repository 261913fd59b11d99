import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { TABLE_SCHEMAS } from '../../../src/schema/tables.js';
import { LocalDeltaSink } from '../../../src/sinks/delta/local-delta-sink.js';
import { dataFilePath } from '../../../src/sinks/delta/log-paths.js';
import { readTableState } from '../../../src/sinks/delta/replay.js';
import { readParquetRows } from './duckdb.js';
import { logRows, metricRows } from './fixtures.js';
import { tempDir } from './temp-dir.js';
import { batchOf } from '../../helpers/batch.js';

test('LocalDeltaSink: tables at <dataDir>/<catalog>/<schema>/<table>, kinds checked, rows written', async (t) => {
  const dataDir = await tempDir(t);
  const sink = new LocalDeltaSink(dataDir);
  const logs = { catalog: 'main', schema: 'telemetry', table: 'cc_otel_logs' };
  const metrics = { catalog: 'main', schema: 'telemetry', table: 'cc_otel_metrics' };
  assert.equal(sink.tableDir(logs), join(dataDir, 'main', 'telemetry', 'cc_otel_logs'));
  assert.equal(await sink.ready(), true);

  assert.deepEqual(await sink.prepareTable(logs, 'logs', false), { status: 'missing' });
  assert.deepEqual(await sink.prepareTable(logs, 'logs', true), { status: 'ok' });
  assert.deepEqual(await sink.prepareTable(logs, 'logs', false), { status: 'ok' });
  assert.deepEqual(await sink.prepareTable(logs, 'metrics', true), { status: 'wrong-kind', actual: 'logs' });
  assert.deepEqual(await sink.prepareTable(metrics, 'metrics', true), { status: 'ok' });

  assert.deepEqual(await sink.write(logs, 'logs', batchOf(logRows())), { status: 'success' });
  assert.deepEqual(await sink.write(metrics, 'metrics', batchOf(metricRows())), { status: 'success' });
  const wrong = await sink.write(logs, 'metrics', batchOf(metricRows()));
  assert.equal(wrong.status, 'permanent');

  const dir = sink.tableDir(logs);
  const state = (await readTableState(dir))!;
  const files = [...state.files.keys()].map((p) => dataFilePath(dir, p));
  assert.deepStrictEqual(await readParquetRows(TABLE_SCHEMAS.logs.columns, files), logRows());
  await sink.close();
});

test('a table found is remembered for checkMs; a missing one is looked for again at once', async (t) => {
  const dataDir = await tempDir(t);
  const name = { catalog: 'c', schema: 's', table: 'remembered_logs' };
  const remembering = new LocalDeltaSink(dataDir, { checkMs: 60_000 });
  const forgetful = new LocalDeltaSink(dataDir, { checkMs: 0 });
  t.after(() => Promise.all([remembering.close(), forgetful.close()]));
  assert.deepEqual(await remembering.prepareTable(name, 'logs', false), { status: 'missing' });
  assert.deepEqual(await forgetful.prepareTable(name, 'logs', true), { status: 'ok' }, 'created');
  assert.deepEqual(await remembering.prepareTable(name, 'logs', false), { status: 'ok' }, 'missing was not remembered');
  assert.deepEqual(await remembering.prepareTable(name, 'metrics', false), { status: 'wrong-kind', actual: 'logs' });
  await rm(remembering.tableDir(name), { recursive: true });
  assert.deepEqual(await remembering.prepareTable(name, 'logs', false), { status: 'ok' }, 'remembered: no file-system check');
  assert.deepEqual(await forgetful.prepareTable(name, 'logs', false), { status: 'missing' }, 'checkMs 0: checked again');
});
