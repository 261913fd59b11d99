import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hex16, hex8 } from '../../../src/rows/wire/hex.js';

// Every byte value at every position of an id, against Node's own hex encoder.
const bytes = Buffer.from(Array.from({ length: 256 + 16 }, (_, i) => (i * 37 + (i >> 8)) & 0xff));

test('hex8 writes 8 bytes as Buffer#toString("hex") does, at any offset', () => {
  for (let at = 0; at + 8 <= bytes.length; at++) {
    assert.equal(hex8(bytes, at), bytes.toString('hex', at, at + 8));
  }
});

test('hex16 writes 16 bytes as Buffer#toString("hex") does, at any offset', () => {
  for (let at = 0; at + 16 <= bytes.length; at++) {
    assert.equal(hex16(bytes, at), bytes.toString('hex', at, at + 16));
  }
});

test('all 256 byte values come out as their two lowercase digits', () => {
  const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  const seen = new Set<number>();
  for (let at = 0; at < 256; at += 16) {
    assert.equal(hex16(all, at), all.toString('hex', at, at + 16));
    for (let k = 0; k < 16; k++) seen.add(all[at + k]);
  }
  assert.equal(seen.size, 256);
  assert.equal(hex8(Buffer.from([0, 1, 0xa, 0xf, 0x10, 0x7f, 0x80, 0xff]), 0), '00010a0f107f80ff');
});
