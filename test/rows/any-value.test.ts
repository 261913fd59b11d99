import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KeyValue } from '../../src/otlp/types.js';
import { anyValueText, attributesMap, doubleText } from '../../src/rows/any-value.js';
import type { MapEntries } from '../../src/rows/row.js';
import { arr, bool, bytes, dbl, EMPTY, int, kv, kvlist, str } from './fixtures.js';

describe('anyValueText: scalars', () => {
  it('writes strings as they are, the empty string included', () => {
    assert.equal(anyValueText(str('héllo "x"\n')), 'héllo "x"\n');
    assert.equal(anyValueText(str('')), '');
  });

  it('writes booleans as true/false', () => {
    assert.equal(anyValueText(bool(true)), 'true');
    assert.equal(anyValueText(bool(false)), 'false');
  });

  it('writes integers in decimal, exactly', () => {
    assert.equal(anyValueText(int(0n)), '0');
    assert.equal(anyValueText(int(-42n)), '-42');
    assert.equal(anyValueText(int(2n ** 53n + 1n)), '9007199254740993');
    assert.equal(anyValueText(int(2n ** 63n - 1n)), '9223372036854775807');
    assert.equal(anyValueText(int(-(2n ** 63n))), '-9223372036854775808');
  });

  it('writes doubles in shortest round-trip form', () => {
    const cases: Array<[number, string]> = [
      [0.1, '0.1'],
      [1.5, '1.5'],
      [0, '0'],
      [-0, '-0'],
      [100, '100'],
      [1e21, '1e+21'],
      [123456789012345680000, '123456789012345680000'],
      [1e-7, '1e-7'],
      [5e-324, '5e-324'],
      [Number.MAX_VALUE, '1.7976931348623157e+308'],
      [NaN, 'NaN'],
      [Infinity, 'Infinity'],
      [-Infinity, '-Infinity'],
    ];
    for (const [n, text] of cases) {
      assert.equal(anyValueText(dbl(n)), text, `double ${text}`);
      assert.equal(doubleText(n), text);
      assert.ok(Object.is(Number(text), n), `${text} reads back as the same double`);
    }
  });

  it('writes bytes in padded standard base64, honouring the view offset', () => {
    assert.equal(anyValueText(bytes(Uint8Array.from([0, 1, 2, 250, 255]))), 'AAEC+v8=');
    assert.equal(anyValueText(bytes(Uint8Array.from([9, 9, 1, 2, 3, 9]).subarray(2, 5))), 'AQID');
    assert.equal(anyValueText(bytes(new Uint8Array(0))), '');
  });

  it('gives NULL for an empty value and a missing one', () => {
    assert.equal(anyValueText(EMPTY), null);
    assert.equal(anyValueText(null), null);
  });
});

describe('anyValueText: arrays and kvlists as compact JSON', () => {
  it('writes every element kind with its JSON type', () => {
    const text = anyValueText(
      arr(
        str('a"b\\c\n\u2028'),
        bool(true),
        bool(false),
        int(-7n),
        int(2n ** 63n - 1n),
        dbl(0.1),
        dbl(1e21),
        dbl(5e-324),
        dbl(-0),
        dbl(NaN),
        dbl(Infinity),
        dbl(-Infinity),
        bytes(Uint8Array.from([0xde, 0xad, 0xbe, 0xef])),
        EMPTY,
        arr(),
        kvlist(),
      ),
    );
    assert.equal(
      text,
      '["a\\"b\\\\c\\n\u2028",true,false,-7,9223372036854775807,0.1,1e+21,5e-324,-0,' +
        '"NaN","Infinity","-Infinity","3q2+7w==",null,[],{}]',
    );
    const parsed = JSON.parse(text!) as unknown[];
    assert.equal(parsed[0], 'a"b\\c\n\u2028');
    assert.ok(Object.is(parsed[8], -0));
  });

  it('writes kvlists as objects, nested arrays and kvlists inside', () => {
    const text = anyValueText(
      kvlist(
        kv('name', str('x')),
        kv('tags', arr(str('a'), int(1n), kvlist(kv('deep', arr(bool(true), EMPTY))))),
        kv('none', null),
        kv('empty', EMPTY),
        kv('big', int(-(2n ** 63n))),
        kv('k"ey', dbl(2.5)),
      ),
    );
    assert.equal(
      text,
      '{"name":"x","tags":["a",1,{"deep":[true,null]}],"none":null,"empty":null,' +
        '"big":-9223372036854775808,"k\\"ey":2.5}',
    );
    assert.doesNotThrow(() => JSON.parse(text!));
  });

  it('keeps each kvlist key once, at its first position, with its last value', () => {
    assert.equal(
      anyValueText(kvlist(kv('a', int(1n)), kv('b', int(2n)), kv('a', int(3n)))),
      '{"a":3,"b":2}',
    );
  });

  it('writes empty arrays and kvlists as [] and {}', () => {
    assert.equal(anyValueText(arr()), '[]');
    assert.equal(anyValueText(kvlist()), '{}');
  });

  it('writes a top-level array holding one empty value as [null]', () => {
    assert.equal(anyValueText(arr(EMPTY)), '[null]');
  });
});

/** The map rule written the obvious way, to compare with the implementation. */
function referenceMap(kvs: KeyValue[]): MapEntries {
  const byKey = new Map<string, string | null>();
  for (const { key, value } of kvs) byKey.set(key, anyValueText(value));
  return [...byKey.entries()];
}

describe('attributesMap', () => {
  it('maps every kind of value by the text rule', () => {
    assert.deepEqual(
      attributesMap([
        kv('s', str('v')),
        kv('', str('empty key')),
        kv('b', bool(false)),
        kv('i', int(2n ** 60n)),
        kv('d', dbl(0.1)),
        kv('bytes', bytes(Uint8Array.from([1]))),
        kv('a', arr(str('x'))),
        kv('m', kvlist(kv('k', str('v')))),
        kv('e', EMPTY),
        kv('n', null),
      ]),
      [
        ['s', 'v'],
        ['', 'empty key'],
        ['b', 'false'],
        ['i', '1152921504606846976'],
        ['d', '0.1'],
        ['bytes', 'AQ=='],
        ['a', '["x"]'],
        ['m', '{"k":"v"}'],
        ['e', null],
        ['n', null],
      ],
    );
  });

  it('is empty for no attributes', () => {
    assert.deepEqual(attributesMap([]), []);
  });

  it('keeps a duplicate key once, at its first position, with the last value', () => {
    assert.deepEqual(attributesMap([kv('a', str('1')), kv('b', str('2')), kv('a', str('3'))]), [
      ['a', '3'],
      ['b', '2'],
    ]);
    // The last value wins even when it is empty.
    assert.deepEqual(attributesMap([kv('a', str('1')), kv('a', EMPTY)]), [['a', null]]);
  });

  it('follows the same rule for long lists (the Map-indexed path)', () => {
    for (const size of [15, 16, 17, 40, 200]) {
      const kvs: KeyValue[] = [];
      for (let i = 0; i < size; i++) kvs.push(kv(`k${(i * 7) % Math.ceil(size / 2)}`, int(BigInt(i))));
      const got = attributesMap(kvs);
      assert.deepEqual(got, referenceMap(kvs), `size ${size}`);
      assert.equal(new Set(got.map(([k]) => k)).size, got.length);
    }
  });
});
