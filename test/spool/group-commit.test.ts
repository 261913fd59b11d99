import assert from 'node:assert/strict';
import { setImmediate as nextTick } from 'node:timers/promises';
import { test } from 'node:test';
import { GroupCommit } from '../../src/spool/group-commit.js';
import { appendAll, openReplayed, payloadFor, tempDir } from './helpers.js';

test('200 concurrent appends share a handful of writes and fdatasyncs', async (t) => {
  const dir = await tempDir(t);
  const { spool } = await openReplayed(t, dir, { sync: true });
  const payloads = Array.from({ length: 200 }, (_, i) => payloadFor(i, 1024));
  const refs = await appendAll(spool, payloads);
  const { syncs, groupCommits } = spool.stats();
  t.diagnostic(`200 appends: ${groupCommits} group writes, ${syncs} fdatasyncs`);
  assert.ok(syncs >= 1 && syncs <= 5, `syncs ${syncs}`);
  assert.equal(new Set(refs.map((r) => r.seq)).size, 200);
  // Seq order is file order: offsets grow with seqs.
  for (let i = 1; i < refs.length; i++) assert.ok(refs[i]!.offset > refs[i - 1]!.offset);
});

test('appends that arrive while a sync is in flight join the next group', async (t) => {
  const dir = await tempDir(t);
  const { spool } = await openReplayed(t, dir, { sync: true });
  const pending = [];
  // 16 writers, each appending 20 records one after another, as request handlers would.
  for (let w = 0; w < 16; w++) {
    pending.push(
      (async () => {
        for (let i = 0; i < 20; i++) {
          const outcome = await spool.append(payloadFor(w * 100 + i, 512));
          assert.ok('ref' in outcome);
          await nextTick();
        }
      })(),
    );
  }
  await Promise.all(pending);
  const { syncs } = spool.stats();
  t.diagnostic(`320 appends from 16 writers: ${syncs} fdatasyncs`);
  assert.ok(syncs < 320 / 4, `syncs ${syncs}`);
});

test('GroupCommit hands over everything queued, in order, one flush at a time', async () => {
  const batches: number[][] = [];
  let flushing = 0;
  const commit = new GroupCommit<number, number>(async (batch) => {
    assert.equal(flushing++, 0);
    batches.push(batch.map((b) => b.item));
    await nextTick();
    for (const entry of batch) entry.resolve(entry.item * 10);
    flushing--;
  });
  const first = [1, 2, 3].map((n) => commit.submit(n));
  await nextTick(); // the first group is now flushing
  const second = [4, 5].map((n) => commit.submit(n));
  assert.deepEqual(await Promise.all([...first, ...second]), [10, 20, 30, 40, 50]);
  assert.deepEqual(batches, [[1, 2, 3], [4, 5]]);
  await commit.idle();
});

test('GroupCommit rejects what a throwing flush left unsettled, and goes on', async () => {
  let calls = 0;
  const commit = new GroupCommit<number, number>(async (batch) => {
    if (calls++ === 0) {
      batch[0]!.resolve(1);
      throw new Error('disk on fire');
    }
    for (const entry of batch) entry.resolve(entry.item);
  });
  const results = await Promise.allSettled([commit.submit(1), commit.submit(2)]);
  assert.deepEqual(results[0], { status: 'fulfilled', value: 1 });
  assert.equal(results[1]!.status, 'rejected');
  assert.equal(await commit.submit(3), 3);
});
