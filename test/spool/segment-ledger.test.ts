import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SegmentLedger } from '../../src/spool/segment-ledger.js';

test('the ledger counts live records, acks once, and knows the oldest one to the second', () => {
  const ledger = new SegmentLedger(100);
  const times = [10_000, 10_200, 11_500, 11_600, 13_000];
  times.forEach((ms, i) => ledger.add(100 + i, ms));
  assert.equal(ledger.live, 5);
  assert.equal(ledger.oldestLiveAppendMs(), 10_000);
  assert.equal(ledger.ack(100), true);
  assert.equal(ledger.ack(100), false, 'a second ack changes nothing');
  assert.equal(ledger.oldestLiveAppendMs(), 10_000, 'record 101 was appended within the second of the first sample');
  ledger.ack(101);
  ledger.ack(103); // out of order
  assert.equal(ledger.oldestLiveAppendMs(), 11_500);
  ledger.ack(102);
  assert.equal(ledger.oldestLiveAppendMs(), 13_000);
  ledger.ack(104);
  assert.equal(ledger.live, 0);
  assert.equal(ledger.oldestLiveAppendMs(), undefined);
  assert.equal(ledger.holds(99), false);
  assert.equal(ledger.holds(105), false);
  assert.throws(() => ledger.add(104, 0), RangeError);
});

test('the live set grows past its first allocation', () => {
  const ledger = new SegmentLedger(1);
  for (let seq = 1; seq <= 10_000; seq++) ledger.add(seq, seq);
  for (let seq = 1; seq < 10_000; seq++) assert.equal(ledger.ack(seq), true);
  assert.equal(ledger.live, 1);
  assert.equal(ledger.oldestLiveAppendMs(), 9001);
});
