import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { test } from 'node:test';
import { frameBytes } from '../../src/spool/frame.js';
import type { RecordRef } from '../../src/spool/spool.js';
import { appendAll, openReplayed, payloadFor, segmentFiles, tempDir } from './helpers.js';

const segmentOf = (path: string) => Number(basename(path, '.seg'));

test('a segment goes once all its records are acknowledged, except the newest', async (t) => {
  const dir = await tempDir(t);
  const { spool } = await openReplayed(t, dir, { segmentBytes: 1024 });
  const refs = await appendAll(spool, Array.from({ length: 20 }, (_, i) => payloadFor(i, 200)));
  const files = await segmentFiles(dir);
  assert.ok(files.length >= 4);
  const sizes = await Promise.all(files.map(async (f) => (await stat(f)).size));
  assert.equal(spool.stats().bytes, sizes.reduce((a, b) => a + b, 0));

  // All but one record of the first segment: it stays.
  const first = refs.filter((r) => r.segment === segmentOf(files[0]!));
  for (const ref of first.slice(0, -1)) spool.ack(ref);
  spool.ack(first[0]!); // twice: still one record left
  await spool.settle();
  assert.equal((await segmentFiles(dir))[0], files[0]);

  spool.ack(first.at(-1)!);
  await spool.settle();
  assert.deepEqual(await segmentFiles(dir), files.slice(1));
  assert.equal(spool.stats().bytes, sizes.slice(1).reduce((a, b) => a + b, 0));
  assert.equal(spool.stats().segments, files.length - 1);
  assert.equal(spool.stats().records, 20 - first.length);
  spool.ack(first[0]!); // its segment is gone: a no-op

  // Everything acknowledged: only the active (newest) segment is left.
  for (const ref of refs) spool.ack(ref);
  await spool.settle();
  assert.deepEqual(await segmentFiles(dir), files.slice(-1));
  assert.equal(spool.stats().records, 0);
  assert.equal(spool.stats().segments, 1);
  assert.throws(() => spool.ack({ ...refs.at(-1)!, seq: 10_000 }), RangeError);
});

test('at the cap an append is refused as an outcome, and room comes back as segments go', async (t) => {
  const dir = await tempDir(t);
  const record = frameBytes(200);
  const { spool } = await openReplayed(t, dir, { segmentBytes: 4 * record, maxBytes: 16 * record });
  // Far more concurrent appends than fit: the bytes they reserve keep them from overshooting the cap.
  const outcomes = await Promise.all(Array.from({ length: 40 }, (_, i) => spool.append(payloadFor(i, 200))));
  const refs = outcomes.flatMap((o) => ('ref' in o ? [o.ref] : []));
  assert.equal(refs.length, 16);
  assert.equal(outcomes.filter((o) => 'full' in o).length, 24);
  assert.equal(spool.stats().bytes, 16 * record);
  assert.equal(spool.hasRoom(), false);
  assert.deepEqual(await spool.append(payloadFor(99, 200)), { full: true });

  // The first segment acknowledged: its 4 records' room comes back once it is deleted.
  for (const ref of refs.slice(0, 4)) spool.ack(ref);
  await spool.settle();
  assert.equal(spool.stats().bytes, 12 * record);
  assert.equal(spool.hasRoom(200), true);
  const more = await appendAll(spool, Array.from({ length: 4 }, (_, i) => payloadFor(100 + i, 200)));
  assert.ok(more.every((r) => r.seq > refs.at(-1)!.seq));
  assert.deepEqual(await spool.append(payloadFor(99, 200)), { full: true });
});

test('seqs keep growing after every record was acknowledged, every segment deleted, and the spool reopened', async (t) => {
  const dir = await tempDir(t);
  let last = 0;
  let id: string | undefined;
  for (let run = 0; run < 4; run++) {
    const { spool, records } = await openReplayed(t, dir, { segmentBytes: 1024 });
    id ??= spool.id;
    assert.equal(spool.id, id, 'the spool id survives');
    // What the last run left unacknowledged is replayed; acknowledge it, as the export loop would.
    for (const record of records) spool.ack(record.ref);
    const refs: RecordRef[] = await appendAll(spool, Array.from({ length: 12 }, (_, i) => payloadFor(run * 100 + i, 200)));
    assert.ok(refs[0]!.seq > last, `run ${run}: ${refs[0]!.seq} after ${last}`);
    last = refs.at(-1)!.seq;
    for (const ref of refs) spool.ack(ref);
    await spool.close();
    // Only the newest segment is left, holding acknowledged records or none.
    assert.equal((await segmentFiles(dir)).length, 1);
  }
  // A last reopen, acknowledging the replayed records, leaves one empty segment named past every seq.
  const { spool, records } = await openReplayed(t, dir, { segmentBytes: 1024 });
  for (const record of records) spool.ack(record.ref);
  await spool.settle();
  const files = await segmentFiles(dir);
  assert.equal(files.length, 1);
  assert.equal((await stat(files[0]!)).size, 0);
  assert.ok(segmentOf(files[0]!) > last);
  await spool.close();
  const reopened = await openReplayed(t, dir, { segmentBytes: 1024 });
  assert.deepEqual(reopened.records, []);
  const [next] = await appendAll(reopened.spool, [payloadFor(1)]);
  assert.ok(next!.seq > last);
});

test('restarts without appends do not pile up segment files', async (t) => {
  const dir = await tempDir(t);
  for (let run = 0; run < 3; run++) {
    const { spool } = await openReplayed(t, dir);
    await spool.close();
  }
  assert.equal((await segmentFiles(dir)).length, 1);
});
