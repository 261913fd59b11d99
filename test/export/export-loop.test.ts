import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, mock, test, type TestContext } from 'node:test';
import { DeadLetters } from '../../src/export/dead-letter.js';
import { ExportLoop } from '../../src/export/export-loop.js';
import { ExportProgress } from '../../src/export/progress.js';
import { encodeSpoolRecord, type SpoolRecord } from '../../src/export/spool-record.js';
import { MemorySpool, ScriptedSink } from './fakes.js';

const TABLE = { catalog: 'main', schema: 'loop', table: 't_otel_logs' };
const KEY = 'main.loop.t_otel_logs';
const record = (rowCount: number): SpoolRecord => ({ table: TABLE, kind: 'logs', format: 'json', rowCount, body: Buffer.from('{}') });

/**
 * Lets promises and file I/O run, and fires the timers already due (timers and the clock are
 * mocked; setImmediate is not), without moving the clock.
 */
async function until(done: () => boolean, what: string): Promise<void> {
  // Bounded by real time (performance.now is not mocked): file I/O is slow on a loaded machine.
  const give = performance.now() + 10_000;
  while (!done() && performance.now() < give) {
    mock.timers.tick(0);
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.ok(done(), `timed out waiting for ${what}`);
}
const turns = async (n = 50) => {
  for (let i = 0; i < n; i++) {
    mock.timers.tick(0);
    await new Promise((resolve) => setImmediate(resolve));
  }
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'otlp-delta-loop-'));
  mock.timers.enable({ apis: ['setTimeout', 'Date'] });
});
afterEach(async () => {
  mock.timers.reset();
  // A progress save may still be landing: rm retries on ENOTEMPTY.
  await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 });
});

function loopOf(t: TestContext, spool: MemorySpool, sink: ScriptedSink, limits = { maxRows: 10, maxBytes: 1 << 20, maxAgeMs: 1000 }) {
  const events = { retrying: [] as number[], deadLettered: [] as string[], committed: [] as number[] };
  const progress = new ExportProgress(join(dir, 'progress.json'));
  const loop = new ExportLoop({
    spool,
    sink,
    deadLetters: new DeadLetters(join(dir, 'dead-letter')),
    progress,
    rowsOf: () => [],
    limits,
    prepareDepth: 1,
    concurrency: 1,
    backoff: { initialMs: 100, maxMs: 1000 },
    events: {
      committed: (_table, rows) => events.committed.push(rows),
      retrying: (_table, _attempt, delayMs) => events.retrying.push(delayMs),
      deadLettered: (_table, _rows, _error, path) => events.deadLettered.push(path),
    },
  });
  t.after(() => loop.stop());
  return { loop, events, progress };
}

test('a batch goes when its oldest record reaches the age limit', async (t) => {
  const spool = new MemorySpool();
  const sink = new ScriptedSink();
  const { loop } = loopOf(t, spool, sink);
  await loop.accept(record(4));
  await loop.accept(record(4));
  mock.timers.tick(999);
  await turns();
  assert.equal(sink.writes.length, 0, 'younger than the age limit: nothing yet');
  mock.timers.tick(1);
  await until(() => sink.writes.length === 1, 'the batch');
  assert.deepEqual(
    sink.writes.map((w) => [w.rowCount, w.txn?.appId, w.txn?.version]),
    [[8, 'spool-under-test', 2]],
  );
  await until(() => spool.acked.length === 2, 'every ack');
  assert.deepEqual(loop.pending(), { records: 0, oldestMs: null });
});

test('a lane that fills a batch while waiting for its age goes at once, never past the row limit; the rest waits for its own age', async (t) => {
  const spool = new MemorySpool();
  const sink = new ScriptedSink();
  const { loop } = loopOf(t, spool, sink);
  await loop.accept(record(4));
  await loop.accept(record(4));
  mock.timers.tick(500);
  await loop.accept(record(4));
  // Twelve rows, and a batch holds at most ten: 8 go now, without the clock moving.
  await until(() => sink.writes.length === 1, 'the full batch');
  assert.deepEqual(sink.writes.map((w) => [w.rowCount, w.txn?.version]), [[8, 2]]);
  mock.timers.tick(999);
  await turns();
  assert.equal(sink.writes.length, 1, 'the 4 rows left are younger than the age limit');
  mock.timers.tick(1);
  await until(() => sink.writes.length === 2, 'the rest');
  assert.deepEqual(sink.writes.map((w) => [w.rowCount, w.txn?.version]), [[8, 2], [4, 3]]);
  await until(() => spool.acked.length === 3, 'every ack');
  assert.deepEqual(spool.acked, [1, 2, 3]);
});

test('a batch stops at the byte limit, counted on the whole spooled record', async (t) => {
  const spool = new MemorySpool();
  const sink = new ScriptedSink();
  // Each record: a header of 8 + the table name's length, and a 1,000-byte body.
  const big = (): SpoolRecord => ({ ...record(1), body: Buffer.alloc(1000, 0x20) });
  const { loop } = loopOf(t, spool, sink, { maxRows: 100, maxBytes: 2500, maxAgeMs: 0 });
  for (let i = 0; i < 5; i++) await loop.accept(big());
  await until(() => sink.writes.length === 3, 'three batches');
  assert.deepEqual(sink.writes.map((w) => w.records), [2, 2, 1]);
});

test('records of one group commit go in one batch, in sequence order', async (t) => {
  const spool = new MemorySpool();
  const sink = new ScriptedSink();
  const { loop } = loopOf(t, spool, sink, { maxRows: 10, maxBytes: 1 << 20, maxAgeMs: 0 });
  spool.hold = true;
  const accepted = [loop.accept(record(1)), loop.accept(record(1)), loop.accept(record(1))];
  spool.release();
  assert.deepEqual(await Promise.all(accepted), [{ status: 'spooled' }, { status: 'spooled' }, { status: 'spooled' }]);
  await until(() => sink.writes.length === 1, 'the batch');
  await turns();
  // The first record was due at once, yet its batch started only after the other two were enqueued.
  assert.deepEqual(sink.writes.map((w) => [w.records, w.txn?.version]), [[3, 3]]);
  await until(() => spool.acked.length === 3, 'the acks');
  assert.deepEqual(spool.acked, [1, 2, 3]);
});

test('a failed batch is retried after a jittered, growing delay, and at no sooner than the sink asks', async (t) => {
  const spool = new MemorySpool();
  const sink = new ScriptedSink();
  sink.outcomes = [
    { status: 'retryable', error: new Error('down') },
    { status: 'retryable', error: new Error('down') },
    { status: 'retryable', error: new Error('busy'), afterMs: 5000 },
  ];
  const { loop, events } = loopOf(t, spool, sink, { maxRows: 10, maxBytes: 1 << 20, maxAgeMs: 0 });
  await loop.accept(record(3));
  mock.timers.tick(0);
  await until(() => events.retrying.length === 1, 'the first failure');
  const [first] = events.retrying;
  assert.ok(first >= 50 && first <= 100, `first delay ${first} ms: between half and all of 100 ms`);
  mock.timers.tick(first - 1);
  await turns();
  assert.equal(sink.writes.length, 1, 'not retried before the delay');
  mock.timers.tick(1);
  await until(() => events.retrying.length === 2, 'the second failure');
  const second = events.retrying[1];
  assert.ok(second >= 100 && second <= 200, `second delay ${second} ms: between half and all of 200 ms`);
  mock.timers.tick(second);
  await until(() => events.retrying.length === 3, 'the third failure');
  assert.equal(events.retrying[2], 5000, 'the delay the sink asked for is a floor');
  mock.timers.tick(5000);
  await until(() => events.committed.length === 1, 'the commit');
  assert.deepEqual(sink.writes.map((w) => w.txn?.version), [1, 1, 1, 1], 'the same batch each time');
  await until(() => spool.acked.length === 1, 'the ack');
});

test('a batch that fails for good goes to the dead letters, is recorded as done, and frees the spool', async (t) => {
  const spool = new MemorySpool();
  const sink = new ScriptedSink();
  sink.outcomes = [{ status: 'permanent', error: new Error('schema mismatch') }];
  const { loop, events, progress } = loopOf(t, spool, sink, { maxRows: 10, maxBytes: 1 << 20, maxAgeMs: 0 });
  await loop.accept(record(2));
  await loop.accept(record(2));
  mock.timers.tick(0);
  await until(() => events.deadLettered.length === 1, 'the dead letter');
  assert.ok(existsSync(events.deadLettered[0]), 'the dead-letter file exists');
  assert.equal(progress.doneWith(KEY), 2);
  await until(() => spool.acked.length === 2, 'the acks');
  assert.deepEqual(spool.acked, [1, 2]);
  assert.deepEqual(events.committed, []);
});

test('recovery skips the records the table already holds and exports the rest', async (t) => {
  const spool = new MemorySpool([encodeSpoolRecord(record(1)), encodeSpoolRecord(record(1)), encodeSpoolRecord(record(1))]);
  const sink = new ScriptedSink();
  sink.committed = 2;
  const { loop } = loopOf(t, spool, sink, { maxRows: 10, maxBytes: 1 << 20, maxAgeMs: 0 });
  const recovered = await loop.recover();
  assert.equal(recovered.records, 3);
  assert.equal(recovered.alreadyCommitted, 2);
  assert.deepEqual(spool.acked, [1, 2], 'acknowledged without a write');
  mock.timers.tick(0);
  await until(() => sink.writes.length === 1, 'the export of the rest');
  assert.deepEqual(sink.writes.map((w) => [w.records, w.txn?.version]), [[1, 3]]);
});
