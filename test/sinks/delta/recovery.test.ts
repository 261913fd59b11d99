import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rename, rm, truncate, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { TABLE_SCHEMAS } from '../../../src/schema/tables.js';
import { LocalDeltaSink } from '../../../src/sinks/delta/local-delta-sink.js';
import { checkpointFileName, commitFileName, logDir } from '../../../src/sinks/delta/log-paths.js';
import { readTableState } from '../../../src/sinks/delta/replay.js';
import { DeltaTable } from '../../../src/sinks/delta/table.js';
import { appendRows, createTable } from './table-helpers.js';
import { logRows, metricRows } from './fixtures.js';
import { tempDir } from './temp-dir.js';
import { batchOf } from '../../helpers/batch.js';
import { type RunningServer, startServer } from '../../helpers/server.js';
import { logRow, logsRequest } from './rows.js';
import { liveValues, parquetOnDisk } from './snapshot-reader.js';

const MINUTE = 60_000;

async function tableWithCheckpoint(dir: string): Promise<string[]> {
  await createTable(dir, TABLE_SCHEMAS.logs);
  const ids: string[] = [];
  for (let i = 0; i < 12; i++) {
    ids.push(`r${i}`);
    await appendRows(dir, TABLE_SCHEMAS.logs, [logRow(`r${i}`, Date.now())]);
  }
  return ids;
}

test('a truncated checkpoint: replay falls back to the JSON commits and appends carry on', async (t) => {
  const dir = join(await tempDir(t), 'c', 's', 'logs');
  const ids = await tableWithCheckpoint(dir);
  const before = (await readTableState(dir))!;
  await truncate(join(logDir(dir), checkpointFileName(10)), 100);

  const after = (await readTableState(dir))!;
  assert.equal(after.version, 12);
  assert.deepEqual([...after.files.keys()].sort(), [...before.files.keys()].sort());
  const result = await new DeltaTable(dir).append(TABLE_SCHEMAS.logs, [logRow('r12', Date.now())]);
  assert.equal(result.status, 'committed');
  // The independent reader starts from _last_checkpoint, which still names the damaged file: read
  // the commits instead by removing the hint it would trust.
  await rm(join(logDir(dir), '_last_checkpoint'));
  await rm(join(logDir(dir), checkpointFileName(10)));
  assert.deepEqual(await liveValues(dir, 'body'), [...ids, 'r12'].sort());
});

test('a table whose checkpoint and earlier commits are gone is refused with a clear error; the other tables serve', async (t) => {
  const dataDir = await tempDir(t);
  const sink = new LocalDeltaSink(dataDir);
  t.after(() => sink.close());
  const broken = { catalog: 'c', schema: 's', table: 'broken_logs' };
  const fine = { catalog: 'c', schema: 's', table: 'fine_logs' };
  await tableWithCheckpoint(sink.tableDir(broken));
  await truncate(join(logDir(sink.tableDir(broken)), checkpointFileName(10)), 100);
  for (let v = 0; v < 10; v++) await rm(join(logDir(sink.tableDir(broken)), commitFileName(v)));

  const check = await sink.prepareTable(broken, 'logs', true);
  assert.ok(check.status === 'refused' && check.reason === 'unavailable', JSON.stringify(check));
  assert.match(check.message, /^table c\.s\.broken_logs cannot be used now: .*no readable checkpoint \(checkpoint 10: .*\) and no commit 0 to replay from; the table cannot be read/);
  assert.equal(await sink.committedVersion(broken, 'spool'), null);
  assert.deepEqual(await sink.prepareTable(fine, 'logs', true), { status: 'ok' });
  assert.deepEqual(await sink.write(fine, 'logs', batchOf(logRows())), { status: 'success' });
});

test('a table directory replaced out of band is noticed: rows of the wrong signal are refused', async (t) => {
  const root = await tempDir(t);
  const dir = join(root, 'c', 's', 'logs');
  const other = join(root, 'c', 's', 'metrics');
  await createTable(dir, TABLE_SCHEMAS.logs);
  const table = new DeltaTable(dir);
  assert.equal((await table.append(TABLE_SCHEMAS.logs, logRows())).status, 'committed');
  // Another table with more versions takes the directory's place.
  await createTable(other, TABLE_SCHEMAS.metrics);
  for (let i = 0; i < 3; i++) await appendRows(other, TABLE_SCHEMAS.metrics, metricRows());
  await rm(dir, { recursive: true });
  await rename(other, dir);

  const result = await table.append(TABLE_SCHEMAS.logs, logRows());
  assert.equal(result.status, 'rejected');
  assert.match((result as { message: string }).message, /metrics schema, not logs/);
  const state = (await readTableState(dir))!;
  assert.equal(state.version, 3);
  assert.equal(state.files.size, 3);
});

test('crash leftovers go when the sink opens the table: old temp commits and orphans, and a dead writer\'s files at once', async (t) => {
  const dataDir = await tempDir(t);
  const name = { catalog: 'c', schema: 's', table: 'logs' };
  const dir = join(dataDir, 'c', 's', 'logs');
  await createTable(dir, TABLE_SCHEMAS.logs);
  await appendRows(dir, TABLE_SCHEMAS.logs, [logRow('kept', Date.now())]);
  const live = await parquetOnDisk(dir);
  const old = (Date.now() - 20 * MINUTE) / 1000;
  const leftovers = {
    oldTemp: join(logDir(dir), `.commit.${randomUUID()}.tmp`),
    oldOrphan: join(dir, `part-00000-${randomUUID()}-c000.zstd.parquet`),
    freshOrphan: join(dir, `part-00000-${randomUUID()}-c000.zstd.parquet`),
    deadWritersFile: join(dir, `part-00000-${randomUUID()}-c000.zstd.parquet`),
  };
  for (const path of Object.values(leftovers)) await writeFile(path, 'x');
  await utimes(leftovers.oldTemp, old, old);
  await utimes(leftovers.oldOrphan, old, old);
  // A compaction process that died: its marker names the file it was writing.
  const deadPid = spawnSync(process.execPath, ['-e', '0']).pid!;
  await writeFile(join(logDir(dir), `.writer.${deadPid}.0.${randomUUID()}.tmp`), `${leftovers.deadWritersFile.slice(dir.length + 1)}\n`);
  // The same PID on another host means nothing here: that writer may be alive, its file stays.
  const remoteFile = `part-00000-${randomUUID()}-c000.zstd.parquet`;
  await writeFile(join(dir, remoteFile), 'x');
  await writeFile(join(logDir(dir), `.writer.${deadPid}.0.${randomUUID()}.tmp`), `#host elsewhere.example\n${remoteFile}\n`);

  const sink = new LocalDeltaSink(dataDir);
  t.after(() => sink.close());
  assert.deepEqual(await sink.prepareTable(name, 'logs', false), { status: 'ok' });
  // A file written seconds ago may be a live writer's, about to be committed: it stays.
  const fresh = leftovers.freshOrphan.slice(dir.length + 1);
  assert.deepEqual(await parquetOnDisk(dir), new Set([...live, fresh, remoteFile]));
  assert.equal((await readdir(logDir(dir))).filter((n) => n.startsWith('.')).length, 1, 'only the other host\'s marker is left');
  assert.deepEqual(await liveValues(dir, 'body'), ['kept']);
});

test('serve: a damaged table answers 503 naming it while another table takes writes', { timeout: 60_000 }, async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'otlp-delta-damaged-'));
  let server: RunningServer | undefined;
  // One hook, so that the server stops before its directory goes.
  t.after(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  const brokenDir = join(dataDir, 'c', 's', 'broken_otel_logs');
  await tableWithCheckpoint(brokenDir);
  await truncate(join(logDir(brokenDir), checkpointFileName(10)), 100);
  for (let v = 0; v < 10; v++) await rm(join(logDir(brokenDir), commitFileName(v)));
  server = await startServer({ dataDir, args: ['--batch-max-age-ms', '0'] });
  const url = server.url;
  const post = (table: string) =>
    fetch(`${url}/v1/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-databricks-uc-table-name': table },
      body: logsRequest(['one'], Date.now()),
    });
  const refused = await post('c.s.broken_otel_logs');
  assert.equal(refused.status, 503);
  assert.match(await refused.text(), /c\.s\.broken_otel_logs cannot be used now/);
  assert.equal((await post('c.s.fine_otel_logs')).status, 200);
  const fineDir = join(dataDir, 'c', 's', 'fine_otel_logs');
  for (let i = 0; i < 100 && (await liveValues(fineDir, 'body').catch(() => [])).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(await liveValues(fineDir, 'body'), ['one']);
  assert.equal(await server.stop(), 0);
});
