import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { TABLE_SCHEMAS } from '../../../src/schema/tables.js';
import { commitInfoAction } from '../../../src/sinks/delta/actions.js';
import { readTableState } from '../../../src/sinks/delta/replay.js';
import { appendRows, createTable } from './table-helpers.js';
import { removesConflict, Transaction } from '../../../src/sinks/delta/transaction.js';
import { tempDir } from './temp-dir.js';
import { logRow } from './rows.js';

async function tableWithTwoFiles(dir: string): Promise<string[]> {
  await createTable(dir, TABLE_SCHEMAS.logs);
  await appendRows(dir, TABLE_SCHEMAS.logs, [logRow('a', Date.now())]);
  await appendRows(dir, TABLE_SCHEMAS.logs, [logRow('b', Date.now())]);
  return [...(await readTableState(dir))!.files.keys()];
}

function removing(dir: string, state: NonNullable<Awaited<ReturnType<typeof readTableState>>>, paths: string[]): Transaction {
  const transaction = new Transaction(dir, state);
  for (const path of paths) transaction.stage({ remove: { path, deletionTimestamp: Date.now(), dataChange: false } });
  return transaction;
}

test('a transaction that removes files commits after winners that only appended', async (t) => {
  const dir = join(await tempDir(t), 'c', 's', 'logs');
  const paths = await tableWithTwoFiles(dir);
  const transaction = removing(dir, (await readTableState(dir))!, paths);
  assert.equal(transaction.readVersion, 2);
  await appendRows(dir, TABLE_SCHEMAS.logs, [logRow('c', Date.now())]); // version 3, by another writer
  const outcome = await transaction.commit(commitInfoAction(Date.now(), 'OPTIMIZE', {}), removesConflict(new Set(paths)), 10);
  assert.deepEqual(outcome, { status: 'committed', version: 4, attempts: 2 });
  const state = (await readTableState(dir))!;
  assert.equal(state.files.size, 1); // the concurrent append's file survives
});

test('a transaction stops when a winner removed a file it removes, and commits nothing', async (t) => {
  const dir = join(await tempDir(t), 'c', 's', 'logs');
  const paths = await tableWithTwoFiles(dir);
  const mine = removing(dir, (await readTableState(dir))!, paths);
  const theirs = removing(dir, (await readTableState(dir))!, [paths[0]]);
  assert.equal((await theirs.commit(commitInfoAction(Date.now(), 'OPTIMIZE', {}), removesConflict(new Set([paths[0]])), 10)).status, 'committed');
  const outcome = await mine.commit(commitInfoAction(Date.now(), 'OPTIMIZE', {}), removesConflict(new Set(paths)), 10);
  assert.equal(outcome.status, 'stopped');
  assert.match((outcome as { value: string }).value, /a concurrent commit removed/);
  assert.equal((await readTableState(dir))!.version, 3);
});
