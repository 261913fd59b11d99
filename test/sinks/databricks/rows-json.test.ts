import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Row } from '../../../src/rows/row.js';
import { rowJson, rowsChunks } from '../../../src/sinks/databricks/rows-json.js';
import { decodeRows } from './decode-rows.js';

/**
 * The `rows` parameter: hand-built rows with every column kind go to JSON and come back (read with
 * a bigint-aware parser, the way from_json reads them with the table schema) exactly as they were.
 */

const MAX_LONG = 2n ** 63n - 1n;
const MIN_LONG = -(2n ** 63n);
const ABOVE_2_53 = 2n ** 53n + 1n; // a double would round it to 2^53

const RESOURCE = { attributes: [['service.name', 'svc'], ['host.cpu.count', '8'], ['empty', null]], dropped_attributes_count: 0 } satisfies Row;
const SCOPE = { name: 'scope "quoted"', version: '', attributes: [], dropped_attributes_count: 3 } satisfies Row;

const exemplar = (time: bigint, value: number) => ({
  time_unix_nano: time,
  value,
  span_id: '00f067aa0ba902b7',
  trace_id: null,
  filtered_attributes: [['k', 'v']],
});

const METRIC_BASE = {
  description: 'd',
  unit: '',
  metadata: null,
  resource: RESOURCE,
  resource_schema_url: 'https://opentelemetry.io/schemas/1.26.0',
  instrumentation_scope: SCOPE,
  metric_schema_url: '',
  gauge: null,
  sum: null,
  histogram: null,
  exponential_histogram: null,
  summary: null,
};

const METRIC_ROWS: Row[] = [
  {
    ...METRIC_BASE,
    name: 'gauge.special',
    metric_type: 'gauge',
    gauge: {
      start_time_unix_nano: 0n,
      time_unix_nano: MAX_LONG,
      value: NaN,
      exemplars: [exemplar(ABOVE_2_53, Infinity), exemplar(-5n, -Infinity), exemplar(1n, -0)],
      attributes: [],
      flags: 0,
    },
    metadata: [],
  },
  {
    ...METRIC_BASE,
    name: 'sum.negative',
    metric_type: 'sum',
    sum: {
      start_time_unix_nano: MIN_LONG,
      time_unix_nano: -1n,
      value: -1.5e-300,
      exemplars: [],
      attributes: [['a', '1'], ['b', null], ['ünï "cödé"\n', '\u2028\u{1F600}\\']],
      flags: -2147483648,
      aggregation_temporality: 'AGGREGATION_TEMPORALITY_DELTA',
      is_monotonic: true,
    },
  },
  {
    ...METRIC_BASE,
    name: 'histogram',
    metric_type: 'histogram',
    histogram: {
      start_time_unix_nano: 1_700_000_000_123_456_789n,
      time_unix_nano: 1_700_000_001_123_456_789n,
      count: ABOVE_2_53,
      sum: null,
      bucket_counts: [0n, ABOVE_2_53, MAX_LONG],
      explicit_bounds: [0.1, 1e21, 5e-324],
      exemplars: [],
      attributes: null,
      flags: 2147483647,
      min: null,
      max: 1.7976931348623157e308,
      aggregation_temporality: 'AGGREGATION_TEMPORALITY_CUMULATIVE',
    },
  },
  {
    ...METRIC_BASE,
    name: 'exponential',
    metric_type: 'exponential_histogram',
    exponential_histogram: {
      attributes: [['x', 'y']],
      start_time_unix_nano: 1n,
      time_unix_nano: 2n,
      count: 3n,
      sum: 4.5,
      scale: -10,
      zero_count: 0n,
      positive_bucket: { offset: -3, bucket_counts: [1n, 2n] },
      negative_bucket: { offset: 0, bucket_counts: [] },
      flags: 1,
      exemplars: [],
      min: 0,
      max: 3,
      zero_threshold: 0,
      aggregation_temporality: 'AGGREGATION_TEMPORALITY_UNSPECIFIED',
    },
  },
  {
    ...METRIC_BASE,
    name: 'summary',
    metric_type: 'summary',
    summary: {
      start_time_unix_nano: 10n,
      time_unix_nano: 20n,
      count: 30n,
      sum: 40,
      quantile_values: [
        { quantile: 0, value: 1 },
        { quantile: 0.99, value: NaN },
      ],
      attributes: [],
      flags: 0,
    },
  },
];

const LOG_ROWS: Row[] = [
  {
    event_name: null,
    trace_id: '5b8efff798038103d269b633813fc60c',
    span_id: null,
    time_unix_nano: 0n,
    observed_time_unix_nano: ABOVE_2_53,
    severity_number: 'SEVERITY_NUMBER_UNSPECIFIED',
    severity_text: '',
    body: null,
    attributes: [],
    dropped_attributes_count: 0,
    flags: 0,
    resource: { attributes: [], dropped_attributes_count: 0 },
    resource_schema_url: '',
    instrumentation_scope: { name: '', version: '', attributes: [], dropped_attributes_count: 0 },
    log_schema_url: '',
  },
  {
    event_name: 'claude_code.api_request',
    trace_id: null,
    span_id: null,
    time_unix_nano: MAX_LONG,
    observed_time_unix_nano: MIN_LONG,
    severity_number: 'SEVERITY_NUMBER_INFO',
    severity_text: 'INFO',
    body: '{"nested":"json \\"text\\""}',
    attributes: null,
    dropped_attributes_count: 7,
    flags: 1,
    resource: RESOURCE,
    resource_schema_url: 'r',
    instrumentation_scope: SCOPE,
    log_schema_url: 's',
  },
];

const SPAN_ROWS: Row[] = [
  {
    trace_id: '5b8efff798038103d269b633813fc60c',
    span_id: '00f067aa0ba902b7',
    trace_state: 'a=b',
    parent_span_id: null,
    flags: 0x301,
    name: 'GET /',
    kind: 'SPAN_KIND_SERVER',
    start_time_unix_nano: 1_700_000_000_000_000_001n,
    end_time_unix_nano: 1_700_000_000_000_000_002n,
    attributes: [['http.status_code', '200']],
    dropped_attributes_count: 0,
    events: [
      { time_unix_nano: ABOVE_2_53, name: 'e', attributes: [], dropped_attributes_count: 1 },
      { time_unix_nano: 0n, name: '', attributes: null, dropped_attributes_count: 0 },
    ],
    dropped_events_count: 0,
    links: [{ trace_id: null, span_id: null, trace_state: '', attributes: [], dropped_attributes_count: 0, flags: 256 }],
    dropped_links_count: 2,
    status: { message: '', code: 'STATUS_CODE_UNSET' },
    resource: RESOURCE,
    resource_schema_url: '',
    instrumentation_scope: SCOPE,
    span_schema_url: '',
  },
  {
    trace_id: null,
    span_id: null,
    trace_state: '',
    parent_span_id: '00f067aa0ba902b7',
    flags: 0,
    name: '',
    kind: 'SPAN_KIND_UNSPECIFIED',
    start_time_unix_nano: 0n,
    end_time_unix_nano: 0n,
    attributes: [],
    dropped_attributes_count: 0,
    events: [],
    dropped_events_count: 0,
    links: [],
    dropped_links_count: 0,
    status: null,
    resource: null,
    resource_schema_url: null,
    instrumentation_scope: null,
    span_schema_url: null,
  },
];

describe('rows JSON', () => {
  test('metrics rows of every metric type round-trip exactly (LONG extremes, NaN, ±Infinity, -0, NULLs)', () => {
    const [chunk] = rowsChunks('metrics', METRIC_ROWS, 1 << 20);
    assert.equal(chunk.rows, METRIC_ROWS.length);
    assert.deepStrictEqual(decodeRows('metrics', chunk.json), METRIC_ROWS);
  });

  test('logs and spans rows round-trip exactly', () => {
    assert.deepStrictEqual(decodeRows('logs', rowsChunks('logs', LOG_ROWS, 1 << 20)[0].json), LOG_ROWS);
    assert.deepStrictEqual(decodeRows('spans', rowsChunks('spans', SPAN_ROWS, 1 << 20)[0].json), SPAN_ROWS);
  });

  test('64-bit values are exact digits in the text, never through a double', () => {
    const json = rowJson('logs', LOG_ROWS[1]);
    assert.match(json, /"time_unix_nano":9223372036854775807,/);
    assert.match(json, /"observed_time_unix_nano":-9223372036854775808,/);
    assert.match(rowJson('logs', LOG_ROWS[0]), /"observed_time_unix_nano":9007199254740993,/);
  });

  test('maps are JSON objects: an empty map is {}, a NULL map is null, a NULL value is null', () => {
    const json = rowJson('metrics', METRIC_ROWS[0]);
    assert.match(json, /"metadata":\{\}/);
    assert.match(json, /"attributes":\{"service\.name":"svc","host\.cpu\.count":"8","empty":null\}/);
    assert.match(rowJson('metrics', METRIC_ROWS[1]), /"metadata":null/);
  });

  test('non-finite doubles are the strings Spark reads with allowNonNumericNumbers; negative zero is -0.0', () => {
    const json = rowJson('metrics', METRIC_ROWS[0]);
    assert.match(json, /"value":"NaN"/);
    assert.match(json, /"value":"Infinity"/);
    assert.match(json, /"value":"-Infinity"/);
    assert.match(json, /"value":-0\.0/);
  });

  test('columns are written in table order; a column the row lacks is null', () => {
    const { summary: _omit, ...partial } = METRIC_ROWS[0];
    const json = rowJson('metrics', partial);
    assert.ok(json.startsWith('{"name":"gauge.special","description":"d","unit":"","metric_type":"gauge","gauge":{'));
    assert.match(json, /"summary":null/);
  });

  test('a value of the wrong type is an error, not a guess', () => {
    assert.throws(() => rowJson('logs', { ...LOG_ROWS[0], time_unix_nano: 1.5 }), /time_unix_nano must be a bigint/);
    assert.throws(() => rowJson('logs', { ...LOG_ROWS[0], flags: 2 ** 31 }), /flags must be a 32-bit integer/);
    assert.throws(() => rowJson('logs', { ...LOG_ROWS[0], attributes: { a: 'b' } as unknown as Row }), /attributes must be map entries/);
  });
});

describe('batch splitting', () => {
  const rows: Row[] = Array.from({ length: 200 }, (_, i) => ({
    ...LOG_ROWS[1],
    body: `record ${i} ${'é'.repeat(i % 17)}`,
    time_unix_nano: BigInt(i),
  }));

  test('every chunk stays under the limit in UTF-8 bytes, and the chunks hold every row once, in order', () => {
    const one = Buffer.byteLength(rowJson('logs', rows[0]));
    for (const max of [one + 2, 2 * one + 3, 1500, 4096, 100_000]) {
      const chunks = rowsChunks('logs', rows, max);
      for (const c of chunks) {
        assert.equal(c.bytes, Buffer.byteLength(c.json), 'bytes counts UTF-8');
        assert.ok(c.bytes <= max || c.rows === 1, `chunk of ${c.rows} rows has ${c.bytes} > ${max} bytes`);
      }
      const back = chunks.flatMap((c) => decodeRows('logs', c.json));
      assert.deepStrictEqual(back, rows, `max ${max}`);
      if (max === 100_000) assert.ok(chunks.length > 1);
    }
  });

  test('a batch under the limit is one statement', () => {
    assert.equal(rowsChunks('logs', rows, 8 * 1024 * 1024).length, 1);
  });

  test('a single row larger than the limit is a chunk of its own', () => {
    const big = { ...LOG_ROWS[1], body: 'x'.repeat(5000) };
    const chunks = rowsChunks('logs', [LOG_ROWS[0], big, LOG_ROWS[0]], 2000);
    assert.deepStrictEqual(chunks.map((c) => c.rows), [1, 1, 1]);
    assert.ok(chunks[1].bytes > 5000);
  });

  test('an empty batch has no statements', () => {
    assert.deepStrictEqual(rowsChunks('logs', [], 1000), []);
  });
});
