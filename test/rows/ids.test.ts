import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { idHex } from '../../src/rows/ids.js';
import { SPAN_ID, SPAN_ID_HEX, TRACE_ID, TRACE_ID_HEX } from './fixtures.js';

describe('idHex', () => {
  it('writes ids as lowercase hex, leading zero bytes included', () => {
    assert.equal(idHex(TRACE_ID), TRACE_ID_HEX);
    assert.equal(idHex(SPAN_ID), SPAN_ID_HEX);
    const one = new Uint8Array(16);
    one[15] = 1;
    assert.equal(idHex(one), '00000000000000000000000000000001');
    assert.equal(idHex(Uint8Array.from([0xab, 0xcd, 0xef, 0x0f, 0xf0, 0x00, 0x10, 0xff])), 'abcdef0ff00010ff');
  });

  it('gives NULL for an absent id', () => {
    assert.equal(idHex(new Uint8Array(0)), null);
  });

  it('gives NULL for an all-zero id of any length', () => {
    assert.equal(idHex(new Uint8Array(16)), null);
    assert.equal(idHex(new Uint8Array(8)), null);
  });

  it('reads only the bytes of the view', () => {
    const buffer = Uint8Array.from([0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0xff]);
    assert.equal(idHex(buffer.subarray(1, 9)), null);
    assert.equal(idHex(buffer.subarray(2, 10)), '00000000000000ff');
  });
});
