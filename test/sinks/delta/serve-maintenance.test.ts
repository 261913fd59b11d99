import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { TABLE_SCHEMAS } from '../../../src/schema/tables.js';
import { appendRows, createTable } from './table-helpers.js';
import { removeDir, type RunningServer, startServer } from '../../helpers/server.js';
import { DAY, logRow, logsRequest, postLogs } from './rows.js';
import { liveValues, parquetOnDisk, snapshotFiles } from './snapshot-reader.js';

const CLI = fileURLToPath(new URL('../../../src/cli.ts', import.meta.url));
const TABLE = 'c.s.agent_otel_logs';

function cli(args: string[], killAfterMs?: number): Promise<{ code: number | null; signal: string | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  return new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, out });
    }),
  );
}

const post = (url: string, body: string) => postLogs(url, TABLE, body);

/** Waits until the table holds `count` rows (the service commits in the background). */
async function settle(dir: string, count: number): Promise<string[]> {
  for (let i = 0; i < 200; i++) {
    const uids = await liveValues(dir, 'body').catch(() => []);
    if (uids.length >= count) return uids;
    await sleep(100);
  }
  return liveValues(dir, 'body');
}

test('one-commit requests, optimize beside serve, a killed optimize, vacuum 0 and retention: exactly the acknowledged rows', { timeout: 120_000 }, async (t) => {
  const server = await startServer({ args: ['--batch-max-age-ms', '0'], env: { OTLP_DELTA_AUTO_COMPACT: 'false' } });
  t.after(async () => {
    await server.stop();
    await removeDir(server.dataDir);
  });
  const dir = join(server.dataDir, 'c', 's', 'agent_otel_logs');
  const now = Date.now();
  const acked: string[] = [];
  let n = 0;
  const send = async (count: number, ageMs = 0) => {
    for (let i = 0; i < count; i++) {
      const uid = `u${String(n++).padStart(4, '0')}`;
      await post(server.url, logsRequest([uid], now - ageMs));
      acked.push(uid);
    }
  };
  await send(20, 5 * DAY); // past a 3-day retention
  await send(20);
  assert.deepEqual(await settle(dir, acked.length), [...acked].sort());

  // optimize while requests keep coming
  const [optimized] = await Promise.all([cli(['optimize', '--data-dir', server.dataDir]), send(15)]);
  assert.equal(optimized.code, 0, optimized.out);
  assert.match(optimized.out, /c\.s\.agent_otel_logs: version \d+: \d+ file\(s\)/);
  assert.deepEqual(await settle(dir, acked.length), [...acked].sort());

  // a compaction killed part way leaves the table as it was
  await send(10);
  await settle(dir, acked.length);
  const killed = await cli(['optimize', '--data-dir', server.dataDir, '--table', TABLE], 1500);
  t.diagnostic(`killed optimize: ${killed.signal ?? `exit ${killed.code}`}`);
  assert.deepEqual(await liveValues(dir, 'body'), [...acked].sort());

  assert.equal((await cli(['optimize', '--data-dir', server.dataDir])).code, 0);
  assert.deepEqual(await liveValues(dir, 'body'), [...acked].sort());
  assert.ok((await snapshotFiles(dir)).files.size <= 2, 'few live files');

  const vacuumed = await cli(['vacuum', '--data-dir', server.dataDir, '--retain-hours', '0']);
  assert.equal(vacuumed.code, 0, vacuumed.out);
  assert.deepEqual(await parquetOnDisk(dir), (await snapshotFiles(dir)).files, 'only live files on disk');
  assert.deepEqual(await liveValues(dir, 'body'), [...acked].sort());

  const retained = await cli(['optimize', '--data-dir', server.dataDir, '--retention-days', '3']);
  assert.equal(retained.code, 0, retained.out);
  assert.match(retained.out, /20 row\(s\) past the retention removed/);
  assert.deepEqual(await liveValues(dir, 'body'), acked.slice(20).sort());
  assert.equal(await server.stop(), 0);
});

test('serve --retention-days removes old rows in the background', { timeout: 60_000 }, async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'otlp-delta-retention-'));
  let server: RunningServer | undefined;
  t.after(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  const dir = join(dataDir, 'c', 's', 'agent_otel_logs');
  await createTable(dir, TABLE_SCHEMAS.logs);
  const now = Date.now();
  await appendRows(dir, TABLE_SCHEMAS.logs, [logRow('old', now - 5 * DAY), logRow('recent', now - DAY)]);
  await appendRows(dir, TABLE_SCHEMAS.logs, [logRow('older', now - 9 * DAY)]);
  server = await startServer({ dataDir, args: ['--retention-days', '3', '--batch-max-age-ms', '0'] });
  await post(server.url, logsRequest(['new'], now));
  let values: string[] = [];
  for (let i = 0; i < 200; i++) {
    values = await liveValues(dir, 'body');
    if (values.join() === 'new,recent') break;
    await sleep(100);
  }
  assert.deepEqual(values, ['new', 'recent']);
  assert.equal(await server.stop(), 0);
});
