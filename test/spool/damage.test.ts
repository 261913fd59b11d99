import assert from 'node:assert/strict';
import { cp, open, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { HEADER_BYTES } from '../../src/spool/frame.js';
import { encodeFrame } from './frame-helpers.js';
import type { RecordRef } from '../../src/spool/spool.js';
import { appendAll, openReplayed, payloadFor, segmentFiles, tempDir } from './helpers.js';

const COUNT = 10;

/** A closed spool holding records 1..COUNT in its first segment, and the refs of those records. */
async function tenRecords(t: TestContext, payloads = Array.from({ length: COUNT }, (_, i) => payloadFor(i + 1))) {
  const dir = await tempDir(t);
  const { spool } = await openReplayed(t, dir);
  const refs = await appendAll(spool, payloads);
  await spool.close();
  const [segment] = await segmentFiles(dir);
  return { dir, segment: segment!, refs, payloads };
}

/** A copy of the spool in `dir`, to damage without touching the original. */
async function copyOf(t: TestContext, dir: string): Promise<{ dir: string; segment: string }> {
  const copy = await tempDir(t);
  await cp(dir, copy, { recursive: true });
  return { dir: copy, segment: (await segmentFiles(copy))[0]! };
}

async function flipByte(path: string, offset: number): Promise<void> {
  const handle = await open(path, 'r+');
  const byte = Buffer.alloc(1);
  await handle.read(byte, 0, 1, offset);
  byte[0]! ^= 0x5a;
  await handle.write(byte, 0, 1, offset);
  await handle.close();
}

function frameEnd(ref: RecordRef): number {
  return ref.offset + HEADER_BYTES + ref.length;
}

test('a torn tail is cut off at the last whole frame, counted, and never replayed', async (t) => {
  const original = await tenRecords(t);
  const last = original.refs.at(-1)!;
  const cuts = {
    'inside the frame start': last.offset + 2,
    'mid-header (in the length)': last.offset + 5,
    'mid-header (in the CRCs)': last.offset + HEADER_BYTES - 1,
    'header only': last.offset + HEADER_BYTES,
    'mid-payload': last.offset + HEADER_BYTES + Math.floor(last.length / 2),
    'one byte short': frameEnd(last) - 1,
  };
  for (const [where, cutAt] of Object.entries(cuts)) {
    const { dir, segment } = await copyOf(t, original.dir);
    await truncate(segment, cutAt);
    const { spool, records, report } = await openReplayed(t, dir);
    assert.deepEqual(records.map((r) => r.ref), original.refs.slice(0, -1), where);
    assert.deepEqual(records.map((r) => r.payload), original.payloads.slice(0, -1), where);
    assert.equal(report.tornTails, 1, where);
    assert.equal(report.truncatedBytes, cutAt - last.offset, where);
    assert.equal(report.corruptRecords, 0, where);
    assert.equal((await stat(segment)).size, last.offset, `${where}: file cut back to the last whole frame`);

    // Appends go on after it, with seqs past any the torn frame could have had, and replay cleanly.
    const [next] = await appendAll(spool, [payloadFor(99)]);
    assert.ok(next!.seq > last.seq, where);
    await spool.close();
    const again = await openReplayed(t, dir);
    assert.deepEqual(again.records.map((r) => r.ref), [...original.refs.slice(0, -1), next], where);
    assert.equal(again.report.tornTails, 0, where);
  }
});

test('a last frame that fails its checksum, or zeros after the end, are a torn tail too', async (t) => {
  const original = await tenRecords(t);
  const last = original.refs.at(-1)!;

  const flipped = await copyOf(t, original.dir);
  await flipByte(flipped.segment, last.offset + HEADER_BYTES + 3);
  const a = await openReplayed(t, flipped.dir);
  assert.deepEqual(a.records.map((r) => r.ref.seq), original.refs.slice(0, -1).map((r) => r.seq));
  assert.deepEqual([a.report.tornTails, a.report.truncatedBytes], [1, HEADER_BYTES + last.length]);
  // The lost record's seq may have been handed out already: the next one is past it.
  const [next] = await appendAll(a.spool, [payloadFor(99)]);
  assert.ok(next!.seq > last.seq);

  // A file extended without its data (what a crash can leave on some file systems) reads as zeros.
  const zeros = await copyOf(t, original.dir);
  await writeFile(zeros.segment, Buffer.alloc(4096), { flag: 'a' });
  const b = await openReplayed(t, zeros.dir);
  assert.equal(b.records.length, COUNT);
  assert.deepEqual([b.report.tornTails, b.report.truncatedBytes], [1, 4096]);
  assert.equal((await stat(zeros.segment)).size, frameEnd(last));
});

test('a damaged record in the middle is skipped and counted; every other record is replayed', async (t) => {
  const original = await tenRecords(t);
  const victim = original.refs[4]!;
  const damage = {
    'a payload byte': victim.offset + HEADER_BYTES + 7,
    'the length field': victim.offset + 5,
    'the seq': victim.offset + 9,
    'the magic': victim.offset,
    'the header CRC': victim.offset + HEADER_BYTES - 1,
  };
  for (const [where, at] of Object.entries(damage)) {
    const { dir, segment } = await copyOf(t, original.dir);
    await flipByte(segment, at);
    const { records, report } = await openReplayed(t, dir);
    const expected = original.refs.filter((r) => r !== victim);
    assert.deepEqual(records.map((r) => r.ref), expected, where);
    assert.deepEqual(records.map((r) => r.payload), original.payloads.filter((_, i) => i !== 4), where);
    assert.equal(report.corruptRecords, 1, where);
    assert.equal(report.skippedBytes, HEADER_BYTES + victim.length, where);
    assert.equal(report.tornTails, 0, where);
    // The segment is left as it is: the damage is found (and counted) again at the next replay.
    assert.equal((await stat(segment)).size, frameEnd(original.refs.at(-1)!), where);
  }
});

test('damage over several records counts each record lost; damage at the start of a segment too', async (t) => {
  const original = await tenRecords(t);
  const { dir, segment } = await copyOf(t, original.dir);
  // Records 1, and 4..6 (three frames' headers) are overwritten.
  for (const i of [0, 3, 4, 5]) await flipByte(segment, original.refs[i]!.offset + 6);
  const { records, report } = await openReplayed(t, dir);
  assert.deepEqual(records.map((r) => r.ref.seq), [2, 3, 7, 8, 9, 10]);
  assert.equal(report.corruptRecords, 4);
  assert.equal(report.skippedBytes, [0, 3, 4, 5].reduce((n, i) => n + HEADER_BYTES + original.refs[i]!.length, 0));
});

test('a frame carried inside a payload is not mistaken for a record when its carrier is damaged', async (t) => {
  // Record 5's payload is itself a valid frame (with a seq far ahead), as a client could send.
  const payloads = Array.from({ length: COUNT }, (_, i) => payloadFor(i + 1));
  payloads[4] = Buffer.concat([Buffer.from('prefix'), encodeFrame(1000, Date.now(), Buffer.from('impostor')), Buffer.from('suffix')]);
  const original = await tenRecords(t, payloads);
  const { dir, segment } = await copyOf(t, original.dir);
  await flipByte(segment, original.refs[4]!.offset + 5);
  const { records, report } = await openReplayed(t, dir);
  assert.deepEqual(records.map((r) => r.ref.seq), [1, 2, 3, 4, 6, 7, 8, 9, 10]);
  assert.equal(report.corruptRecords, 1);
});

test('a segment that is garbage from its first byte is reported as a torn tail, and deleted', async (t) => {
  const original = await tenRecords(t);
  const { dir, segment } = await copyOf(t, original.dir);
  const size = (await stat(segment)).size;
  await writeFile(segment, Buffer.alloc(size, 0xab));
  const { spool, records, report } = await openReplayed(t, dir);
  assert.equal(records.length, 0);
  assert.deepEqual([report.tornTails, report.truncatedBytes], [1, size]);
  // Up to size / HEADER_BYTES records may have been lost with their seqs: new seqs start past them.
  const [next] = await appendAll(spool, [payloadFor(1)]);
  assert.ok(next!.seq > Math.ceil(size / HEADER_BYTES), `${next!.seq}`);
  await spool.settle();
  // Cut to nothing, it holds no records and is not the newest: it is deleted.
  assert.deepEqual(await segmentFiles(dir), [join(dir, `${String(next!.segment).padStart(20, '0')}.seg`)]);
});

test('segments larger than the scan window: frames across chunks, one larger than a chunk, damage over megabytes', async (t) => {
  const sizes = [700_000, 900_000, 3_000_000, 123, 1_500_000, 64 * 1024 - 7, 2_000_000, 10];
  const payloads = sizes.map((size, i) => payloadFor(i + 1, size));
  const dir = await tempDir(t);
  const { spool } = await openReplayed(t, dir, { segmentBytes: 32 * 1024 * 1024, sync: false });
  const refs = await appendAll(spool, payloads);
  await spool.close();
  const segment = (await segmentFiles(dir))[0]!;
  assert.ok(refs.every((r) => r.segment === refs[0]!.segment));

  const clean = await copyOf(t, dir);
  const whole = await openReplayed(t, clean.dir, { sync: false });
  assert.deepEqual(whole.records.map((r) => r.payload), payloads);

  // The 3 MB record's length field is damaged: the scan must search 3 MB for the next frame.
  await flipByte(segment, refs[2]!.offset + 4);
  // And the last frame is torn.
  await truncate(segment, frameEnd(refs.at(-1)!) - 1);
  const { records, report } = await openReplayed(t, dir, { sync: false });
  assert.deepEqual(records.map((r) => r.ref.seq), [1, 2, 4, 5, 6, 7]);
  assert.deepEqual(records.map((r) => r.payload), payloads.filter((_, i) => i !== 2 && i !== 7));
  assert.equal(report.corruptRecords, 1);
  assert.equal(report.skippedBytes, HEADER_BYTES + 3_000_000);
  assert.equal(report.tornTails, 1);
});
