import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toDouble, toInt } from '../../src/rows/numbers.js';

describe('numbers', () => {
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
