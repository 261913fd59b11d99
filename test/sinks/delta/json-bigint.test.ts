import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseJsonBigInt, stringifyJson } from '../../../src/sinks/delta/json-bigint.js';

test('stringifyJson writes bigints as exact digits and matches JSON.stringify otherwise', () => {
  assert.equal(stringifyJson({ a: 9007199254740993n, b: -9223372036854775808n }), '{"a":9007199254740993,"b":-9223372036854775808}');
  const plain = { s: 'é"\\\n\u2028🚀', n: 1.5, i: -3, t: true, f: false, z: null, arr: [1, 'x', [], {}], o: { k: 'v' } };
  assert.equal(stringifyJson(plain), JSON.stringify(plain));
  assert.equal(stringifyJson({ a: undefined, b: 1 }), '{"b":1}');
  assert.throws(() => stringifyJson(NaN), /JSON cannot represent NaN/);
});

test('parseJsonBigInt gives integer literals as bigints, other numbers as numbers', () => {
  assert.deepStrictEqual(parseJsonBigInt(' {"a": 9007199254740993, "b": [-1, 2.5, 1e3, 0], "c": "x\\"y", "d": null, "e": true} '), {
    a: 9007199254740993n,
    b: [-1n, 2.5, 1000, 0n],
    c: 'x"y',
    d: null,
    e: true,
  });
  assert.deepStrictEqual(parseJsonBigInt('"a\\\\"'), 'a\\');
  const proto = parseJsonBigInt('{"__proto__": 1}') as Record<string, unknown>;
  assert.deepStrictEqual(Object.keys(proto), ['__proto__']);
  assert.throws(() => parseJsonBigInt('{"a":1,}'), SyntaxError);
  assert.throws(() => parseJsonBigInt('[1] x'), SyntaxError);
});

test('a round trip keeps every int64 exactly', () => {
  const values = [0n, 1n, -1n, 9007199254740993n, 9223372036854775807n, -9223372036854775808n];
  assert.deepStrictEqual(parseJsonBigInt(stringifyJson({ values })), { values });
});
