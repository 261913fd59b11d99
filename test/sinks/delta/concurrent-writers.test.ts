import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { TABLE_SCHEMAS } from '../../../src/schema/tables.js';
import { dataFilePath, logDir, parseLogFileName } from '../../../src/sinks/delta/log-paths.js';
import { readTableState } from '../../../src/sinks/delta/replay.js';
import { readParquetRows } from './duckdb.js';
import { parquetFilesOnDisk, tempDir } from './temp-dir.js';

const WORKER = fileURLToPath(new URL('./append-worker.ts', import.meta.url));
const COMMITS = 15;
const ROWS = 20;

interface Worker {
  ready: Promise<void>;
  go(): void;
  done: Promise<{ created: boolean; versions: number[]; lostRaces: number }>;
}

function startWorker(tableDir: string, tag: string): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, tableDir, tag, String(COMMITS), String(ROWS)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  let markReady: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    out += chunk;
    if (out.startsWith('ready\n')) markReady();
  });
  const done = new Promise<{ created: boolean; versions: number[]; lostRaces: number }>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`worker ${tag} exited with ${code}`));
      resolve(JSON.parse(out.slice('ready\n'.length)));
    });
  });
  return { ready, go: () => child.stdin.end('go\n'), done };
}

test('two processes appending to one table at once lose and overwrite nothing', { timeout: 60_000 }, async (t) => {
  const dir = join(await tempDir(t), 'cat', 'sch', 'logs');
  const workers = [startWorker(dir, 'a'), startWorker(dir, 'b')];
  await Promise.all(workers.map((w) => w.ready));
  for (const w of workers) w.go();
  const [a, b] = await Promise.all(workers.map((w) => w.done));
  t.diagnostic(`commit races lost: a ${a.lostRaces}, b ${b.lostRaces}`);

  // Exactly one process created the table; together they made versions 1..30, each once.
  assert.equal(Number(a.created) + Number(b.created), 1);
  const total = 2 * COMMITS;
  assert.deepEqual([...a.versions, ...b.versions].sort((x, y) => x - y), Array.from({ length: total }, (_, i) => i + 1));

  // The log: contiguous commits 0..30, checkpoints at 10, 20, 30, nothing else left behind.
  const names = await readdir(logDir(dir));
  const commits = names.map(parseLogFileName).filter((f) => f?.kind === 'commit').map((f) => f!.version).sort((x, y) => x - y);
  assert.deepEqual(commits, Array.from({ length: total + 1 }, (_, i) => i));
  const checkpoints = names.map(parseLogFileName).filter((f) => f?.kind === 'checkpoint').map((f) => f!.version).sort((x, y) => x - y);
  assert.deepEqual(checkpoints, [10, 20, 30]);
  assert.deepEqual(names.filter((n) => n.startsWith('.')), []);

  // Every file the log names is on disk with its size, no other; every row is there exactly once.
  const state = (await readTableState(dir))!;
  assert.equal(state.version, total);
  assert.deepEqual([...state.files.keys()].sort(), await parquetFilesOnDisk(dir));
  const rows = await readParquetRows(TABLE_SCHEMAS.logs.columns, [...state.files.keys()].map((p) => dataFilePath(dir, p)));
  const seqs = rows.map((r) => (r.attributes as Array<[string, string]>).find(([k]) => k === 'seq')![1]).sort();
  const expected = ['a', 'b'].flatMap((tag) => Array.from({ length: COMMITS }, (_, i) => Array.from({ length: ROWS }, (_, j) => `${tag}-${i}-${j}`)).flat()).sort();
  assert.deepEqual(seqs, expected);
});
