import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeHeader, encodeHeader, FRAME_START, HEADER_BYTES, payloadMatches } from '../../src/spool/frame.js';
import { encodeFrame } from './frame-helpers.js';

test('a frame decodes to what was encoded, at any offset', () => {
  const payload = Buffer.from('hello, spool');
  const frame = encodeFrame(Number.MAX_SAFE_INTEGER, 1_700_000_000_123, payload);
  assert.equal(frame.length, HEADER_BYTES + payload.length);
  assert.deepEqual(frame.subarray(0, 4), FRAME_START);
  const shifted = Buffer.concat([Buffer.from('xyz'), frame]);
  const header = decodeHeader(shifted, 3);
  assert.ok(header);
  assert.equal(header.seq, Number.MAX_SAFE_INTEGER);
  assert.equal(header.appendedAtMs, 1_700_000_000_123);
  assert.equal(header.length, payload.length);
  assert.ok(payloadMatches(header, shifted.subarray(3 + HEADER_BYTES)));
});

test('every single-bit flip in a header is caught by the header CRC (or the magic)', () => {
  const frame = encodeFrame(42, 1, Buffer.from('payload'));
  for (let bit = 0; bit < HEADER_BYTES * 8; bit++) {
    const damaged = Buffer.from(frame);
    damaged[bit >>> 3]! ^= 1 << (bit & 7);
    assert.equal(decodeHeader(damaged), undefined, `bit ${bit}`);
  }
});

test('a flipped payload byte fails the payload CRC, and a short payload fails its length', () => {
  const payload = Buffer.from('some payload bytes');
  const header = decodeHeader(encodeHeader(7, 1, [payload]))!;
  const damaged = Buffer.from(payload);
  damaged[5]! ^= 0x10;
  assert.equal(payloadMatches(header, damaged), false);
  assert.equal(payloadMatches(header, payload.subarray(1)), false);
  assert.equal(payloadMatches(header, payload), true);
});

test('a header needs all of its bytes, and seqs must be safe integers', () => {
  const frame = encodeFrame(1, 1, Buffer.alloc(0));
  assert.equal(decodeHeader(frame.subarray(0, HEADER_BYTES - 1)), undefined);
  assert.ok(decodeHeader(frame));
  assert.throws(() => encodeHeader(2 ** 53, 1, [Buffer.alloc(0)]), RangeError);
  assert.throws(() => encodeHeader(-1, 1, [Buffer.alloc(0)]), RangeError);
});
