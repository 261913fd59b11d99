import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeParquet } from '../../../src/sinks/delta/parquet/decode.js';
import { encodeParquet, encodeParquetParts } from '../../../src/sinks/delta/parquet/encode.js';
import { TABLE_SCHEMAS } from '../../../src/schema/tables.js';
import type { ColumnType, Field } from '../../../src/schema/types.js';
import { query, readParquetRows, sqlString } from './duckdb.js';
import { logRows, metricRows } from './fixtures.js';
import { tempDir } from './temp-dir.js';

/** A Parquet schema node as DuckDB's `parquet_schema()` describes it. */
interface Node {
  name: string;
  repetition: string | null;
  type: string | null;
  converted: string | null;
  children: Node[];
}

async function parquetSchemaTree(file: string): Promise<Node> {
  const rows = await query(
    `SELECT name, type, repetition_type, converted_type, num_children FROM parquet_schema(${sqlString(file)})`,
  );
  let i = 0;
  const read = (): Node => {
    const r = rows[i++];
    const node: Node = {
      name: r.name as string,
      repetition: (r.repetition_type as string | null) ?? null,
      type: (r.type as string | null) ?? null,
      converted: (r.converted_type as string | null) ?? null,
      children: [],
    };
    const n = Number(r.num_children ?? 0);
    for (let c = 0; c < n; c++) node.children.push(read());
    return node;
  };
  const root = read();
  assert.equal(i, rows.length);
  return root;
}

const PHYSICAL: Record<string, [string, string | null]> = {
  string: ['BYTE_ARRAY', 'UTF8'],
  long: ['INT64', null],
  int: ['INT32', null],
  double: ['DOUBLE', null],
  boolean: ['BOOLEAN', null],
};

/**
 * The layout Spark writes for a Delta schema: every field optional; MAP as a `key_value` repeated
 * group with a required key; ARRAY as the 3-level `list` / `element` LIST.
 */
function expectedNode(name: string, type: ColumnType, repetition = 'OPTIONAL'): Node {
  switch (type.kind) {
    case 'primitive': {
      const [physical, converted] = PHYSICAL[type.name];
      return { name, repetition, type: physical, converted, children: [] };
    }
    case 'struct':
      return { name, repetition, type: null, converted: null, children: type.fields.map((f) => expectedNode(f.name, f.type)) };
    case 'array':
      return {
        name,
        repetition,
        type: null,
        converted: 'LIST',
        children: [{ name: 'list', repetition: 'REPEATED', type: null, converted: null, children: [expectedNode('element', type.element)] }],
      };
    case 'map':
      return {
        name,
        repetition,
        type: null,
        converted: 'MAP',
        children: [
          {
            name: 'key_value',
            repetition: 'REPEATED',
            type: null,
            converted: null,
            children: [expectedNode('key', type.key, 'REQUIRED'), expectedNode('value', type.value)],
          },
        ],
      };
  }
}

function expectedColumns(columns: readonly Field[]): Node[] {
  return columns.map((c) => expectedNode(c.name, c.type));
}

for (const [kind, rows] of [
  ['logs', logRows()],
  ['metrics', metricRows()],
] as const) {
  const schema = TABLE_SCHEMAS[kind];

  test(`${kind}: the Parquet file has Spark's layout (key_value maps, 3-level lists, optional fields, gzip)`, async (t) => {
    const file = join(await tempDir(t), `${kind}.parquet`);
    await writeFile(file, encodeParquet(schema, rows));
    const root = await parquetSchemaTree(file);
    assert.deepEqual(root.children, expectedColumns(schema.columns));
    // Pages too small to gain from a deflate stream are stored as they are (all of the 3 metric
    // rows'); the log rows' bodies are compressed.
    const codecs = await query(
      `SELECT compression FROM parquet_metadata(${sqlString(file)}) GROUP BY compression ORDER BY max(total_uncompressed_size) DESC`,
    );
    if (kind === 'logs') assert.equal(codecs[0].compression, 'GZIP');
    for (const { compression } of codecs) assert.ok(compression === 'GZIP' || compression === 'UNCOMPRESSED', String(compression));
  });

  test(`${kind}: DuckDB reads back exactly the rows written`, async (t) => {
    const file = join(await tempDir(t), `${kind}.parquet`);
    await writeFile(file, encodeParquet(schema, rows));
    // deepStrictEqual compares with SameValue: NaN matches NaN, and -0 must stay -0.
    assert.deepStrictEqual(await readParquetRows(schema.columns, [file]), rows);
  });

  test(`${kind}: decodeParquet reads back exactly the rows written`, () => {
    assert.deepStrictEqual(decodeParquet(encodeParquet(schema, rows)), rows);
  });

  test(`${kind}: rows given in parts (one per request body) make the same file as in one part`, () => {
    // Enough rows that the leaves sized from the first part must grow; empty parts in between.
    const many = Array.from({ length: 300 }, () => rows).flat();
    const parts = [[], many.slice(0, 1), [], ...Array.from({ length: 60 }, (_, i) => many.slice(1 + i * 30, 31 + i * 30)), many.slice(1801)];
    const pieced = encodeParquetParts(schema, parts);
    const whole = encodeParquetParts(schema, [many]);
    assert.equal(pieced.rows, many.length);
    assert.deepEqual(pieced.bytes, whole.bytes);
    assert.deepEqual(pieced.statistics, whole.statistics);
    assert.deepStrictEqual(decodeParquet(pieced.bytes), many);
  });
}

test('values beyond 2^53 and at the int64 limits survive, as DuckDB sees them', async (t) => {
  const file = join(await tempDir(t), 'big.parquet');
  await writeFile(file, encodeParquet(TABLE_SCHEMAS.logs, logRows()));
  const got = await query(
    `SELECT time_unix_nano::VARCHAR AS t, observed_time_unix_nano::VARCHAR AS o FROM read_parquet(${sqlString(file)})`,
  );
  assert.deepEqual(got, [
    { t: '1700000000123456789', o: '9007199254740993' },
    { t: null, o: null },
    { t: '0', o: '9223372036854775807' },
    { t: '-9223372036854775808', o: '-1' },
  ]);
});

test('empty and NULL maps and arrays stay distinct; map values read by key', async (t) => {
  const file = join(await tempDir(t), 'maps.parquet');
  await writeFile(file, encodeParquet(TABLE_SCHEMAS.metrics, metricRows()));
  const got = await query(`
    SELECT metadata IS NULL AS metadata_null, cardinality(metadata) AS metadata_n,
           map_extract_value(sum.attributes, 'type') AS sum_type, len(sum.exemplars) AS sum_ex_n,
           gauge.exemplars IS NULL AS gauge_ex_null, len(gauge.exemplars) AS gauge_ex_n,
           histogram.exemplars IS NULL AS hist_ex_null, histogram.attributes IS NULL AS hist_attr_null
    FROM read_parquet(${sqlString(file)}) WHERE metric_type IN ('sum', 'gauge', 'histogram')`);
  assert.deepEqual(got, [
    // sum: attributes set, 3 exemplars; no gauge struct at all.
    { metadata_null: false, metadata_n: 1n, sum_type: 'input', sum_ex_n: 3n, gauge_ex_null: true, gauge_ex_n: null, hist_ex_null: true, hist_attr_null: true },
    // gauge: NULL metadata, but an empty (not NULL) exemplar list.
    { metadata_null: true, metadata_n: null, sum_type: null, sum_ex_n: null, gauge_ex_null: false, gauge_ex_n: 0n, hist_ex_null: true, hist_attr_null: true },
    // histogram: the struct is there, its exemplars and attributes are NULL.
    { metadata_null: false, metadata_n: 1n, sum_type: null, sum_ex_n: null, gauge_ex_null: true, gauge_ex_n: null, hist_ex_null: true, hist_attr_null: true },
  ]);
  const empty = await query(`SELECT cardinality(gauge.attributes) AS n FROM read_parquet(${sqlString(file)}) WHERE metric_type = 'gauge'`);
  assert.deepEqual(empty, [{ n: 0n }]);
});

test('a missing key is NULL; a value of the wrong JS type is an error naming the column', () => {
  const columns: Field[] = [
    { name: 'a', type: { kind: 'primitive', name: 'long' } },
    { name: 's', type: { kind: 'struct', fields: [{ name: 'n', type: { kind: 'primitive', name: 'int' } }] } },
  ];
  assert.deepStrictEqual(decodeParquet(encodeParquet({ columns }, [{}, { a: 1n, s: {} }])), [
    { a: null, s: null },
    { a: 1n, s: { n: null } },
  ]);
  assert.throws(() => encodeParquet({ columns }, [{ a: 1 }]), /column a: expected bigint \(LONG\), got number/);
  assert.throws(() => encodeParquet({ columns }, [{ s: { n: 2 ** 31 } }]), /column s\.n: expected a 32-bit integer/);
  assert.throws(() => encodeParquet({ columns }, [{ a: 1n << 63n }]), /column a: expected a bigint in the int64 range/);
  const maps: Field[] = [{ name: 'm', type: { kind: 'map', key: { kind: 'primitive', name: 'string' }, value: { kind: 'primitive', name: 'string' } } }];
  assert.throws(() => encodeParquet({ columns: maps }, [{ m: [[null, 'v']] as never }]), /column m\.key: expected a non-null string/);
});

test('zero rows make a valid, empty file', async (t) => {
  const file = join(await tempDir(t), 'empty.parquet');
  await writeFile(file, encodeParquet(TABLE_SCHEMAS.logs, []));
  assert.deepEqual(await query(`SELECT count(*) AS n FROM read_parquet(${sqlString(file)})`), [{ n: 0n }]);
});
