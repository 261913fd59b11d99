import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TABLE_SCHEMAS } from '../../../src/schema/tables.js';
import { metaDataAction } from '../../../src/sinks/delta/actions.js';
import { columnsSignature, parseSchemaString, schemaString } from '../../../src/sinks/delta/schema-string.js';
import { detectKind } from '../../../src/sinks/delta/table-kind.js';

test('schemaString is Spark StructType JSON with every field nullable', () => {
  const parsed = JSON.parse(schemaString(TABLE_SCHEMAS.logs.columns));
  assert.equal(parsed.type, 'struct');
  const byName = Object.fromEntries(parsed.fields.map((f: { name: string }) => [f.name, f]));
  assert.deepEqual(byName.time_unix_nano, { name: 'time_unix_nano', type: 'long', nullable: true, metadata: {} });
  assert.deepEqual(byName.flags, { name: 'flags', type: 'integer', nullable: true, metadata: {} });
  assert.deepEqual(byName.attributes.type, { type: 'map', keyType: 'string', valueType: 'string', valueContainsNull: true });
  assert.deepEqual(byName.resource, {
    name: 'resource',
    type: {
      type: 'struct',
      fields: [
        { name: 'attributes', type: { type: 'map', keyType: 'string', valueType: 'string', valueContainsNull: true }, nullable: true, metadata: {} },
        { name: 'dropped_attributes_count', type: 'integer', nullable: true, metadata: {} },
      ],
    },
    nullable: true,
    metadata: {},
  });
  assert.deepEqual(
    parsed.fields.map((f: { name: string }) => f.name),
    TABLE_SCHEMAS.logs.columns.map((c) => c.name),
  );

  const metrics = JSON.parse(schemaString(TABLE_SCHEMAS.metrics.columns));
  const histogram = metrics.fields.find((f: { name: string }) => f.name === 'histogram');
  const bucketCounts = histogram.type.fields.find((f: { name: string }) => f.name === 'bucket_counts');
  assert.deepEqual(bucketCounts.type, { type: 'array', elementType: 'long', containsNull: true });
  const isMonotonic = metrics.fields.find((f: { name: string }) => f.name === 'sum').type.fields.find((f: { name: string }) => f.name === 'is_monotonic');
  assert.equal(isMonotonic.type, 'boolean');
});

test('the signature of a parsed schemaString equals that of the columns it came from', () => {
  for (const schema of Object.values(TABLE_SCHEMAS)) {
    assert.equal(parseSchemaString(schemaString(schema.columns)).signature, columnsSignature(schema.columns));
  }
});

test('detectKind recognises metrics and logs, ignoring nullability, metadata and member order', () => {
  assert.equal(detectKind(metaDataAction(TABLE_SCHEMAS.metrics, 0)), 'metrics');
  assert.equal(detectKind(metaDataAction(TABLE_SCHEMAS.logs, 0)), 'logs');

  // As another writer might spell the logs schema: non-nullable fields, comments, other key order.
  const logs = JSON.parse(schemaString(TABLE_SCHEMAS.logs.columns));
  for (const f of logs.fields) {
    f.nullable = false;
    f.metadata = { comment: 'x' };
  }
  const reordered = JSON.stringify({ fields: logs.fields.map((f: object) => Object.fromEntries(Object.entries(f).reverse())), type: 'struct' });
  assert.equal(detectKind({ ...metaDataAction(TABLE_SCHEMAS.logs, 0), schemaString: reordered }), 'logs');

  const other = { ...metaDataAction(TABLE_SCHEMAS.logs, 0) };
  // One column's type changed: no longer the v1 logs table.
  other.schemaString = other.schemaString.replace('"name":"flags","type":"integer"', '"name":"flags","type":"long"');
  assert.equal(detectKind(other), 'other');
  // A column missing.
  const fewer = JSON.parse(schemaString(TABLE_SCHEMAS.logs.columns));
  fewer.fields.pop();
  assert.equal(detectKind({ ...other, schemaString: JSON.stringify(fewer) }), 'other');
  assert.equal(detectKind({ ...other, schemaString: 'not json' }), 'other');
});

test('parseSchemaString reports delta.* column metadata such as invariants', () => {
  const s = JSON.stringify({
    type: 'struct',
    fields: [
      { name: 'x', type: 'integer', nullable: true, metadata: { 'delta.invariants': '{"expression":{"expression":"x > 3"}}' } },
      { name: 's', type: { type: 'struct', fields: [{ name: 'y', type: 'long', nullable: true, metadata: { 'delta.columnMapping.id': 2 } }] }, nullable: true, metadata: {} },
    ],
  });
  const parsed = parseSchemaString(s);
  assert.equal(parsed.signature, 'struct<x:integer,s:struct<y:long>>');
  assert.deepEqual([...parsed.deltaMetadataKeys].sort(), ['delta.columnMapping.id', 'delta.invariants']);
});
