import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { MapEntries, Row } from '../../../src/rows/row.js';
import type { Field } from '../../../src/schema/types.js';
import { decodeParquet } from '../../../src/sinks/delta/parquet/decode.js';
import { encodeParquet } from '../../../src/sinks/delta/parquet/encode.js';
import { query, readParquetRows, sqlString } from './duckdb.js';
import { tempDir } from './temp-dir.js';

/**
 * A file large enough to reach the paths the table fixtures' few rows never do: runs of every
 * length around 8 (RLE against bit-packed groups, a run starting inside a group), dictionary
 * indices from 1 to 13 bits wide, a dictionary given up on, nulls at every depth, pages of a few
 * bytes up to a few hundred KiB (GZIP with windows from the smallest to 32 KiB), levels of lists
 * and maps. DuckDB, an independent reader, must give every row back.
 */

const string = { kind: 'primitive', name: 'string' } as const;
const COLUMNS: Field[] = [
  { name: 'flag', type: string },
  { name: 'word', type: string },
  { name: 'wide', type: string },
  { name: 'id', type: string },
  { name: 'n', type: { kind: 'primitive', name: 'long' } },
  { name: 'x', type: { kind: 'primitive', name: 'double' } },
  {
    name: 's',
    type: {
      kind: 'struct',
      fields: [
        { name: 'k', type: { kind: 'primitive', name: 'int' } },
        { name: 'list', type: { kind: 'array', element: { kind: 'primitive', name: 'long' } } },
      ],
    },
  },
  { name: 'm', type: { kind: 'map', key: string, value: string } },
];

/** mulberry32: a small seeded generator, so that the file is the same on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function rowsWithRuns(count: number, seed = 16): Row[] {
  const next = random(seed);
  const pick = (n: number) => Math.floor(next() * n);
  const rows: Row[] = [];
  // Each column's value holds for a run of 1 to 20 rows, so runs straddle the groups of 8.
  let flag: string | null = 'a';
  let word: string | null = 'w0';
  let wide = 'v0';
  let runs = [0, 0, 0];
  for (let i = 0; i < count; i++) {
    if (runs[0]-- <= 0) [flag, runs[0]] = [pick(5) === 0 ? null : pick(2) ? 'a' : 'b', pick(20)];
    if (runs[1]-- <= 0) [word, runs[1]] = [pick(9) === 0 ? null : `w${pick(12)}`, pick(12)];
    if (runs[2]-- <= 0) [wide, runs[2]] = [`v${pick(6000)}`, pick(4) + 1];
    const entries: MapEntries = [];
    for (let e = pick(5); e > 0; e--) entries.push([`k${entries.length}`, pick(4) === 0 ? null : `m${pick(40)}`]);
    const list = pick(6) === 0 ? null : Array.from({ length: pick(12) }, () => BigInt(pick(1000)) - 500n);
    rows.push({
      flag,
      word,
      wide,
      id: pick(50) === 0 ? null : `${i.toString(16).padStart(8, '0')}${pick(1 << 30).toString(16)}`,
      n: i % 97 === 0 ? null : BigInt(i) * 1_000_003n,
      x: pick(3) === 0 ? null : next() * 1e6,
      s: pick(7) === 0 ? null : { k: pick(4) === 0 ? null : pick(200), list },
      m: pick(8) === 0 ? null : entries,
    });
  }
  return rows;
}

test('runs, wide dictionaries, nulls at every depth and large pages read back exactly in DuckDB', async (t) => {
  const rows = rowsWithRuns(40_000);
  const file = join(await tempDir(t), 'runs.parquet');
  await writeFile(file, encodeParquet({ columns: COLUMNS }, rows));
  assert.deepStrictEqual(await readParquetRows(COLUMNS, [file]), rows);
  // The cases above were reached: a dictionary on `wide` (13-bit indices), none on `id`, and GZIP.
  const chunks = await query(
    `SELECT path_in_schema AS path, encodings, compression FROM parquet_metadata(${sqlString(file)}) ORDER BY column_id`,
  );
  const of = (path: string) => chunks.find((c) => c.path === path)!;
  assert.match(String(of('wide').encodings), /DICTIONARY/);
  assert.doesNotMatch(String(of('id').encodings), /DICTIONARY/);
  assert.equal(of('id').compression, 'GZIP');
});

test('files of different sizes in turn (arrays sized from the previous file) read back exactly', () => {
  // The same leaves in every file: each file starts from the arrays of the one before, which
  // held other values (another seed) at the same positions.
  for (const [seed, count] of [6_000, 15, 0, 12_000, 3_000].entries()) {
    const rows = rowsWithRuns(count, seed + 1);
    assert.deepStrictEqual(decodeParquet(encodeParquet({ columns: COLUMNS }, rows)), rows, `${count} rows`);
  }
});
