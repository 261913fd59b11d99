import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { TABLE_SCHEMAS } from '../../../src/schema/tables.js';
import { createTable } from './table-helpers.js';
import { vacuumTable } from '../../../src/sinks/delta/vacuum.js';
import { query, sqlString } from './duckdb.js';
import { tempDir } from './temp-dir.js';
import { parquetOnDisk, snapshotFiles } from './snapshot-reader.js';

const APPEND_WORKER = fileURLToPath(new URL('./append-worker.ts', import.meta.url));
const COMPACTOR = fileURLToPath(new URL('./compact-loop.ts', import.meta.url));
const COMMITS = 40;
const ROWS = 5;

function run(script: string, args: string[], stdin?: string): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => (out += chunk));
  if (stdin !== undefined) child.stdin.end(stdin);
  else child.stdin.end();
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${script} exited with ${code}`))));
  });
}

test('two processes appending while a third compacts: nothing lost, duplicated or overwritten', { timeout: 120_000 }, async (t) => {
  const dir = join(await tempDir(t), 'c', 's', 'logs');
  await createTable(dir, TABLE_SCHEMAS.logs);
  const [a, b, compactor] = await Promise.all([
    run(APPEND_WORKER, [dir, 'a', String(COMMITS), String(ROWS)], 'go\n'),
    run(APPEND_WORKER, [dir, 'b', String(COMMITS), String(ROWS)], 'go\n'),
    run(COMPACTOR, [dir, '25']),
  ]);
  const statuses = JSON.parse(compactor) as string[];
  t.diagnostic(`compactions: ${statuses.join(' ')}`);
  assert.ok(statuses.includes('committed'), 'at least one compaction committed while the appends ran');
  for (const out of [a, b]) assert.equal((JSON.parse(out.slice('ready\n'.length)) as { versions: number[] }).versions.length, COMMITS);

  const { files } = await snapshotFiles(dir);
  const list = [...files].map((f) => sqlString(join(dir, f))).join(', ');
  const rows = await query(`SELECT list_extract(map_extract(attributes, 'seq'), 1) AS seq FROM read_parquet([${list}])`);
  const seqs = rows.map((r) => r.seq as string);
  const expected: string[] = [];
  for (const tag of ['a', 'b']) for (let c = 0; c < COMMITS; c++) for (let i = 0; i < ROWS; i++) expected.push(`${tag}-${c}-${i}`);
  assert.equal(seqs.length, expected.length, 'no row lost or duplicated');
  assert.deepEqual(seqs.sort(), expected.sort());

  // Every compaction that lost its race removed its files; with 0 retention only live files remain.
  await vacuumTable(dir, { retainMs: 0 });
  assert.deepEqual(await parquetOnDisk(dir), files);
});
