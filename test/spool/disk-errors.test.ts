import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { test } from 'node:test';
import { nodeIo, type SegmentIo } from '../../src/spool/segment-file.js';
import type { AppendOutcome, RecordRef } from '../../src/spool/spool.js';
import { appendAll, openReplayed, payloadFor, segmentFiles, tempDir } from './helpers.js';

function diskError(code: 'EIO' | 'ENOSPC'): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected`), { code });
}

/** The real file calls, with faults switched on and off by the test. */
function faultyIo() {
  const faults = { halfWriteThen: undefined as 'EIO' | 'ENOSPC' | undefined, failSync: false };
  const io: SegmentIo = {
    async writev(handle, buffers, position) {
      if (!faults.halfWriteThen) return nodeIo.writev(handle, buffers, position);
      // Half of the group reaches the file, ending inside a frame, then the disk fails.
      const all = Buffer.concat(buffers);
      await handle.write(all, 0, Math.floor(all.length / 2) + 3, position);
      throw diskError(faults.halfWriteThen);
    },
    async datasync(handle) {
      if (faults.failSync) throw diskError('EIO');
      return nodeIo.datasync(handle);
    },
  };
  return { io, faults };
}

const refsOf = (outcomes: PromiseSettledResult<AppendOutcome>[]): RecordRef[] =>
  outcomes.flatMap((o) => (o.status === 'fulfilled' && 'ref' in o.value ? [o.value.ref] : []));

test('a write that fails half-way rejects its group and leaves no half frame behind', async (t) => {
  const dir = await tempDir(t);
  const { io, faults } = faultyIo();
  const { spool } = await openReplayed(t, dir, { io });
  const good = await appendAll(spool, [payloadFor(1), payloadFor(2)]);
  const [segment] = await segmentFiles(dir);
  const sizeBefore = (await stat(segment!)).size;

  faults.halfWriteThen = 'EIO';
  const failed = await Promise.allSettled([3, 4, 5].map((i) => spool.append(payloadFor(i))));
  for (const outcome of failed) {
    assert.equal(outcome.status, 'rejected');
    assert.equal((outcome.reason as NodeJS.ErrnoException).code, 'EIO');
  }
  assert.equal((await stat(segment!)).size, sizeBefore, 'cut back to where the write began');
  assert.equal(spool.stats().bytes, sizeBefore);
  assert.equal(spool.hasRoom(), true, 'the reserved bytes of the failed group are released');

  faults.halfWriteThen = undefined;
  const later = await appendAll(spool, [payloadFor(6), payloadFor(7)]);
  assert.notEqual(later[0]!.segment, good[0]!.segment, 'the next write goes to a new segment');
  await spool.close();

  const { records, report } = await openReplayed(t, dir, { io });
  assert.deepEqual(records.map((r) => r.ref), [...good, ...later]);
  assert.deepEqual(records.map((r) => r.payload), [1, 2, 6, 7].map((i) => payloadFor(i)));
  assert.equal(report.tornTails + report.corruptRecords, 0);
});

test('a failed fdatasync rejects the group: nothing of it is replayed, and appends recover', async (t) => {
  const dir = await tempDir(t);
  const { io, faults } = faultyIo();
  const { spool } = await openReplayed(t, dir, { io });
  const good = await appendAll(spool, [payloadFor(1)]);
  faults.failSync = true;
  const failed = await Promise.allSettled([2, 3].map((i) => spool.append(payloadFor(i))));
  assert.deepEqual(failed.map((o) => o.status), ['rejected', 'rejected']);
  faults.failSync = false;
  const later = await appendAll(spool, [payloadFor(4)]);
  await spool.close();
  const { records } = await openReplayed(t, dir, { io });
  assert.deepEqual(records.map((r) => r.ref), [...good, ...later]);
});

test('a disk that stays full fails every append until it has room again, without piling up files', async (t) => {
  const dir = await tempDir(t);
  const { io, faults } = faultyIo();
  const { spool } = await openReplayed(t, dir, { io });
  const acknowledged = refsOf(await Promise.allSettled([1, 2].map((i) => spool.append(payloadFor(i)))));
  faults.halfWriteThen = 'ENOSPC';
  for (let attempt = 0; attempt < 5; attempt++) {
    const outcomes = await Promise.allSettled([1, 2, 3].map((i) => spool.append(payloadFor(attempt * 10 + i))));
    assert.ok(outcomes.every((o) => o.status === 'rejected' && (o.reason as NodeJS.ErrnoException).code === 'ENOSPC'));
  }
  faults.halfWriteThen = undefined;
  acknowledged.push(...(await appendAll(spool, [payloadFor(100)])));
  await spool.settle();
  // The segments the failed writes left empty are deleted; the first (unacknowledged records) and the active one remain.
  assert.equal((await segmentFiles(dir)).length, 2);
  await spool.close();
  const { records, report } = await openReplayed(t, dir, { io });
  assert.deepEqual(records.map((r) => r.ref), acknowledged);
  assert.equal(report.tornTails + report.corruptRecords, 0);
});
