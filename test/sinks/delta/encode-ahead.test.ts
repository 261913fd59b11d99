import assert from 'node:assert/strict';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { WrittenFile } from '../../../src/sinks/delta/data-file.js';
import { EncodeAhead, MAX_AHEAD, MAX_AHEAD_AGE_MS } from '../../../src/sinks/delta/encode-ahead.js';

const exists = (path: string) => access(path).then(() => true, () => false);

async function written(dir: string, name: string, numRecords: number): Promise<WrittenFile> {
  await writeFile(join(dir, name), 'PAR1');
  return { add: { path: name, partitionValues: {}, size: 4, modificationTime: Date.now(), dataChange: true, stats: '{}' }, numRecords };
}

test('a file written ahead that no commit will name is removed: another row count, past the cap, at close', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'otlp-delta-ahead-files-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const ahead = new EncodeAhead();

  ahead.put(dir, 'a', written(dir, 'a.parquet', 5));
  assert.equal((await ahead.take(dir, 'a', 5))?.add.path, 'a.parquet', 'the same batch: taken');
  assert.equal(await exists(join(dir, 'a.parquet')), true, 'kept for its commit');
  assert.equal(await ahead.take(dir, 'a', 5), null, 'taken once');

  ahead.put(dir, 'b', written(dir, 'b.parquet', 5));
  assert.equal(await ahead.take(dir, 'b', 6), null, 'the batch changed');
  assert.equal(await exists(join(dir, 'b.parquet')), false);

  for (let i = 0; i <= MAX_AHEAD; i++) ahead.put(dir, `c${i}`, written(dir, `c${i}.parquet`, 1));
  // Dropped in the background by the put that went past the cap.
  for (let waited = 0; (await exists(join(dir, 'c0.parquet'))) && waited < 10_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
  assert.equal(await exists(join(dir, 'c0.parquet')), false, 'the oldest, past the cap');
  await ahead.clear();
  for (let i = 1; i <= MAX_AHEAD; i++) assert.equal(await exists(join(dir, `c${i}.parquet`)), false, `c${i} at close`);

  // Written long ago (its commit kept failing): vacuum may take such a file, so it is not committed.
  const stale = await written(dir, 'e.parquet', 2);
  stale.add.modificationTime = Date.now() - MAX_AHEAD_AGE_MS - 1;
  ahead.put(dir, 'e', Promise.resolve(stale));
  assert.equal(await ahead.take(dir, 'e', 2), null);
  assert.equal(await exists(join(dir, 'e.parquet')), false);

  ahead.put(dir, 'd', Promise.reject(new Error('encode failed')));
  assert.equal(await ahead.take(dir, 'd', 1), null, 'a failed encoding is encoded again by the write');
});
