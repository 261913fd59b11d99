import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exportLag, type Entry, type Lane } from '../../src/export/batch.js';

const lane = (spooledAt: number[], attempts = 0, flowingSince = 0): Lane =>
  ({ entries: spooledAt.map((t) => ({ spooledAt: t }) as Entry), attempts, flowingSince }) as unknown as Lane;

test('the lag is the wait of the oldest request past its batch age, over the lanes that are exporting', () => {
  // Local batches (500 ms): a request spooled 2 s ago is 1.5 s behind.
  assert.equal(exportLag([lane([8_000, 9_000]), lane([9_500])], 10_000, 500), 1_500);
  // Not yet due: no lag, however long the batch age (the warehouse waits 30 s by design).
  assert.equal(exportLag([lane([5_000])], 10_000, 30_000), 0);
  assert.equal(exportLag([lane([])], 10_000, 500), 0);
  // A lane backing off from a failing sink is left out: the spool absorbs the outage.
  assert.equal(exportLag([lane([1_000], 3)], 10_000, 500), 0);
  // After an outage, the backlog is judged from when the lane could export again.
  assert.equal(exportLag([lane([1_000], 0, 9_000)], 10_000, 500), 1_000);
});
