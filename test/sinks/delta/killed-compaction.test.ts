import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { TABLE_SCHEMAS } from '../../../src/schema/tables.js';
import { logDir } from '../../../src/sinks/delta/log-paths.js';
import { optimizeTable } from '../../../src/sinks/delta/optimize.js';
import { appendRows, createTable } from './table-helpers.js';
import { vacuumTable } from '../../../src/sinks/delta/vacuum.js';
import { tempDir } from './temp-dir.js';
import { HOUR, logRow } from './rows.js';
import { liveValues, parquetOnDisk, snapshotFiles } from './snapshot-reader.js';

const CHILD = fileURLToPath(new URL('./optimize-child.ts', import.meta.url));

/** The lines of the compaction's writer marker, once it names a data file; null while it does not. */
async function markedDataFiles(dir: string): Promise<string[] | null> {
  for (const name of await readdir(logDir(dir))) {
    if (!name.startsWith('.writer.')) continue;
    const lines = (await readFile(join(logDir(dir), name), 'utf8').catch(() => '')).split('\n').filter((l) => l.endsWith('.parquet'));
    if (lines.length > 0) return lines;
  }
  return null;
}

test('a compaction SIGKILLed after writing new files leaves the table as it was; its files go at once', { timeout: 60_000 }, async (t) => {
  const dir = join(await tempDir(t), 'c', 's', 'logs');
  await createTable(dir, TABLE_SCHEMAS.logs);
  const ids: string[] = [];
  for (let i = 0; i < 60; i++) {
    ids.push(`r${i}`);
    await appendRows(dir, TABLE_SCHEMAS.logs, [logRow(`r${i}`, Date.now() - i * HOUR)]);
  }
  const before = await snapshotFiles(dir);
  // Tiny target files: many bins, so the compaction writes file after file before it commits.
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, String(64 * 1024)], { stdio: 'ignore' });
  const exited = new Promise<string | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  let marked: string[] | null = null;
  for (let i = 0; i < 2000 && marked === null && child.exitCode === null; i++) {
    marked = await markedDataFiles(dir);
    if (marked === null) await sleep(2);
  }
  child.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL');
  assert.ok(marked, 'the compaction had started writing files when it was killed');

  const after = await snapshotFiles(dir);
  assert.deepEqual(after, before, 'no commit: the table is exactly as it was');
  assert.deepEqual(await liveValues(dir, 'body'), [...ids].sort());
  const orphans = [...(await parquetOnDisk(dir))].filter((f) => !after.files.has(f));
  t.diagnostic(`${orphans.length} uncommitted file(s) left by the killed compaction`);

  // The dead writer's files are provably orphans: gone at once, whatever their age.
  await vacuumTable(dir, { retainMs: 0 });
  assert.deepEqual(await parquetOnDisk(dir), after.files);
  assert.deepEqual((await readdir(logDir(dir))).filter((n) => n.startsWith('.')), []);
  // And the table compacts normally afterwards.
  assert.equal((await optimizeTable(dir)).status, 'committed');
  assert.deepEqual(await liveValues(dir, 'body'), [...ids].sort());
});
