import assert from 'node:assert/strict';
import { open, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { DiskSpool } from '../../src/spool/disk-spool.js';
import { HEADER_BYTES } from '../../src/spool/frame.js';
import { SpoolCorruptionError } from '../../src/spool/spool.js';
import { appendAll, openReplayed, payloadFor, segmentFiles, tempDir } from './helpers.js';

test('records come back across reopens, in seq order, across segment rolls', async (t) => {
  const dir = await tempDir(t);
  const first = await openReplayed(t, dir, { segmentBytes: 4096 });
  assert.deepEqual(first.records, []);
  assert.match(first.spool.id, /^[0-9a-f-]{36}$/);

  const payloads = Array.from({ length: 300 }, (_, i) => payloadFor(i));
  // Half one at a time, half concurrently: both paths through the group-commit loop.
  const refs = [];
  for (const p of payloads.slice(0, 150)) {
    const outcome = await first.spool.append(p);
    assert.ok('ref' in outcome);
    refs.push(outcome.ref);
  }
  refs.push(...(await appendAll(first.spool, payloads.slice(150))));
  assert.deepEqual(refs.map((r) => r.seq), Array.from({ length: 300 }, (_, i) => i + 1));
  for (const [i, ref] of refs.entries()) assert.deepEqual(await first.spool.readAll([ref]), [payloads[i]]);
  await first.spool.close();

  const files = await segmentFiles(dir);
  assert.ok(files.length > 5, `expected several segments, got ${files.length}`);
  // Each file is named by its first seq, zero-padded to 20 digits, and none passes segmentBytes.
  const firstSeqs = new Set(refs.map((r) => r.segment));
  for (const file of files) {
    assert.match(basename(file), /^\d{20}\.seg$/);
    assert.ok(firstSeqs.has(Number(basename(file, '.seg'))));
    assert.ok((await stat(file)).size <= 4096);
  }

  const second = await openReplayed(t, dir, { segmentBytes: 4096 });
  assert.equal(second.spool.id, first.spool.id);
  assert.deepEqual(second.records.map((r) => r.ref), refs);
  assert.deepEqual(second.records.map((r) => r.payload), payloads);
  assert.deepEqual(second.report, {
    records: 300,
    bytes: payloads.reduce((n, p) => n + p.length, 0),
    segments: files.length,
    tornTails: 0,
    truncatedBytes: 0,
    corruptRecords: 0,
    skippedBytes: 0,
  });

  // New appends continue the seqs, and a third open sees both runs.
  const more = await appendAll(second.spool, [payloadFor(1000), payloadFor(1001)]);
  assert.deepEqual(more.map((r) => r.seq), [301, 302]);
  await second.spool.close();
  const third = await openReplayed(t, dir, { segmentBytes: 4096 });
  assert.deepEqual(third.records.map((r) => r.ref.seq), Array.from({ length: 302 }, (_, i) => i + 1));
  assert.deepEqual(third.records.at(-1)!.payload, payloadFor(1001));
});

test('a record larger than a segment gets a segment of its own', async (t) => {
  const dir = await tempDir(t);
  const { spool } = await openReplayed(t, dir, { segmentBytes: 1024 });
  const [small1, big, small2] = await appendAll(spool, [payloadFor(1, 100), payloadFor(2, 5000), payloadFor(3, 100)]);
  assert.equal(small1!.segment, 1);
  assert.equal(big!.segment, 2);
  assert.equal(big!.offset, 0);
  assert.equal(small2!.segment, 3);
  assert.equal((await stat(join(dir, `${'2'.padStart(20, '0')}.seg`))).size, HEADER_BYTES + 5000);
  assert.deepEqual(await spool.readAll([big!]), [payloadFor(2, 5000)]);
});

test('a read checks the checksum of what the disk returns', async (t) => {
  const dir = await tempDir(t);
  const { spool } = await openReplayed(t, dir);
  const [ref] = await appendAll(spool, [payloadFor(1, 64)]);
  const path = join(dir, `${String(ref!.segment).padStart(20, '0')}.seg`);
  const handle = await open(path, 'r+');
  await handle.write(Buffer.from([0xff]), 0, 1, ref!.offset + HEADER_BYTES + 10);
  await handle.close();
  await assert.rejects(spool.readAll([ref!]), SpoolCorruptionError);
  await assert.rejects(spool.readAll([{ ...ref!, seq: ref!.seq + 1 }]), SpoolCorruptionError);
});

test('readAll() reads records next to each other with one read, in the order asked, across segments, checking each', async (t) => {
  const dir = await tempDir(t);
  const { spool } = await openReplayed(t, dir, { segmentBytes: 4096 });
  const payloads = Array.from({ length: 60 }, (_, i) => payloadFor(i));
  const refs = [];
  for (const p of payloads) {
    const outcome = await spool.append(p);
    assert.ok('ref' in outcome);
    refs.push(outcome.ref);
  }
  assert.ok(new Set(refs.map((r) => r.segment)).size > 2, 'several segments');
  assert.deepEqual(await spool.readAll(refs), payloads);
  // Out of order and with gaps: each comes back where it was asked for.
  const picked = [refs[40], refs[3], refs[4], refs[5], refs[59], refs[0]];
  assert.deepEqual(await spool.readAll(picked), [40, 3, 4, 5, 59, 0].map((i) => payloads[i]));
  // Neighbours in one segment come with one read: one buffer of their own, not Node's pool.
  assert.equal(refs[3].segment, refs[4].segment);
  const [a, b] = await spool.readAll([refs[3], refs[4]]);
  assert.equal(a.buffer, b.buffer);
  assert.equal(a.buffer.byteLength, 2 * HEADER_BYTES + refs[3].length + refs[4].length, 'a buffer of the run alone');

  const victim = refs[4];
  const handle = await open(join(dir, `${String(victim.segment).padStart(20, '0')}.seg`), 'r+');
  await handle.write(Buffer.from([0xff]), 0, 1, victim.offset + HEADER_BYTES + 10);
  await handle.close();
  await assert.rejects(spool.readAll([refs[3], victim, refs[5]]), (error: Error) => {
    assert.ok(error instanceof SpoolCorruptionError);
    assert.match(error.message, new RegExp(`^record ${victim.seq} `));
    return true;
  });
  assert.deepEqual(await spool.readAll([refs[3], refs[5]]), [payloads[3], payloads[5]]);
});

test('the lifecycle is enforced: replay once, before appends; nothing after close', async (t) => {
  const dir = await tempDir(t);
  const spool = await DiskSpool.open(dir, { maxBytes: 1 << 20 });
  await assert.rejects(spool.append(Buffer.from('x')), /replay\(\) first/);
  await spool.replay(() => {});
  await assert.rejects(spool.replay(() => {}), /runs once/);
  assert.ok('ref' in (await spool.append(Buffer.from('x'))));
  await assert.rejects(spool.append(Buffer.alloc(2 << 20)), RangeError);
  await spool.close();
  await assert.rejects(spool.append(Buffer.from('x')), /closed/);
  assert.match((await readFile(join(dir, 'spool-id'), 'utf8')).trim(), /^[0-9a-f-]{36}$/);
});

test('a replay callback that throws fails the replay, and the next open replays everything again', async (t) => {
  const dir = await tempDir(t);
  const { spool } = await openReplayed(t, dir);
  await appendAll(spool, [payloadFor(1), payloadFor(2), payloadFor(3)]);
  await spool.close();
  const broken = await DiskSpool.open(dir, { maxBytes: 1 << 20 });
  let seen = 0;
  await assert.rejects(
    broken.replay(() => {
      if (++seen === 2) throw new Error('consumer failed');
    }),
    /consumer failed/,
  );
  await assert.rejects(broken.append(Buffer.from('x')), /failed/);
  await broken.close();
  const again = await openReplayed(t, dir);
  assert.deepEqual(again.records.map((r) => r.ref.seq), [1, 2, 3]);
});

test('oldestUnackedAppendMs follows the oldest record not yet acknowledged', async (t) => {
  const dir = await tempDir(t);
  const { spool } = await openReplayed(t, dir, { segmentBytes: 300 });
  assert.equal(spool.stats().oldestUnackedAppendMs, null);
  const before = Date.now();
  const refs = await appendAll(spool, [payloadFor(1), payloadFor(2)]);
  const oldest = spool.stats().oldestUnackedAppendMs!;
  assert.ok(oldest >= before && oldest <= Date.now(), `${oldest}`);
  for (const ref of refs) spool.ack(ref);
  assert.equal(spool.stats().oldestUnackedAppendMs, null);
  assert.equal(spool.stats().records, 0);
});

test('a record appended in parts is one record: read back and replayed whole, its checksum over all parts', async (t) => {
  const dir = await tempDir(t);
  const first = await openReplayed(t, dir);
  const parts = [Buffer.from('header|'), Buffer.alloc(0), payloadFor(7), Buffer.from('|tail')];
  const whole = Buffer.concat(parts);
  const outcome = await first.spool.append(parts);
  assert.ok('ref' in outcome);
  assert.equal(outcome.ref.length, whole.length);
  assert.deepEqual(await first.spool.readAll([outcome.ref]), [whole]);
  await first.spool.close();
  const second = await openReplayed(t, dir);
  assert.deepEqual(second.records.map((r) => r.payload), [whole]);
  assert.equal(second.report.corruptRecords, 0);
});
