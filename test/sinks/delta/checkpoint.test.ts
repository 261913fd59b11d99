import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { TABLE_SCHEMAS } from '../../../src/schema/tables.js';
import { updateLastCheckpoint } from '../../../src/sinks/delta/checkpoint.js';
import { parseJsonBigInt } from '../../../src/sinks/delta/json-bigint.js';
import { checkpointFileName, commitFileName, LAST_CHECKPOINT, logDir } from '../../../src/sinks/delta/log-paths.js';
import { readCommit, readTableState } from '../../../src/sinks/delta/replay.js';
import { DeltaTable } from '../../../src/sinks/delta/table.js';
import { applyActions, emptyState, type TableState } from '../../../src/sinks/delta/table-state.js';
import { query, sqlString } from './duckdb.js';
import { logRows } from './fixtures.js';
import { tempDir } from './temp-dir.js';

/** The state from the JSON commits alone, ignoring every checkpoint. */
async function stateFromCommits(tableDir: string): Promise<TableState> {
  const state = emptyState();
  for (;;) {
    const actions = await readCommit(logDir(tableDir), state.version + 1);
    if (!actions) return state;
    applyActions(state, actions);
    state.version++;
  }
}

async function tableWithCommits(dir: string, appends: number): Promise<void> {
  const table = new DeltaTable(dir);
  await table.create(TABLE_SCHEMAS.logs);
  for (let i = 1; i <= appends; i++) {
    const txn = i % 2 === 0 ? { appId: 'even', version: i } : { appId: 'odd', version: i };
    const r = await table.append(TABLE_SCHEMAS.logs, logRows(), { txn });
    assert.ok(r.status === 'committed');
    // Stored after the append resolves; present exactly on the versions due one.
    const stored = await r.checkpoint;
    assert.equal(stored?.checkpointError, undefined);
    assert.equal(stored?.checkpoint?.version, i % 10 === 0 ? i : undefined);
  }
}

test('checkpoints every 10 commits; _last_checkpoint names the newest', async (t) => {
  const dir = await tempDir(t);
  await tableWithCommits(dir, 24);
  const log = logDir(dir);
  await readFile(join(log, checkpointFileName(10)));
  await readFile(join(log, checkpointFileName(20)));
  await assert.rejects(readFile(join(log, checkpointFileName(24))), { code: 'ENOENT' });
  const hint = JSON.parse(await readFile(join(log, LAST_CHECKPOINT), 'utf8'));
  // protocol + metaData + 2 txns + 20 adds
  assert.equal(hint.version, 20);
  assert.equal(hint.size, 24);
  assert.equal(hint.numOfAddFiles, 20);
  assert.equal(hint.sizeInBytes, (await readFile(join(log, checkpointFileName(20)))).length);
});

test('the state from a checkpoint plus later commits equals the state from the JSON commits alone', async (t) => {
  const dir = await tempDir(t);
  await tableWithCommits(dir, 24);
  const fromCommits = await stateFromCommits(dir);
  assert.equal(fromCommits.version, 24);
  assert.equal(fromCommits.files.size, 24);
  assert.deepEqual(Object.fromEntries([...fromCommits.txns].map(([k, v]) => [k, v.version])), { odd: 23, even: 24 });
  assert.deepStrictEqual(await readTableState(dir), fromCommits);

  // Metadata cleanup: the commits the checkpoint covers are gone; the checkpoint must stand in for them.
  for (let v = 0; v < 20; v++) await rm(join(logDir(dir), commitFileName(v)));
  assert.deepStrictEqual(await readTableState(dir), fromCommits);

  // Without the hint, the newest checkpoint is found by listing.
  await rm(join(logDir(dir), LAST_CHECKPOINT));
  assert.deepStrictEqual(await readTableState(dir), fromCommits);

  // A hint naming a checkpoint that is gone falls back to listing too.
  await writeFile(join(logDir(dir), LAST_CHECKPOINT), JSON.stringify({ version: 30, size: 3 }));
  assert.deepStrictEqual(await readTableState(dir), fromCommits);
});

test('a log that starts after version 0 without a checkpoint is an error, not an empty table', async (t) => {
  const dir = await tempDir(t);
  await tableWithCommits(dir, 3);
  await rm(join(logDir(dir), commitFileName(0)));
  await assert.rejects(readTableState(dir), /neither version 0 nor a checkpoint/);
});

test('DuckDB reads the checkpoint: one action per row, in the protocol checkpoint schema', async (t) => {
  const dir = await tempDir(t);
  await tableWithCommits(dir, 10);
  const file = sqlString(join(logDir(dir), checkpointFileName(10)));
  const state = (await readTableState(dir))!;

  const columns = await query(`SELECT name FROM parquet_schema(${file}) WHERE name IN ('txn', 'add', 'remove', 'metaData', 'protocol')`);
  assert.deepEqual(columns.map((c) => c.name), ['txn', 'add', 'remove', 'metaData', 'protocol']);
  const mapGroups = await query(`SELECT count(*) AS n FROM parquet_schema(${file}) WHERE name = 'entries'`);
  assert.deepEqual(mapGroups, [{ n: 0n }]);

  const counts = await query(`
    SELECT count(*) AS actions, count(add) AS adds, count(remove) AS removes, count(txn) AS txns,
           count(metaData) AS metas, count(protocol) AS protocols,
           count(*) FILTER (WHERE (add IS NOT NULL)::INT + (txn IS NOT NULL)::INT + (metaData IS NOT NULL)::INT + (protocol IS NOT NULL)::INT != 1) AS mixed
    FROM read_parquet(${file})`);
  assert.deepEqual(counts, [{ actions: 14n, adds: 10n, removes: 0n, txns: 2n, metas: 1n, protocols: 1n, mixed: 0n }]);

  const adds = await query(`
    SELECT add.path AS path, add.size AS size, add.modificationTime AS mtime, add.dataChange AS data_change,
           add.stats AS stats, cardinality(add.partitionValues) AS pv
    FROM read_parquet(${file}) WHERE add IS NOT NULL ORDER BY path`);
  const live = [...state.files.values()].sort((a, b) => a.path.localeCompare(b.path));
  assert.deepEqual(
    adds,
    live.map((a) => ({ path: a.path, size: BigInt(a.size), mtime: BigInt(a.modificationTime), data_change: false, stats: a.stats, pv: 0n })),
  );
  assert.equal((parseJsonBigInt(adds[0].stats as string) as { numRecords: bigint }).numRecords, 4n);

  const [meta] = await query(`
    SELECT metaData.id AS id, metaData.format.provider AS provider, metaData.schemaString AS schema,
           map_extract_value(metaData.configuration, 'otel.schemaVersion') AS version,
           len(metaData.partitionColumns) AS partitions, metaData.createdTime AS created
    FROM read_parquet(${file}) WHERE metaData IS NOT NULL`);
  assert.deepEqual(meta, {
    id: state.metaData!.id,
    provider: 'parquet',
    schema: state.metaData!.schemaString,
    version: 'v1',
    partitions: 0n,
    created: BigInt(state.metaData!.createdTime!),
  });

  const [protocol] = await query(`SELECT protocol.* FROM read_parquet(${file}) WHERE protocol IS NOT NULL`);
  assert.deepEqual(protocol, { minReaderVersion: 1, minWriterVersion: 2, readerFeatures: null, writerFeatures: null });

  const txns = await query(`SELECT txn.appId AS app, txn.version AS v FROM read_parquet(${file}) WHERE txn IS NOT NULL ORDER BY app`);
  assert.deepEqual(txns, [
    { app: 'even', v: 10n },
    { app: 'odd', v: 9n },
  ]);
});

test('_last_checkpoint is never moved back to an older checkpoint', async (t) => {
  const dir = await tempDir(t);
  await tableWithCommits(dir, 20);
  await updateLastCheckpoint(logDir(dir), { version: 10, size: 12 });
  assert.equal(JSON.parse(await readFile(join(logDir(dir), LAST_CHECKPOINT), 'utf8')).version, 20);
});
