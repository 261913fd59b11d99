import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StringColumn } from '../../../src/sinks/delta/parquet/string-column.js';

/** PLAIN BYTE_ARRAY values (Encodings.md): a 4-byte little-endian length, then the UTF-8 bytes. */
function plain(values: readonly string[]): Uint8Array {
  return Buffer.concat(
    values.map((v) => {
      const bytes = Buffer.from(v, 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32LE(bytes.length);
      return Buffer.concat([length, bytes]);
    }),
  );
}

function pushAll(column: StringColumn, values: readonly string[]): StringColumn {
  for (const v of values) column.push(v);
  return column;
}

test('repeating values make a dictionary in first-seen order, with an index per value', () => {
  const values = Array.from({ length: 3000 }, (_, i) => ['gauge', 'sum', 'histogram', 'é ✓ 🚀'][(i * 7) % 4]);
  const column = pushAll(new StringColumn(), values);
  const dictionary = column.dictionary();
  assert.ok(dictionary);
  assert.deepEqual(dictionary.values, ['gauge', 'é ✓ 🚀', 'histogram', 'sum']);
  assert.deepEqual([...dictionary.indices], values.map((v) => dictionary.values.indexOf(v)));
  assert.equal(column.count, 3000);
});

test('mostly distinct values are given up on after 1,024 and written PLAIN, in order, the earlier ones too', () => {
  const values = Array.from({ length: 5000 }, (_, i) => `id-${i}-${'x'.repeat(i % 40)}`);
  const column = pushAll(new StringColumn(), values);
  assert.equal(column.dictionary(), null);
  assert.deepEqual(column.plainBytes(), plain(values));

  // Given up on for good, though the rest would have made the file's values a dictionary's.
  const then = [...Array.from({ length: 1024 }, (_, i) => `first-${i}`), ...Array.from({ length: 20_000 }, () => 'same')];
  const late = pushAll(new StringColumn(), then);
  assert.equal(late.dictionary(), null);
  assert.deepEqual(late.plainBytes(), plain(then));
});

test('more than a quarter of the values distinct at the end (at least 64): PLAIN, though the first 1,024 repeated', () => {
  const values = [...Array.from({ length: 1024 }, (_, i) => `v${i % 8}`), ...Array.from({ length: 400 }, (_, i) => `u${i}`)];
  const column = pushAll(new StringColumn(), values);
  assert.equal(column.dictionary(), null);
  assert.deepEqual(column.plainBytes(), plain(values));

  // 64 distinct of 100 values is still a dictionary: below 64 distinct, it always is.
  const few = Array.from({ length: 100 }, (_, i) => `w${i % 64}`);
  assert.equal(pushAll(new StringColumn(), few).dictionary()?.values.length, 64);
});

test('past 65,536 distinct values the dictionary is given up on even where a quarter would allow it', () => {
  const values = Array.from({ length: 300_000 }, (_, i) => `k${i < 1024 ? i % 4 : i % 70_000}`);
  const column = pushAll(new StringColumn(), values);
  assert.equal(column.dictionary(), null);
  assert.deepEqual(column.plainBytes(), plain(values));
});

test('a column reset after a PLAIN file encodes the next file the same as a new one', () => {
  const column = pushAll(new StringColumn(), Array.from({ length: 2000 }, (_, i) => `body ${i} ${'y'.repeat(200)}`));
  assert.equal(column.dictionary(), null);
  column.reset();
  assert.equal(column.count, 0);
  const next = ['a', 'b', 'a', 'c', 'b'];
  pushAll(column, next);
  assert.deepEqual(column.dictionary(), pushAll(new StringColumn(), next).dictionary());
  column.reset();
  const distinct = Array.from({ length: 1500 }, (_, i) => `z${i}`);
  pushAll(column, distinct);
  assert.equal(column.dictionary(), null);
  assert.deepEqual(column.plainBytes(), plain(distinct));
});
