import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Exemplar, ExportMetricsServiceRequest, MetricData } from '../../src/otlp/types.js';
import type { FlattenResult } from '../../src/rows/flatten-result.js';
import { flattenMetrics } from '../../src/rows/metrics.js';
import type { Row } from '../../src/rows/row.js';
import {
  bool,
  dbl,
  EMPTY,
  exponentialHistogramPoint,
  histogramPoint,
  int,
  kv,
  metric,
  metricsRequest,
  NO_ID,
  numberPoint,
  resource,
  scope,
  SPAN_ID,
  SPAN_ID_HEX,
  str,
  summaryPoint,
  TRACE_ID,
  TRACE_ID_HEX,
} from './fixtures.js';
import { assertRowsConform, leafPaths, leafPathsSet } from './schema-check.js';

/** flattenMetrics, with every row it produces checked against the table schema. */
function flatten(req: ExportMetricsServiceRequest): FlattenResult {
  const result = flattenMetrics(req);
  assertRowsConform(result.rows, 'metrics');
  return result;
}

function rowsOf(req: ExportMetricsServiceRequest): Row[] {
  const result = flatten(req);
  assert.equal(result.rejected, 0);
  assert.equal(result.rejectionMessage, '');
  return result.rows;
}

const T0 = 1_700_000_000_000_000_000n;
const T1 = 1_700_000_010_123_456_789n;

const ENVELOPE = {
  resource: resource([kv('service.name', str('claude-code')), kv('host.arch', str('arm64'))], 1),
  resourceSchemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
  scope: scope('com.anthropic.claude_code', '1.0.0', [kv('scope.attr', bool(true))], 2),
  scopeSchemaUrl: 'https://opentelemetry.io/schemas/1.27.0',
};

const RESOURCE_STRUCT = {
  attributes: [
    ['service.name', 'claude-code'],
    ['host.arch', 'arm64'],
  ],
  dropped_attributes_count: 1,
};

const SCOPE_STRUCT = {
  name: 'com.anthropic.claude_code',
  version: '1.0.0',
  attributes: [['scope.attr', 'true']],
  dropped_attributes_count: 2,
};

const EXEMPLAR_AS_INT: Exemplar = {
  filteredAttributes: [kv('user', str('u1'))],
  timeUnixNano: T1,
  value: 2n ** 53n + 1n,
  spanId: SPAN_ID,
  traceId: TRACE_ID,
};

const EXEMPLAR_AS_DOUBLE_NO_IDS: Exemplar = {
  filteredAttributes: [],
  timeUnixNano: T0,
  value: 0.5,
  spanId: NO_ID,
  traceId: new Uint8Array(16),
};

describe('flattenMetrics: gauge', () => {
  it('writes every column of a gauge data point', () => {
    const rows = rowsOf(
      metricsRequest(
        [
          metric(
            'claude_code.session.count',
            {
              type: 'gauge',
              dataPoints: [
                numberPoint({
                  attributes: [kv('session.id', str('s1')), kv('n', int(-3n))],
                  startTimeUnixNano: T0,
                  timeUnixNano: T1,
                  value: 1.25,
                  exemplars: [EXEMPLAR_AS_DOUBLE_NO_IDS],
                  flags: 1,
                }),
              ],
            },
            { description: 'Sessions', unit: '{session}', metadata: [kv('m', str('v'))] },
          ),
        ],
        ENVELOPE,
      ),
    );
    assert.deepEqual(rows, [
      {
        name: 'claude_code.session.count',
        description: 'Sessions',
        unit: '{session}',
        metric_type: 'gauge',
        gauge: {
          start_time_unix_nano: T0,
          time_unix_nano: T1,
          value: 1.25,
          exemplars: [
            { time_unix_nano: T0, value: 0.5, span_id: null, trace_id: null, filtered_attributes: [] },
          ],
          attributes: [
            ['session.id', 's1'],
            ['n', '-3'],
          ],
          flags: 1,
        },
        sum: null,
        histogram: null,
        exponential_histogram: null,
        summary: null,
        metadata: [['m', 'v']],
        resource: RESOURCE_STRUCT,
        resource_schema_url: 'https://opentelemetry.io/schemas/1.26.0',
        instrumentation_scope: SCOPE_STRUCT,
        metric_schema_url: 'https://opentelemetry.io/schemas/1.27.0',
      },
    ]);
  });

  it('converts as_int values to DOUBLE and gives NULL for a point without a value', () => {
    const rows = rowsOf(
      metricsRequest([
        metric('g', {
          type: 'gauge',
          dataPoints: [
            numberPoint({ value: 2n ** 53n + 1n }),
            numberPoint({ value: -7n }),
            numberPoint({ value: null }),
          ],
        }),
      ]),
    );
    assert.deepEqual(
      rows.map((r) => (r.gauge as Row).value),
      [2 ** 53, -7, null],
    );
  });

  it('keeps empty strings of plain columns as sent and times of 0 as 0', () => {
    const [row] = rowsOf(metricsRequest([metric('', { type: 'gauge', dataPoints: [numberPoint({ value: 1 })] })]));
    assert.equal(row.name, '');
    assert.equal(row.description, '');
    assert.equal(row.unit, '');
    assert.equal(row.resource_schema_url, '');
    assert.equal(row.metric_schema_url, '');
    assert.deepEqual(row.metadata, []);
    assert.equal((row.gauge as Row).start_time_unix_nano, 0n);
    assert.equal((row.gauge as Row).time_unix_nano, 0n);
  });
});

describe('flattenMetrics: sum', () => {
  it('writes temporality, monotonicity and exemplars with as_int and ids', () => {
    const rows = rowsOf(
      metricsRequest([
        metric('claude_code.token.usage', {
          type: 'sum',
          aggregationTemporality: 1,
          isMonotonic: true,
          dataPoints: [
            numberPoint({
              attributes: [kv('type', str('input'))],
              startTimeUnixNano: T0,
              timeUnixNano: T1,
              value: 1234n,
              exemplars: [EXEMPLAR_AS_INT, EXEMPLAR_AS_DOUBLE_NO_IDS],
            }),
          ],
        }),
      ]),
    );
    assert.equal(rows.length, 1);
    assert.equal(rows[0].metric_type, 'sum');
    assert.equal(rows[0].gauge, null);
    assert.deepEqual(rows[0].sum, {
      start_time_unix_nano: T0,
      time_unix_nano: T1,
      value: 1234,
      exemplars: [
        {
          time_unix_nano: T1,
          value: 2 ** 53,
          span_id: SPAN_ID_HEX,
          trace_id: TRACE_ID_HEX,
          filtered_attributes: [['user', 'u1']],
        },
        { time_unix_nano: T0, value: 0.5, span_id: null, trace_id: null, filtered_attributes: [] },
      ],
      attributes: [['type', 'input']],
      flags: 0,
      aggregation_temporality: 'AGGREGATION_TEMPORALITY_DELTA',
      is_monotonic: true,
    });
  });

  it('names every temporality, an unknown one in decimal', () => {
    const temporalities = [0, 1, 2, 7].map((aggregationTemporality) => {
      const [row] = rowsOf(
        metricsRequest([
          metric('s', { type: 'sum', aggregationTemporality, isMonotonic: false, dataPoints: [numberPoint()] }),
        ]),
      );
      assert.equal((row.sum as Row).is_monotonic, false);
      return (row.sum as Row).aggregation_temporality;
    });
    assert.deepEqual(temporalities, [
      'AGGREGATION_TEMPORALITY_UNSPECIFIED',
      'AGGREGATION_TEMPORALITY_DELTA',
      'AGGREGATION_TEMPORALITY_CUMULATIVE',
      '7',
    ]);
  });

  it('writes one row per data point, each with its own attributes', () => {
    const rows = rowsOf(
      metricsRequest([
        metric('s', {
          type: 'sum',
          aggregationTemporality: 2,
          isMonotonic: true,
          dataPoints: [
            numberPoint({ attributes: [kv('k', str('a'))], value: 1 }),
            numberPoint({ attributes: [kv('k', str('b'))], value: 2 }),
            numberPoint({ attributes: [kv('k', str('c'))], value: 3 }),
          ],
        }),
      ]),
    );
    assert.deepEqual(
      rows.map((r) => [(r.sum as Row).attributes, (r.sum as Row).value]),
      [
        [[['k', 'a']], 1],
        [[['k', 'b']], 2],
        [[['k', 'c']], 3],
      ],
    );
  });
});

describe('flattenMetrics: histogram', () => {
  it('writes every field of a histogram point with sum, min and max', () => {
    const [row] = rowsOf(
      metricsRequest([
        metric(
          'http.server.duration',
          {
            type: 'histogram',
            aggregationTemporality: 2,
            dataPoints: [
              histogramPoint({
                attributes: [kv('route', str('/v1/logs'))],
                startTimeUnixNano: T0,
                timeUnixNano: T1,
                count: 2n ** 62n,
                sum: 12.5,
                bucketCounts: [1n, 0n, 2n ** 62n - 1n],
                explicitBounds: [0.1, 5],
                exemplars: [EXEMPLAR_AS_INT],
                flags: 1,
                min: -0.5,
                max: 10,
              }),
            ],
          },
          { unit: 'ms' },
        ),
      ]),
    );
    assert.equal(row.metric_type, 'histogram');
    for (const other of ['gauge', 'sum', 'exponential_histogram', 'summary']) assert.equal(row[other], null);
    assert.deepEqual(row.histogram, {
      start_time_unix_nano: T0,
      time_unix_nano: T1,
      count: 2n ** 62n,
      sum: 12.5,
      bucket_counts: [1n, 0n, 2n ** 62n - 1n],
      explicit_bounds: [0.1, 5],
      exemplars: [
        {
          time_unix_nano: T1,
          value: 2 ** 53,
          span_id: SPAN_ID_HEX,
          trace_id: TRACE_ID_HEX,
          filtered_attributes: [['user', 'u1']],
        },
      ],
      attributes: [['route', '/v1/logs']],
      flags: 1,
      min: -0.5,
      max: 10,
      aggregation_temporality: 'AGGREGATION_TEMPORALITY_CUMULATIVE',
    });
  });

  it('gives NULL for absent sum, min and max, and keeps present zeros', () => {
    const rows = rowsOf(
      metricsRequest([
        metric('h', {
          type: 'histogram',
          aggregationTemporality: 1,
          dataPoints: [histogramPoint(), histogramPoint({ sum: 0, min: 0, max: 0 })],
        }),
      ]),
    );
    const [absent, zeros] = rows.map((r) => r.histogram as Row);
    assert.deepEqual([absent.sum, absent.min, absent.max], [null, null, null]);
    assert.deepEqual([zeros.sum, zeros.min, zeros.max], [0, 0, 0]);
    assert.deepEqual(absent.bucket_counts, []);
    assert.deepEqual(absent.explicit_bounds, []);
    assert.deepEqual(absent.exemplars, []);
  });
});

describe('flattenMetrics: exponential histogram', () => {
  it('writes every field, buckets included', () => {
    const [row] = rowsOf(
      metricsRequest([
        metric('e', {
          type: 'exponential_histogram',
          aggregationTemporality: 1,
          dataPoints: [
            exponentialHistogramPoint({
              attributes: [kv('k', dbl(0.1))],
              startTimeUnixNano: T0,
              timeUnixNano: T1,
              count: 10n,
              sum: 55.5,
              scale: -3,
              zeroCount: 1n,
              positive: { offset: -2, bucketCounts: [3n, 4n] },
              negative: { offset: 5, bucketCounts: [2n] },
              flags: 0,
              exemplars: [EXEMPLAR_AS_DOUBLE_NO_IDS],
              min: -1,
              max: 20,
              zeroThreshold: 1e-9,
            }),
          ],
        }),
      ]),
    );
    assert.equal(row.metric_type, 'exponential_histogram');
    assert.deepEqual(row.exponential_histogram, {
      attributes: [['k', '0.1']],
      start_time_unix_nano: T0,
      time_unix_nano: T1,
      count: 10n,
      sum: 55.5,
      scale: -3,
      zero_count: 1n,
      positive_bucket: { offset: -2, bucket_counts: [3n, 4n] },
      negative_bucket: { offset: 5, bucket_counts: [2n] },
      flags: 0,
      exemplars: [{ time_unix_nano: T0, value: 0.5, span_id: null, trace_id: null, filtered_attributes: [] }],
      min: -1,
      max: 20,
      zero_threshold: 1e-9,
      aggregation_temporality: 'AGGREGATION_TEMPORALITY_DELTA',
    });
  });

  it('reads missing bucket messages as no buckets, and absent sum/min/max as NULL', () => {
    const [row] = rowsOf(
      metricsRequest([
        metric('e', {
          type: 'exponential_histogram',
          aggregationTemporality: 2,
          dataPoints: [exponentialHistogramPoint({ count: 0n })],
        }),
      ]),
    );
    const point = row.exponential_histogram as Row;
    assert.deepEqual(point.positive_bucket, { offset: 0, bucket_counts: [] });
    assert.deepEqual(point.negative_bucket, { offset: 0, bucket_counts: [] });
    assert.deepEqual([point.sum, point.min, point.max], [null, null, null]);
    assert.equal(point.zero_threshold, 0);
  });
});

describe('flattenMetrics: summary', () => {
  it('writes every field of a summary point', () => {
    const [row] = rowsOf(
      metricsRequest([
        metric('rpc.latency', {
          type: 'summary',
          dataPoints: [
            summaryPoint({
              attributes: [kv('svc', str('a'))],
              startTimeUnixNano: T0,
              timeUnixNano: T1,
              count: 4n,
              sum: 10.5,
              quantileValues: [
                { quantile: 0, value: 1 },
                { quantile: 0.5, value: 2.5 },
                { quantile: 1, value: 4 },
              ],
              flags: 1,
            }),
          ],
        }),
      ]),
    );
    assert.equal(row.metric_type, 'summary');
    assert.deepEqual(row.summary, {
      start_time_unix_nano: T0,
      time_unix_nano: T1,
      count: 4n,
      sum: 10.5,
      quantile_values: [
        { quantile: 0, value: 1 },
        { quantile: 0.5, value: 2.5 },
        { quantile: 1, value: 4 },
      ],
      attributes: [['svc', 'a']],
      flags: 1,
    });
  });
});

describe('flattenMetrics: attributes, resource and scope', () => {
  it('writes every attribute value kind by the text rule, duplicates resolved', () => {
    const [row] = rowsOf(
      metricsRequest(
        [
          metric(
            'g',
            {
              type: 'gauge',
              dataPoints: [
                numberPoint({
                  attributes: [
                    kv('big', int(2n ** 63n - 1n)),
                    kv('neg', int(-1n)),
                    kv('nan', dbl(NaN)),
                    kv('negzero', dbl(-0)),
                    kv('empty', EMPTY),
                    kv('big', int(1n)),
                  ],
                }),
              ],
            },
            { metadata: [kv('m', str('1')), kv('m', str('2')), kv('none', null)] },
          ),
        ],
        { resource: resource([kv('r', str('x')), kv('r', str('y'))]) },
      ),
    );
    assert.deepEqual((row.gauge as Row).attributes, [
      ['big', '1'],
      ['neg', '-1'],
      ['nan', 'NaN'],
      ['negzero', '-0'],
      ['empty', null],
    ]);
    assert.deepEqual(row.metadata, [
      ['m', '2'],
      ['none', null],
    ]);
    assert.deepEqual((row.resource as Row).attributes, [['r', 'y']]);
  });

  it('gives a struct of empty values for a missing resource and scope', () => {
    const [row] = rowsOf(metricsRequest([metric('g', { type: 'gauge', dataPoints: [numberPoint()] })]));
    assert.deepEqual(row.resource, { attributes: [], dropped_attributes_count: 0 });
    assert.deepEqual(row.instrumentation_scope, { name: '', version: '', attributes: [], dropped_attributes_count: 0 });
  });

  it('copies each resource and scope, with their schema urls, onto the rows under them', () => {
    const point = numberPoint({ value: 1 });
    const g = metric('g', { type: 'gauge', dataPoints: [point, point] });
    const rows = rowsOf({
      resourceMetrics: [
        {
          resource: resource([kv('service.name', str('a'))]),
          schemaUrl: 'ra',
          scopeMetrics: [
            { scope: scope('s1', '1'), schemaUrl: 'sa1', metrics: [g] },
            { scope: scope('s2', '2'), schemaUrl: 'sa2', metrics: [g] },
          ],
        },
        { resource: null, schemaUrl: 'rb', scopeMetrics: [{ scope: null, schemaUrl: 'sb', metrics: [g] }] },
      ],
    });
    assert.deepEqual(
      rows.map((r) => [
        (r.resource as Row).attributes,
        r.resource_schema_url,
        (r.instrumentation_scope as Row).name,
        r.metric_schema_url,
      ]),
      [
        [[['service.name', 'a']], 'ra', 's1', 'sa1'],
        [[['service.name', 'a']], 'ra', 's1', 'sa1'],
        [[['service.name', 'a']], 'ra', 's2', 'sa2'],
        [[['service.name', 'a']], 'ra', 's2', 'sa2'],
        [[], 'rb', '', 'sb'],
        [[], 'rb', '', 'sb'],
      ],
    );
  });
});

describe('flattenMetrics: values a column cannot hold as sent', () => {
  const U64_MAX = 2n ** 64n - 1n;
  const LONG_MAX = 2n ** 63n - 1n;
  const exemplarAt = (timeUnixNano: bigint): Exemplar => ({ ...EXEMPLAR_AS_DOUBLE_NO_IDS, timeUnixNano });

  it('rejects a data point with a LONG value past 2^63-1, naming the field; the other points are stored', () => {
    const result = flatten(
      metricsRequest([
        metric('g', { type: 'gauge', dataPoints: [numberPoint({ timeUnixNano: U64_MAX }), numberPoint({ timeUnixNano: LONG_MAX })] }),
        metric('s', { type: 'sum', aggregationTemporality: 1, isMonotonic: true, dataPoints: [numberPoint({ timeUnixNano: T1 })] }),
      ]),
    );
    assert.equal(result.rejected, 1);
    assert.equal(result.rejectionMessage, '1 data point was rejected: gauge.time_unix_nano 18446744073709551615 does not fit a signed 64-bit LONG');
    assert.deepEqual(
      result.rows.map((r) => [r.name, ((r.gauge ?? r.sum) as Row).time_unix_nano]),
      [
        ['g', LONG_MAX],
        ['s', T1],
      ],
    );
  });

  it('checks every LONG of every kind of point, times, counts, bucket counts and exemplar times', () => {
    const cases: Array<[MetricData, string]> = [
      [{ type: 'gauge', dataPoints: [numberPoint({ startTimeUnixNano: 2n ** 63n })] }, 'gauge.start_time_unix_nano 9223372036854775808'],
      [{ type: 'sum', aggregationTemporality: 2, isMonotonic: false, dataPoints: [numberPoint({ exemplars: [exemplarAt(1n), exemplarAt(U64_MAX)] })] }, 'sum.exemplars.time_unix_nano 18446744073709551615'],
      [{ type: 'histogram', aggregationTemporality: 1, dataPoints: [histogramPoint({ count: U64_MAX })] }, 'histogram.count 18446744073709551615'],
      [{ type: 'histogram', aggregationTemporality: 1, dataPoints: [histogramPoint({ bucketCounts: [1n, 2n ** 63n + 5n] })] }, 'histogram.bucket_counts 9223372036854775813'],
      [{ type: 'exponential_histogram', aggregationTemporality: 1, dataPoints: [exponentialHistogramPoint({ zeroCount: U64_MAX })] }, 'exponential_histogram.zero_count 18446744073709551615'],
      [
        { type: 'exponential_histogram', aggregationTemporality: 1, dataPoints: [exponentialHistogramPoint({ positive: { offset: 0, bucketCounts: [U64_MAX] } })] },
        'exponential_histogram.positive_bucket.bucket_counts 18446744073709551615',
      ],
      [
        { type: 'exponential_histogram', aggregationTemporality: 1, dataPoints: [exponentialHistogramPoint({ negative: { offset: -2, bucketCounts: [3n, U64_MAX] } })] },
        'exponential_histogram.negative_bucket.bucket_counts 18446744073709551615',
      ],
      [{ type: 'summary', dataPoints: [summaryPoint({ count: U64_MAX })] }, 'summary.count 18446744073709551615'],
      [{ type: 'summary', dataPoints: [summaryPoint({ timeUnixNano: U64_MAX, count: U64_MAX })] }, 'summary.time_unix_nano 18446744073709551615'],
    ];
    for (const [data, field] of cases) {
      const result = flatten(metricsRequest([metric('m', data)]));
      assert.deepEqual(result, { rows: [], rejected: 1, rejectionMessage: `1 data point was rejected: ${field} does not fit a signed 64-bit LONG` }, field);
    }
  });

  it('counts every rejected point and names the first; a metric without data is still reported', () => {
    const result = flatten(
      metricsRequest([
        metric('a', { type: 'gauge', dataPoints: [numberPoint({ timeUnixNano: U64_MAX - 1n }), numberPoint({ startTimeUnixNano: U64_MAX })] }),
        metric('b', { type: 'summary', dataPoints: [summaryPoint({ count: 2n ** 63n })] }),
        metric('empty', null),
      ]),
    );
    assert.equal(result.rows.length, 0);
    assert.equal(result.rejected, 3);
    assert.equal(
      result.rejectionMessage,
      '3 data points were rejected; the first: gauge.time_unix_nano 18446744073709551614 does not fit a signed 64-bit LONG; ' +
        '1 metric had no data (none of gauge, sum, histogram, exponential_histogram, summary) and was not stored: "empty"',
    );
  });

  it('stores uint32 flags past 2^31-1 as the same bits in the INT column', () => {
    const [gauge] = rowsOf(metricsRequest([metric('g', { type: 'gauge', dataPoints: [numberPoint({ flags: 0xffff_ffff })] })]));
    assert.equal((gauge.gauge as Row).flags, -1);
  });
});

describe('flattenMetrics: metrics without rows', () => {
  it('writes no row for a metric without data points, and says nothing', () => {
    const result = flatten(
      metricsRequest([
        metric('g', { type: 'gauge', dataPoints: [] }),
        metric('h', { type: 'histogram', aggregationTemporality: 1, dataPoints: [] }),
      ]),
    );
    assert.deepEqual(result, { rows: [], rejected: 0, rejectionMessage: '' });
  });

  it('writes no row for a metric without data, and names it in the message with 0 rejected', () => {
    const result = flatten(
      metricsRequest([
        metric('no.data', null),
        metric('ok', { type: 'gauge', dataPoints: [numberPoint({ value: 1 })] }),
      ]),
    );
    assert.equal(result.rows.length, 1);
    assert.equal(result.rows[0].name, 'ok');
    assert.equal(result.rejected, 0);
    assert.equal(
      result.rejectionMessage,
      '1 metric had no data (none of gauge, sum, histogram, exponential_histogram, summary) ' +
        'and was not stored: "no.data"',
    );
  });

  it('names at most three such metrics', () => {
    const result = flatten(metricsRequest(['a', 'b', 'c', 'd', 'e'].map((n) => metric(n, null))));
    assert.equal(result.rows.length, 0);
    assert.equal(result.rejected, 0);
    assert.match(result.rejectionMessage, /^5 metrics had no data .* were not stored: "a", "b", "c", and 2 more$/);
  });

  it('shortens a long metric name in the message', () => {
    const result = flatten(metricsRequest([metric('x'.repeat(1000), null)]));
    assert.ok(result.rejectionMessage.endsWith(`: "${'x'.repeat(100)}…"`));
  });

  it('writes nothing for an empty request', () => {
    assert.deepEqual(flatten({ resourceMetrics: [] }), { rows: [], rejected: 0, rejectionMessage: '' });
    assert.deepEqual(flatten({ resourceMetrics: [{ resource: null, schemaUrl: '', scopeMetrics: [] }] }).rows, []);
  });
});

describe('flattenMetrics: column coverage', () => {
  it('fills every column of the metrics schema from one request of all five kinds', () => {
    const exemplars = [EXEMPLAR_AS_INT];
    const attributes = [kv('k', str('v'))];
    const rows = rowsOf(
      metricsRequest(
        [
          metric(
            'all',
            { type: 'gauge', dataPoints: [numberPoint({ attributes, exemplars, value: 1, timeUnixNano: T1 })] },
            { description: 'd', unit: 'u', metadata: [kv('m', str('v'))] },
          ),
          metric('all', {
            type: 'sum',
            aggregationTemporality: 1,
            isMonotonic: true,
            dataPoints: [numberPoint({ attributes, exemplars, value: 1n })],
          }),
          metric('all', {
            type: 'histogram',
            aggregationTemporality: 1,
            dataPoints: [
              histogramPoint({ attributes, exemplars, sum: 1, min: 1, max: 1, bucketCounts: [1n], explicitBounds: [] }),
              histogramPoint({ explicitBounds: [1], bucketCounts: [0n, 0n] }),
            ],
          }),
          metric('all', {
            type: 'exponential_histogram',
            aggregationTemporality: 1,
            dataPoints: [
              exponentialHistogramPoint({
                attributes,
                exemplars,
                sum: 1,
                min: 1,
                max: 1,
                positive: { offset: 0, bucketCounts: [1n] },
                negative: { offset: 0, bucketCounts: [1n] },
              }),
            ],
          }),
          metric('all', {
            type: 'summary',
            dataPoints: [summaryPoint({ attributes, quantileValues: [{ quantile: 0.5, value: 1 }] })],
          }),
        ],
        ENVELOPE,
      ),
    );
    assert.equal(rows.length, 6);
    const filled = leafPathsSet(rows, 'metrics');
    assert.deepEqual(
      leafPaths('metrics').filter((path) => !filled.has(path)),
      [],
    );
  });
});
