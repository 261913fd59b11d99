import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TABLE_KINDS, TABLE_SCHEMAS } from '../../../src/schema/tables.js';
import { describedColumns, kindOfColumns, parseSparkType } from '../../../src/sinks/databricks/describe.js';
import { sqlType } from '../../../src/sinks/databricks/statements.js';

/** Kind detection from DESCRIBE TABLE rows, in the spellings Spark and the DDL use. */

const sparkSpelling = (t: string) => t.replace(/`/g, '').replace(/\bLONG\b/g, 'bigint').replace(/: /g, ':').replace(/, /g, ',').toLowerCase();

function rows(kind: (typeof TABLE_KINDS)[number], spell: (t: string) => string) {
  return TABLE_SCHEMAS[kind].columns.map((c) => ({ col_name: c.name, data_type: spell(sqlType(c.type)), comment: null }));
}

test('each v1 table is recognised, whether types are printed as Spark does or as the DDL writes them', () => {
  for (const kind of TABLE_KINDS) {
    assert.equal(kindOfColumns(describedColumns(rows(kind, sparkSpelling))), kind);
    assert.equal(kindOfColumns(describedColumns(rows(kind, (t) => t))), kind);
  }
});

test('rows after the columns (partitioning, details) are not columns', () => {
  const described = [...rows('logs', sparkSpelling), { col_name: '', data_type: '', comment: '' }, { col_name: '# Partition Information', data_type: '', comment: '' }, { col_name: 'x', data_type: 'int', comment: '' }];
  assert.equal(describedColumns(described).length, TABLE_SCHEMAS.logs.columns.length);
  assert.equal(kindOfColumns(describedColumns(described)), 'logs');
});

test('another type, a missing, extra or renamed column is `other`', () => {
  const base = rows('logs', sparkSpelling);
  assert.equal(kindOfColumns(describedColumns(base.map((r) => (r.col_name === 'time_unix_nano' ? { ...r, data_type: 'timestamp' } : r)))), 'other');
  assert.equal(kindOfColumns(describedColumns(base.map((r) => (r.col_name === 'attributes' ? { ...r, data_type: 'map<string,int>' } : r)))), 'other');
  assert.equal(kindOfColumns(describedColumns(base.slice(1))), 'other');
  assert.equal(kindOfColumns(describedColumns([...base, { col_name: 'extra', data_type: 'string', comment: null }])), 'other');
  assert.equal(kindOfColumns(describedColumns(base.map((r, i) => (i === 0 ? { ...r, col_name: 'evt' } : r)))), 'other');
});

test('a struct Spark abbreviated ("... N more fields") is judged by the names', () => {
  const abbreviated = rows('metrics', sparkSpelling).map((r) =>
    r.col_name === 'exponential_histogram' ? { ...r, data_type: 'struct<attributes:map<string,string>,start_time_unix_nano:bigint,... 13 more fields>' } : r,
  );
  assert.equal(kindOfColumns(describedColumns(abbreviated)), 'metrics');
});

test('Spark type strings parse, with backquoted names and either spelling of 64-bit', () => {
  assert.deepEqual(parseSparkType('array<struct<`a b`:bigint,c:LONG>>'), {
    kind: 'array',
    element: { kind: 'struct', fields: [{ name: 'a b', type: { kind: 'primitive', name: 'long' } }, { name: 'c', type: { kind: 'primitive', name: 'long' } }] },
  });
  assert.equal(parseSparkType('decimal(10,2)'), null);
  assert.equal(parseSparkType('map<string>'), null);
});
