import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { TableSchema } from '../../../src/schema/types.js';
import { TABLE_SCHEMAS } from '../../../src/schema/tables.js';
import { serializeActions } from '../../../src/sinks/delta/actions.js';
import { parseJsonBigInt } from '../../../src/sinks/delta/json-bigint.js';
import { commitFileName, dataFilePath, logDir } from '../../../src/sinks/delta/log-paths.js';
import { readTableState } from '../../../src/sinks/delta/replay.js';
import { schemaString } from '../../../src/sinks/delta/schema-string.js';
import { DeltaTable } from '../../../src/sinks/delta/table.js';
import { appendRows, createTable, latestTxnVersion } from './table-helpers.js';
import { readParquetRows } from './duckdb.js';
import { logRows, manyLogRows, metricRows } from './fixtures.js';
import { parquetFilesOnDisk, tempDir } from './temp-dir.js';

type JsonAction = Record<string, Record<string, unknown>>;

/** A commit's lines, parsed with plain JSON.parse (not our own reader). */
async function commitActions(tableDir: string, version: number): Promise<JsonAction[]> {
  const text = await readFile(join(logDir(tableDir), commitFileName(version)), 'utf8');
  assert.ok(text.endsWith('\n'));
  return text.trimEnd().split('\n').map((line) => JSON.parse(line) as JsonAction);
}

/** The live files of the replayed log, checked against the directory: no orphan, none missing, sizes exact. */
async function liveFilesMatchDisk(tableDir: string): Promise<string[]> {
  const state = (await readTableState(tableDir))!;
  const paths = [...state.files.keys()].sort();
  assert.deepEqual(paths, await parquetFilesOnDisk(tableDir));
  for (const add of state.files.values()) {
    assert.equal((await stat(dataFilePath(tableDir, add.path))).size, add.size, add.path);
  }
  return paths.map((p) => dataFilePath(tableDir, p));
}

/** `_delta_log` holds only Delta's own names: no temporary file is left behind. */
async function assertLogClean(tableDir: string): Promise<void> {
  const names = await readdir(logDir(tableDir));
  const stray = names.filter((n) => !/^\d{20}\.(json|checkpoint\.parquet)$/.test(n) && n !== '_last_checkpoint');
  assert.deepEqual(stray, []);
}

test('createTable writes version 0 (commitInfo, protocol 1/2, metaData) and is idempotent', async (t) => {
  const dir = join(await tempDir(t), 'cat', 'sch', 'tbl');
  const first = await createTable(dir, TABLE_SCHEMAS.logs);
  assert.equal(first.created, true);
  assert.equal(first.version, 0);
  assert.equal(first.kind, 'logs');

  const actions = await commitActions(dir, 0);
  assert.deepEqual(actions.map((a) => Object.keys(a)[0]), ['commitInfo', 'protocol', 'metaData']);
  assert.deepEqual(actions[1], { protocol: { minReaderVersion: 1, minWriterVersion: 2 } });
  const { metaData } = actions[2];
  assert.match(metaData.id as string, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.deepEqual(metaData.format, { provider: 'parquet', options: {} });
  assert.equal(metaData.schemaString, schemaString(TABLE_SCHEMAS.logs.columns));
  assert.deepEqual(metaData.partitionColumns, []);
  assert.deepEqual(metaData.configuration, { 'otel.schemaVersion': 'v1' });
  assert.equal(typeof metaData.createdTime, 'number');

  const again = await createTable(dir, TABLE_SCHEMAS.logs);
  assert.equal(again.created, false);
  assert.equal(again.version, 0);
  assert.equal(again.metaData.id, metaData.id);
  // Asking for a metrics table where a logs table is: nothing written, the kind tells the caller.
  const wrong = await createTable(dir, TABLE_SCHEMAS.metrics);
  assert.deepEqual([wrong.created, wrong.kind, wrong.version], [false, 'logs', 0]);
  assert.deepEqual(await readdir(logDir(dir)), [commitFileName(0)]);
});

test('kind detection: metrics, logs, other', async (t) => {
  const root = await tempDir(t);
  assert.equal((await createTable(join(root, 'm'), TABLE_SCHEMAS.metrics)).kind, 'metrics');
  assert.equal((await createTable(join(root, 'l'), TABLE_SCHEMAS.logs)).kind, 'logs');
  const custom: TableSchema = { kind: 'logs', columns: [{ name: 'x', type: { kind: 'primitive', name: 'string' } }], properties: {} };
  assert.equal((await createTable(join(root, 'o'), custom)).kind, 'other');
  assert.equal(await new DeltaTable(join(root, 'none')).info(), null);
});

for (const [kind, rows] of [
  ['logs', logRows()],
  ['metrics', metricRows()],
] as const) {
  test(`${kind}: appendRows commits one zstd file that DuckDB reads back exactly`, async (t) => {
    const dir = join(await tempDir(t), kind);
    const schema = TABLE_SCHEMAS[kind];
    await createTable(dir, schema);
    const result = await appendRows(dir, schema, rows);
    assert.equal(result.status, 'committed');
    assert.ok(result.status === 'committed');
    assert.equal(result.version, 1);
    assert.equal(result.attempts, 1);

    const actions = await commitActions(dir, 1);
    assert.deepEqual(actions.map((a) => Object.keys(a)[0]), ['commitInfo', 'add']);
    const { add } = actions[1];
    assert.match(add.path as string, /^part-00000-[0-9a-f-]{36}-c000\.zstd\.parquet$/);
    assert.deepEqual(add.partitionValues, {});
    assert.equal(add.dataChange, true);
    assert.equal(add.size, (await stat(join(dir, add.path as string))).size);
    assert.equal(typeof add.modificationTime, 'number');
    assert.equal((parseJsonBigInt(add.stats as string) as { numRecords: bigint }).numRecords, BigInt(rows.length));
    const { commitInfo } = actions[0];
    assert.equal(commitInfo.operation, 'WRITE');
    assert.equal(commitInfo.isBlindAppend, true);

    const files = await liveFilesMatchDisk(dir);
    assert.equal(files.length, 1);
    assert.deepStrictEqual(await readParquetRows(schema.columns, files), rows);
    await assertLogClean(dir);
  });
}

test('after many appends the replayed log names exactly the files on disk, and every row is there', async (t) => {
  const dir = await tempDir(t);
  const table = new DeltaTable(dir);
  await table.create(TABLE_SCHEMAS.logs);
  const expected = [];
  for (let i = 0; i < 5; i++) {
    const rows = manyLogRows(50 + i, `batch${i}`);
    expected.push(...rows);
    const r = await table.append(TABLE_SCHEMAS.logs, rows);
    assert.equal(r.status === 'committed' && r.version, i + 1);
  }
  const files = await liveFilesMatchDisk(dir);
  assert.equal(files.length, 5);
  const key = (r: Record<string, unknown>) => (r.attributes as Array<[string, string]>).find(([k]) => k === 'seq')![1];
  const got = await readParquetRows(TABLE_SCHEMAS.logs.columns, files);
  assert.deepStrictEqual(
    got.sort((a, b) => key(a).localeCompare(key(b))),
    expected.sort((a, b) => key(a).localeCompare(key(b))),
  );
});

test('appends are refused (as values, leaving no file) for a missing table or another kind', async (t) => {
  const root = await tempDir(t);
  const missing = await appendRows(join(root, 'nope'), TABLE_SCHEMAS.logs, logRows());
  assert.deepEqual(missing.status === 'rejected' && missing.reason, 'missing');

  const dir = join(root, 'logs');
  await createTable(dir, TABLE_SCHEMAS.logs);
  const wrong = await appendRows(dir, TABLE_SCHEMAS.metrics, metricRows());
  assert.ok(wrong.status === 'rejected');
  assert.equal(wrong.reason, 'wrong-schema');
  assert.equal(wrong.kind, 'logs');
  assert.match(wrong.message, /holds the logs schema, not metrics/);
  assert.deepEqual(await parquetFilesOnDisk(dir), []);
});

test('tables needing protocol features we do not implement are refused', async (t) => {
  const dir = await tempDir(t);
  await createTable(dir, TABLE_SCHEMAS.logs);
  await writeFile(
    join(logDir(dir), commitFileName(1)),
    serializeActions([
      {
        protocol: { minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ['deletionVectors'], writerFeatures: ['deletionVectors'] },
      },
    ]),
  );
  const r = await appendRows(dir, TABLE_SCHEMAS.logs, logRows());
  assert.ok(r.status === 'rejected');
  assert.equal(r.reason, 'unsupported');
  assert.match(r.message, /deletionVectors/);
  assert.deepEqual(await parquetFilesOnDisk(dir), []);
});

test('txn: a version already recorded for the appId is a duplicate, written once', async (t) => {
  const dir = await tempDir(t);
  await createTable(dir, TABLE_SCHEMAS.logs);
  const appId = randomUUID();
  assert.equal(await latestTxnVersion(dir, appId), null);

  const first = await appendRows(dir, TABLE_SCHEMAS.logs, logRows(), { txn: { appId, version: 5 } });
  assert.equal(first.status, 'committed');
  const txnLine = (await commitActions(dir, 1)).find((a) => 'txn' in a)!;
  assert.equal(txnLine.txn.appId, appId);
  assert.equal(txnLine.txn.version, 5);
  assert.equal(await latestTxnVersion(dir, appId), 5);

  for (const version of [5, 4]) {
    const again = await appendRows(dir, TABLE_SCHEMAS.logs, logRows(), { txn: { appId, version } });
    assert.deepEqual(again, { status: 'duplicate', version: 1, txnVersion: 5 });
  }
  assert.equal((await parquetFilesOnDisk(dir)).length, 1);

  // Progress without rows: a commit with only the txn.
  const empty = await appendRows(dir, TABLE_SCHEMAS.logs, [], { txn: { appId, version: 6 } });
  assert.ok(empty.status === 'committed');
  assert.deepEqual(empty.adds, []);
  assert.deepEqual((await commitActions(dir, 2)).map((a) => Object.keys(a)[0]), ['commitInfo', 'txn']);
  assert.equal(await latestTxnVersion(dir, appId), 6);
  assert.deepEqual(await appendRows(dir, TABLE_SCHEMAS.logs, []), { status: 'noop', version: 2 });
});

test('concurrent appends from separate handles in one process: contiguous versions, conflicts retried', async (t) => {
  const dir = await tempDir(t);
  await createTable(dir, TABLE_SCHEMAS.logs);
  const handles = Array.from({ length: 6 }, () => new DeltaTable(dir));
  const results = await Promise.all(handles.map((h, i) => h.append(TABLE_SCHEMAS.logs, manyLogRows(10, `h${i}`))));
  const versions = results.map((r) => (r.status === 'committed' ? r.version : -1)).sort((a, b) => a - b);
  assert.deepEqual(versions, [1, 2, 3, 4, 5, 6]);
  // They all started from version 0, so all but the first lost at least one race.
  assert.ok(results.some((r) => r.status === 'committed' && r.attempts > 1));
  const files = await liveFilesMatchDisk(dir);
  assert.equal((await readParquetRows(TABLE_SCHEMAS.logs.columns, files)).length, 60);
  await assertLogClean(dir);
});

test('a cached handle notices a table deleted and created again under the same path', async (t) => {
  const dir = await tempDir(t);
  const table = new DeltaTable(dir);
  await table.create(TABLE_SCHEMAS.logs);
  await table.append(TABLE_SCHEMAS.logs, logRows());
  await table.append(TABLE_SCHEMAS.logs, logRows());
  await rm(dir, { recursive: true });
  await createTable(dir, TABLE_SCHEMAS.logs);
  const r = await table.append(TABLE_SCHEMAS.logs, logRows());
  assert.equal(r.status === 'committed' && r.version, 1);
});
