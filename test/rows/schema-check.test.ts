import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flattenLogs } from '../../src/rows/logs.js';
import type { Row } from '../../src/rows/row.js';
import { logRecord, logsRequest } from './fixtures.js';
import { assertRowsConform, leafPaths } from './schema-check.js';

/** The conformance check of the other tests must itself catch a wrong row. */
describe('schema check', () => {
  const good = (): Row => flattenLogs(logsRequest([logRecord()])).rows[0];

  it('accepts a produced row', () => {
    assert.doesNotThrow(() => assertRowsConform([good()], 'logs'));
  });

  const broken: Array<[string, (row: Row) => void]> = [
    ['a missing column', (row) => delete row.flags],
    ['an extra column', (row) => (row.extra = null)],
    ['an undefined value', (row) => (row.body = undefined as unknown as null)],
    ['a number in a LONG', (row) => (row.time_unix_nano = 1)],
    ['a LONG past 2^63-1', (row) => (row.time_unix_nano = 2n ** 63n)],
    ['a bigint in an INT', (row) => (row.flags = 1n)],
    ['an INT past 2^31-1', (row) => (row.flags = 2 ** 31)],
    ['a number in a STRING', (row) => (row.severity_text = 1)],
    ['a duplicate map key', (row) => (row.attributes = [['a', '1'], ['a', '2']])],
    ['a number map value', (row) => (row.attributes = [['a', 1 as unknown as string]])],
    ['a struct missing a field', (row) => delete (row.resource as Row).dropped_attributes_count],
    ['a struct with fields out of order', (row) => (row.resource = { dropped_attributes_count: 0, attributes: [] })],
  ];
  for (const [what, breakIt] of broken) {
    it(`rejects ${what}`, () => {
      const row = good();
      breakIt(row);
      assert.throws(() => assertRowsConform([row], 'logs'), assert.AssertionError);
    });
  }

  it('lists the leaf columns', () => {
    assert.ok(leafPaths('metrics').includes('histogram.exemplars[].filtered_attributes'));
    assert.ok(leafPaths('logs').includes('instrumentation_scope.version'));
  });
});
