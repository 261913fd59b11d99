import assert from 'node:assert/strict';
import type { HrTime } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';

/**
 * Shared pieces of the SDK conformance tests (`test/e2e/sdk-*.test.ts`): the resource every
 * provider reports, the expected text of its attributes (written out by hand from SPEC.md's text
 * rule, not computed by our code), and the row comparison.
 */

export const RESOURCE_SCHEMA_URL = 'https://opentelemetry.io/schemas/1.26.0';

/** One attribute of each kind a resource can hold. */
export function conformanceResource(): Resource {
  return resourceFromAttributes(
    {
      'service.name': 'sdk-conformance',
      'service.version': '1.2.3',
      'host.cpu.count': 8,
      'sampling.ratio': 0.5,
      'feature.enabled': true,
      'deployment.regions': ['eu-west-1', 'us-east-1'],
    },
    { schemaUrl: RESOURCE_SCHEMA_URL },
  );
}

/** The `resource` column every row must carry. */
export function expectedResource(): Record<string, unknown> {
  return {
    attributes: mapOf({
      'service.name': 'sdk-conformance',
      'service.version': '1.2.3',
      'host.cpu.count': '8',
      'sampling.ratio': '0.5',
      'feature.enabled': 'true',
      'deployment.regions': '["eu-west-1","us-east-1"]',
    }),
    dropped_attributes_count: 0,
  };
}

export type MapEntry = { key: string; value: string | null };

/** A MAP<STRING, STRING> value as the DuckDB reader returns it. */
export function mapOf(entries: Record<string, string | null>): MapEntry[] {
  return Object.entries(entries).map(([key, value]) => ({ key, value }));
}

/**
 * The exact nanoseconds of an SDK HrTime, computed here with bigints (the OTLP encoders write
 * `seconds * 1e9 + nanos` as a 64-bit integer).
 */
export function hrNanos(t: HrTime): bigint {
  return BigInt(Math.trunc(t[0])) * 1_000_000_000n + BigInt(Math.trunc(t[1]));
}

/**
 * Map entries carry no order in the contract: sort every MAP (an array of `{key, value}`) by key,
 * recursively, so that rows compare as values.
 */
export function normalize(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(normalize);
    if (items.length > 0 && items.every(isMapEntry)) {
      return [...(items as MapEntry[])].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    }
    return items;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = normalize(v);
    return out;
  }
  return value;
}

function isMapEntry(v: unknown): boolean {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 2 && 'key' in v && 'value' in v;
}

/** JSON with bigints (as `123n`), for keys and messages. */
export function show(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));
}

/**
 * Asserts that the table holds exactly the expected rows: the same multiset of keys, and for each
 * key a row equal, column by column, to the expected one (maps compared regardless of order).
 */
export function assertSameRows(
  label: string,
  actual: Record<string, unknown>[],
  expected: Record<string, unknown>[],
  keyOf: (row: Record<string, unknown>) => string,
): void {
  const group = (rows: Record<string, unknown>[]) => {
    const byKey = new Map<string, Record<string, unknown>[]>();
    for (const row of rows) {
      const key = keyOf(row);
      byKey.set(key, [...(byKey.get(key) ?? []), row]);
    }
    return byKey;
  };
  const got = group(actual);
  const want = group(expected);
  assert.deepStrictEqual(
    [...got.keys()].sort(),
    [...want.keys()].sort(),
    `${label}: the rows in the table (by key) are not the expected ones`,
  );
  for (const [key, wantRows] of want) {
    const gotRows = got.get(key)!;
    assert.equal(gotRows.length, wantRows.length, `${label}: number of rows with key ${key}`);
    const order = (rows: Record<string, unknown>[]) => rows.map(normalize).sort((a, b) => (show(a) < show(b) ? -1 : 1));
    const g = order(gotRows);
    const w = order(wantRows);
    for (let i = 0; i < w.length; i++) {
      const gotRow = g[i] as Record<string, unknown>;
      const wantRow = w[i] as Record<string, unknown>;
      assert.deepStrictEqual(Object.keys(gotRow).sort(), Object.keys(wantRow).sort(), `${label}: columns of row ${key}`);
      for (const column of Object.keys(wantRow)) {
        assert.deepStrictEqual(gotRow[column], wantRow[column], `${label}: row ${key}, column ${column}`);
      }
    }
  }
}

/**
 * Wraps an exporter's `export` so that every call's input (as `snapshot` copies it at that moment)
 * and result are recorded.
 */
export function recordExports<T, S = T>(
  exporter: { export(items: T, done: (result: ExportResult) => void): void },
  snapshot: (items: T) => S = (items) => items as unknown as S,
): {
  inputs: S[];
  results: ExportResult[];
} {
  const inputs: S[] = [];
  const results: ExportResult[] = [];
  const original = exporter.export.bind(exporter);
  exporter.export = (items: T, done: (result: ExportResult) => void) => {
    inputs.push(snapshot(items));
    original(items, (result) => {
      results.push(result);
      done(result);
    });
  };
  return { inputs, results };
}
