import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toDouble, toInt, toLong, toLongArray } from '../../src/rows/numbers.js';

describe('numbers', () => {
  it('keeps 64-bit values that fit a LONG exactly', () => {
    assert.equal(toLong(0n), 0n);
    assert.equal(toLong(1_700_000_000_123_456_789n), 1_700_000_000_123_456_789n);
    assert.equal(toLong(2n ** 63n - 1n), 2n ** 63n - 1n);
    assert.equal(toLong(-(2n ** 63n)), -(2n ** 63n));
  });

  it('stores an unsigned 64-bit value past 2^63-1 as the same bits', () => {
    assert.equal(toLong(2n ** 63n), -(2n ** 63n));
    assert.equal(toLong(2n ** 64n - 1n), -1n);
    assert.equal(BigInt.asUintN(64, toLong(2n ** 64n - 2n)), 2n ** 64n - 2n);
  });

  it('returns the same array when every value fits, a converted copy when not', () => {
    const fits = [0n, 5n, 2n ** 63n - 1n];
    assert.equal(toLongArray(fits), fits);
    const wide = [1n, 2n ** 64n - 1n];
    assert.deepEqual(toLongArray(wide), [1n, -1n]);
    assert.deepEqual(wide, [1n, 2n ** 64n - 1n], 'the request is not changed');
  });

  it('stores a uint32 past 2^31-1 as the same bits in an INT', () => {
    assert.equal(toInt(0), 0);
    assert.equal(toInt(2 ** 31 - 1), 2 ** 31 - 1);
    assert.equal(toInt(-5), -5);
    assert.equal(toInt(2 ** 31), -(2 ** 31));
    assert.equal(toInt(0xffff_ffff), -1);
    assert.equal(toInt(0xffff_ffff) >>> 0, 0xffff_ffff);
  });

  it('converts asInt to the nearest double and keeps doubles and NULL', () => {
    assert.equal(toDouble(42n), 42);
    assert.equal(toDouble(2n ** 53n + 1n), 2 ** 53);
    assert.equal(toDouble(-(2n ** 63n)), -(2 ** 63));
    assert.equal(toDouble(0.25), 0.25);
    assert.ok(Number.isNaN(toDouble(NaN)));
    assert.equal(toDouble(null), null);
  });
});
