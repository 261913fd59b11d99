import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Worker } from 'node:worker_threads';
import { EncodePool } from '../../../../src/sinks/delta/encode/encode-pool.js';
import type { EncodeTask } from '../../../../src/sinks/delta/encode/encode-task.js';

const logs = (n: number): EncodeTask => ({
  kind: 'logs',
  records: [
    {
      format: 'json',
      body: Buffer.from(JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: Array.from({ length: n }, (_, i) => ({ timeUnixNano: String(i + 1), body: { stringValue: `line ${i}` } })) }] }] })),
    },
  ],
});

/** The pool's threads; reached into on purpose, to kill one as a crash would. */
const workersOf = (pool: EncodePool) => (pool as unknown as { slots: Array<{ worker: Worker }> }).slots.map((s) => s.worker);

test('a worker that dies fails its task, and a new worker takes the next', { timeout: 60_000 }, async (t) => {
  const pool = new EncodePool(1);
  t.after(() => pool.close());
  assert.equal((await pool.encode(logs(3))).numRecords, 3, 'the pool works');
  const [first] = workersOf(pool);
  const doomed = pool.encode(logs(20_000));
  await first.terminate();
  await assert.rejects(doomed, /an encode worker exited with code 1/);
  const [second] = workersOf(pool);
  assert.notEqual(second, first, 'replaced');
  const file = await pool.encode(logs(5));
  assert.equal(file.numRecords, 5);
  assert.equal(Buffer.from(file.bytes.subarray(0, 4)).toString('ascii'), 'PAR1', 'a Parquet file');
});

test('close rejects the tasks still queued, and every task after it', { timeout: 60_000 }, async () => {
  const pool = new EncodePool(1);
  const tasks = [pool.encode(logs(20_000)), pool.encode(logs(1)), pool.encode(logs(1))];
  const settled = Promise.allSettled(tasks);
  await pool.close();
  const outcomes = await settled;
  for (const queued of outcomes.slice(1)) {
    assert.equal(queued.status, 'rejected');
    assert.match(String((queued as PromiseRejectedResult).reason), /the encode pool is closed/);
  }
  await assert.rejects(pool.encode(logs(1)), /the encode pool is closed/);
});

test('a pool of no workers encodes on the calling thread', async () => {
  const pool = new EncodePool(0);
  assert.equal((await pool.encode(logs(2))).numRecords, 2);
  await pool.close();
});

test('encodeAndWrite leaves a durable data file in the table directory; transferred bodies leave the caller', { timeout: 60_000 }, async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'otlp-delta-pool-'));
  const pool = new EncodePool(1);
  t.after(async () => {
    await pool.close();
    await rm(dir, { recursive: true, force: true });
  });
  // Bodies on ArrayBuffers of their own, as the spool's reads are.
  const own = (task: EncodeTask): EncodeTask => ({ ...task, records: task.records.map((r) => ({ ...r, body: new Uint8Array(r.body) })) });
  const tasks = [own(logs(40)), own(logs(7)), own(logs(3))];
  const bodies = tasks.map((task) => task.records[0].body);
  // Sent together: the worker takes the next while the first file's write is under way.
  const written = await Promise.all(tasks.map((task) => pool.encodeAndWrite(task, dir, true)));
  assert.deepEqual(written.map((w) => w.numRecords), [40, 7, 3]);
  for (const body of bodies) assert.equal(body.byteLength, 0, 'moved to the worker, not copied');
  for (const { add } of written) {
    const bytes = await readFile(join(dir, add.path));
    assert.equal(bytes.length, add.size);
    assert.equal(bytes.subarray(0, 4).toString('ascii'), 'PAR1');
    assert.equal(JSON.parse(add.stats!).numRecords, written.find((w) => w.add === add)!.numRecords);
  }
  assert.equal(new Set(written.map((w) => w.add.path)).size, 3, 'one file each');
});
