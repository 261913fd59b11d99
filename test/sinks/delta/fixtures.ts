import type { MapEntries, Row } from '../../../src/rows/row.js';

/**
 * Hand-built rows for the v1 tables: every column set, nulls at every level, 64-bit values beyond
 * 2^53, empty versus NULL maps and arrays, non-ASCII text.
 */
export const TWO_POW_53_PLUS_1 = 9007199254740993n;
export const INT64_MAX = 9223372036854775807n;
export const INT64_MIN = -9223372036854775808n;

const resource = (attributes: MapEntries | null, dropped: number | null = 0): Row => ({
  attributes,
  dropped_attributes_count: dropped,
});

const scope = (name: string | null, attributes: MapEntries | null = []): Row => ({
  name,
  version: '1.2.3',
  attributes,
  dropped_attributes_count: 0,
});

export function logRows(): Row[] {
  return [
    {
      event_name: 'api_request',
      trace_id: '5b8efff798038103d269b633813fc60c',
      span_id: 'eee19b7ec3c1b174',
      time_unix_nano: 1_700_000_000_123_456_789n,
      observed_time_unix_nano: TWO_POW_53_PLUS_1,
      severity_number: 'SEVERITY_NUMBER_INFO',
      severity_text: 'INFO',
      body: 'claude_code.api_request',
      attributes: [
        ['model', 'claude-sonnet'],
        ['cost_usd', '0.0123'],
        ['empty_value', null],
        ['ünï©ødé ключ', 'значение 🚀'],
      ],
      dropped_attributes_count: 0,
      flags: 1,
      resource: resource([['service.name', 'claude-code']]),
      resource_schema_url: 'https://opentelemetry.io/schemas/1.26.0',
      instrumentation_scope: scope('com.anthropic.claude_code'),
      log_schema_url: '',
    },
    {
      // Every column NULL.
      event_name: null,
      trace_id: null,
      span_id: null,
      time_unix_nano: null,
      observed_time_unix_nano: null,
      severity_number: null,
      severity_text: null,
      body: null,
      attributes: null,
      dropped_attributes_count: null,
      flags: null,
      resource: null,
      resource_schema_url: null,
      instrumentation_scope: null,
      log_schema_url: null,
    },
    {
      // Empty map vs NULL map inside structs; nulls inside structs; extreme int64 and int32 values.
      event_name: '',
      trace_id: null,
      span_id: null,
      time_unix_nano: 0n,
      observed_time_unix_nano: INT64_MAX,
      severity_number: 'SEVERITY_NUMBER_UNSPECIFIED',
      severity_text: '',
      body: 'x'.repeat(100) + '\u0000 nul and \u2028 separators',
      attributes: [],
      dropped_attributes_count: 2147483647,
      flags: -2147483648,
      resource: resource(null, null),
      resource_schema_url: '',
      instrumentation_scope: scope(null, null),
      log_schema_url: null,
    },
    {
      event_name: 'tool_result',
      trace_id: null,
      span_id: null,
      time_unix_nano: INT64_MIN,
      observed_time_unix_nano: -1n,
      severity_number: 'SEVERITY_NUMBER_ERROR',
      severity_text: 'ERROR',
      body: '{"k":[1,2]}',
      attributes: [['k', 'v']],
      dropped_attributes_count: 0,
      flags: 0,
      resource: resource([]),
      resource_schema_url: null,
      instrumentation_scope: scope('', []),
      log_schema_url: 'https://example.com/s',
    },
  ];
}

const exemplar = (time: bigint | null, value: number | null, attrs: MapEntries | null): Row => ({
  time_unix_nano: time,
  value,
  span_id: value === null ? null : 'eee19b7ec3c1b174',
  trace_id: null,
  filtered_attributes: attrs,
});

function baseMetric(name: string, type: string): Row {
  return {
    name,
    description: 'a description',
    unit: 'ms',
    metric_type: type,
    gauge: null,
    sum: null,
    histogram: null,
    exponential_histogram: null,
    summary: null,
    metadata: [['k', 'v']],
    resource: resource([['service.name', 'svc']]),
    resource_schema_url: '',
    instrumentation_scope: scope('meter'),
    metric_schema_url: '',
  };
}

export function metricRows(): Row[] {
  return [
    {
      ...baseMetric('claude_code.token.usage', 'sum'),
      sum: {
        start_time_unix_nano: 1_700_000_000_000_000_000n,
        time_unix_nano: 1_700_000_010_000_000_001n,
        value: 1234.5,
        exemplars: [exemplar(TWO_POW_53_PLUS_1, 1.5, [['a', 'b']]), exemplar(null, null, null), exemplar(0n, NaN, [])],
        attributes: [['type', 'input'], ['model', 'm']],
        flags: 0,
        aggregation_temporality: 'AGGREGATION_TEMPORALITY_DELTA',
        is_monotonic: true,
      },
    },
    {
      ...baseMetric('gauge.metric', 'gauge'),
      gauge: {
        start_time_unix_nano: null,
        time_unix_nano: INT64_MAX,
        value: -0.0,
        exemplars: [],
        attributes: [],
        flags: null,
      },
      metadata: null,
    },
    {
      ...baseMetric('histogram.metric', 'histogram'),
      histogram: {
        start_time_unix_nano: 5n,
        time_unix_nano: 6n,
        count: TWO_POW_53_PLUS_1,
        sum: null,
        bucket_counts: [0n, INT64_MAX, -1n, 3n],
        explicit_bounds: [0, 1.5, Infinity, -Infinity],
        exemplars: null,
        attributes: null,
        flags: 1,
        min: null,
        max: 1e308,
        aggregation_temporality: 'AGGREGATION_TEMPORALITY_CUMULATIVE',
      },
      description: null,
      unit: '',
    },
    {
      ...baseMetric('exp.metric', 'exponential_histogram'),
      exponential_histogram: {
        attributes: [['x', null]],
        start_time_unix_nano: 1n,
        time_unix_nano: 2n,
        count: 10n,
        sum: 3.25,
        scale: -3,
        zero_count: 0n,
        positive_bucket: { offset: -5, bucket_counts: [1n, 2n] },
        negative_bucket: null,
        flags: 0,
        exemplars: [exemplar(7n, 0.5, [['k', 'v']])],
        min: -1,
        max: 1,
        zero_threshold: 1e-9,
        aggregation_temporality: 'AGGREGATION_TEMPORALITY_DELTA',
      },
    },
    {
      ...baseMetric('summary.metric', 'summary'),
      summary: {
        start_time_unix_nano: 100n,
        time_unix_nano: 200n,
        count: 3n,
        sum: 6,
        quantile_values: [
          { quantile: 0.5, value: 2 },
          { quantile: null, value: null },
        ],
        attributes: [['q', 'ü']],
        flags: 0,
      },
      resource: null,
      instrumentation_scope: null,
    },
    {
      // Every column NULL.
      name: null,
      description: null,
      unit: null,
      metric_type: null,
      gauge: null,
      sum: null,
      histogram: null,
      exponential_histogram: null,
      summary: null,
      metadata: null,
      resource: null,
      resource_schema_url: null,
      instrumentation_scope: null,
      metric_schema_url: null,
    },
  ];
}

/** `n` realistic log rows (as Claude Code sends them), distinct by `seq` in the attributes. */
export function manyLogRows(n: number, tag = 'w'): Row[] {
  const res = resource([
    ['service.name', 'claude-code'],
    ['service.version', '1.0.0'],
    ['host.arch', 'x64'],
    ['os.type', 'linux'],
  ]);
  const sc = scope('com.anthropic.claude_code.events');
  const rows: Row[] = new Array(n);
  for (let i = 0; i < n; i++) {
    rows[i] = {
      event_name: 'api_request',
      trace_id: null,
      span_id: null,
      time_unix_nano: 1_700_000_000_000_000_000n + BigInt(i) * 1_000_003n,
      observed_time_unix_nano: 1_700_000_000_000_000_000n + BigInt(i) * 1_000_007n,
      severity_number: 'SEVERITY_NUMBER_UNSPECIFIED',
      severity_text: '',
      body: 'claude_code.api_request',
      attributes: [
        ['user.id', 'f3b2c1d0e9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2'],
        ['session.id', '0b6f6c36-3d4b-4a52-8c1e-6a4d5f0e9b7a'],
        ['event.name', 'api_request'],
        ['event.timestamp', '2025-01-01T00:00:00.000Z'],
        ['model', 'claude-sonnet-4-5'],
        ['cost_usd', String((i % 97) / 1000)],
        ['duration_ms', String(1000 + (i % 500))],
        ['input_tokens', String(i % 4000)],
        ['output_tokens', String(i % 800)],
        ['seq', `${tag}-${i}`],
      ],
      dropped_attributes_count: 0,
      flags: 0,
      resource: res,
      resource_schema_url: '',
      instrumentation_scope: sc,
      log_schema_url: '',
    };
  }
  return rows;
}
