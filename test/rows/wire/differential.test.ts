/**
 * Differential tests of the hand-written reader (`src/rows/wire/`) against the old path
 * (protobufjs reflection + the flatteners): on payloads made by the OpenTelemetry JS SDK, on
 * hand-built payloads that name every field and value kind, and on the large generated payloads of
 * `measure.ts`, the results must be deep-equal.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AggregationTemporality } from '@opentelemetry/sdk-metrics';
import type { FlattenResult } from '../../../src/rows/flatten-result.js';
import type { Row } from '../../../src/rows/row.js';
import {
  concat,
  doubleBytes,
  fBytes,
  fDouble,
  fFixed32,
  fFixed64,
  fGroup,
  fixed64Bytes,
  fMessage,
  fSint32,
  fString,
  fVarint,
  tag,
  varintBytes,
  WT,
} from './gen.js';
import { logsPayload, metricsPayload } from './payloads.js';
import { sdkLogs, sdkMetrics, sdkSpans } from './sdk.js';
import { checkAgrees, LOGS, METRICS, type Signal, TRACES } from './signals.js';

/** Decodes `body` both ways, asserts deep equality, returns the result. */
function same(signal: Signal, body: Uint8Array): FlattenResult {
  const expected = signal.old(body);
  const actual = signal.new(body);
  assert.deepStrictEqual(actual, expected);
  checkAgrees(signal, body);
  return actual;
}

// Wrappers: one request holding the given fields at the innermost level.
const oneMetric = (...fields: Uint8Array[]) => fMessage(1, [fMessage(2, [fMessage(2, fields)])]);
const oneRecord = (...fields: Uint8Array[]) => fMessage(1, [fMessage(2, [fMessage(2, fields)])]);
const oneSpan = (...fields: Uint8Array[]) => fMessage(1, [fMessage(2, [fMessage(2, fields)])]);
const kv = (key: string, ...value: Uint8Array[]) => concat([fString(1, key), fMessage(2, value)]);
const TRACE = Uint8Array.from({ length: 16 }, (_, i) => i + 1);
const SPAN = Uint8Array.from({ length: 8 }, (_, i) => 0xf0 + i);

describe('SDK payloads (OpenTelemetry JS SDK + otlp-transformer)', () => {
  it('metrics, delta and cumulative: every kind of metric', async () => {
    for (const temporality of [AggregationTemporality.DELTA, AggregationTemporality.CUMULATIVE]) {
      const result = same(METRICS, await sdkMetrics(temporality));
      const types = new Set(result.rows.map((r) => r.metric_type));
      assert.deepEqual([...types].sort(), ['exponential_histogram', 'gauge', 'histogram', 'sum']);
    }
  });

  it('logs: string, kvlist, array and double bodies, trace context, event names', () => {
    const result = same(LOGS, sdkLogs());
    assert.equal(result.rows.length, 6);
    assert.equal(result.rows[0]!.trace_id, '5b8efff798038103d269b633813fc60c');
    assert.equal(result.rows[1]!.event_name, 'session.start');
    assert.equal(result.rows[2]!.event_name, 'api_request');
  });

  it('spans: kinds, events, links, status, remote parent', () => {
    const result = same(TRACES, sdkSpans());
    assert.equal(result.rows.length, 3);
  });
});

describe('hand-built payloads', () => {
  it('an empty body, and requests without resources or scopes', () => {
    for (const signal of [METRICS, LOGS, TRACES]) {
      assert.deepEqual(same(signal, new Uint8Array(0)), { rows: [], rejected: 0, rejectionMessage: '' });
      same(signal, fMessage(1, []));
      same(signal, fMessage(1, [fMessage(2, [])]));
      same(signal, fMessage(1, [fMessage(2, [fMessage(2, [])])])); // one empty record
    }
  });

  it('every AnyValue kind as an attribute value and as a log body', () => {
    const values: Uint8Array[][] = [
      [fString(1, 'text')],
      [fString(1, '')],
      [fString(1, 'ünïcödé ✓ 😀')],
      [fString(1, 'sent as \uFFFD')],
      [fString(1, 'x'.repeat(40))],
      [fString(1, 'y'.repeat(41))],
      [fVarint(2, true)],
      [fVarint(2, false)],
      [fVarint(2, 2n ** 32n)], // a bool whose low 32 bits are 0: false, as protobufjs reads it
      [fVarint(3, 0)],
      [fVarint(3, -1)],
      [fVarint(3, 2n ** 53n + 1n)],
      [fVarint(3, -(2n ** 63n))],
      [fVarint(3, 2n ** 63n - 1n)],
      [fVarint(3, -(2n ** 53n))],
      [fVarint(3, 2n ** 31n)],
      ...[0, -0, 0.1, 1e21, 5e-324, NaN, Infinity, -Infinity, 1 / 3].map((d) => [fDouble(4, d)]),
      [fMessage(5, [])], // empty array
      [fMessage(5, [fMessage(1, [fString(1, 'a')]), fMessage(1, [fVarint(3, 7)]), fMessage(1, []), fMessage(1, [fDouble(4, NaN)])])],
      [fMessage(6, [])], // empty kvlist
      [fMessage(6, [fMessage(1, [fString(1, 'k'), fMessage(2, [fVarint(2, true)])]), fMessage(1, [fString(1, 'none')])])],
      [fMessage(6, [fMessage(1, [fString(1, 'k'), fMessage(2, [fString(1, 'a')])]), fMessage(1, [fString(1, 'k'), fMessage(2, [fString(1, 'b')])])])],
      [fMessage(5, [fMessage(1, [fMessage(6, [fMessage(1, [fString(1, 'deep'), fMessage(2, [fMessage(5, [fMessage(1, [fBytes(7, Uint8Array.of(1, 2, 3))])])])])])])])],
      [fBytes(7, new Uint8Array(0))],
      [fBytes(7, Uint8Array.of(0, 255, 16))],
      [fVarint(8, 5)], // string_value_strindex: empty
      [], // empty AnyValue
      [fString(1, 'first'), fVarint(3, 2)], // two members: the last one wins
      [fVarint(3, 2), fString(1, 'last')],
      [fString(1, 'a'), fString(1, 'b')], // one member twice: the last value
      [fMessage(5, [fMessage(1, [fString(1, 'x')])]), fMessage(5, [])], // a message member twice: replaced
    ];
    for (const value of values) {
      same(LOGS, oneRecord(fMessage(5, value), fMessage(6, [kv('k', ...value)])));
      same(METRICS, oneMetric(fString(1, 'm'), fMessage(5, [fMessage(1, [fMessage(7, [kv('k', ...value)])])])));
    }
  });

  it('attribute maps: duplicate keys, no value, more than 16 entries, non-ASCII and long keys', () => {
    const attrs = (...kvs: Uint8Array[]) => kvs.map((k) => fMessage(6, [k]));
    const body = oneRecord(
      ...attrs(
        kv('a', fString(1, '1')),
        kv('b', fString(1, '2')),
        kv('a', fString(1, '3')),
        concat([fString(1, 'no value')]),
        concat([fMessage(2, [fString(1, 'no key')])]),
        kv('clé ✓', fString(1, 'v')),
        kv('k'.repeat(100), fString(1, 'v')),
        kv('event.name', fString(1, 'from attribute')),
        concat([fString(1, 'two values'), fMessage(2, [fString(1, 'x')]), fMessage(2, [fVarint(3, 9)])]),
        concat([fString(1, 'strindex'), fVarint(3, 4), fMessage(2, [fString(1, 's')])]),
      ),
    );
    const [row] = same(LOGS, body).rows;
    assert.deepEqual(row!.attributes, [
      ['a', '3'],
      ['b', '2'],
      ['no value', null],
      ['', 'no key'],
      ['clé ✓', 'v'],
      ['k'.repeat(100), 'v'],
      ['event.name', 'from attribute'],
      ['two values', '9'],
      ['strindex', 's'],
    ]);
    assert.equal(row!.event_name, 'from attribute');
    const many = Array.from({ length: 30 }, (_, i) => kv(`key${i % 20}`, fVarint(3, i)));
    same(LOGS, oneRecord(...attrs(...many)));
    same(TRACES, oneSpan(...many.map((k) => fMessage(9, [k]))));
  });

  it('every LogRecord field, ids absent, all-zero, repeated', () => {
    same(
      LOGS,
      oneRecord(
        fFixed64(1, 1_700_000_000_123_456_789n),
        fFixed64(11, 2n ** 64n - 1n),
        fVarint(2, 17),
        fString(3, 'ERROR'),
        fMessage(5, [fString(1, 'body')]),
        fMessage(6, [kv('k', fString(1, 'v'))]),
        fVarint(7, 2 ** 32 - 1),
        fFixed32(8, 0xffffffff),
        fBytes(9, TRACE),
        fBytes(10, SPAN),
        fString(12, 'event'),
      ),
    );
    same(LOGS, oneRecord(fBytes(9, new Uint8Array(16)), fBytes(10, new Uint8Array(8)), fVarint(2, -1), fVarint(2, 99)));
    same(LOGS, oneRecord(fBytes(9, Uint8Array.of(1, 2, 3)), fBytes(9, TRACE), fBytes(10, new Uint8Array(3)), fBytes(10, new Uint8Array(0))));
    same(LOGS, oneRecord(fMessage(5, [fString(1, 'a')]), fMessage(5, [fVarint(3, 1)]))); // body twice: the last
    // event_name from the attribute: empty string and empty value give NULL
    same(LOGS, oneRecord(fMessage(6, [kv('event.name', fString(1, ''))])));
    same(LOGS, oneRecord(fMessage(6, [kv('event.name')])));
    same(LOGS, oneRecord(fMessage(6, [kv('event.name', fVarint(3, 12))])));
  });

  it('resource and scope: absent, empty, full, sent twice, entity_refs, schema_url before and after', () => {
    const resource = fMessage(1, [
      fMessage(1, [kv('service.name', fString(1, 'svc'))]),
      fVarint(2, 3),
      fMessage(3, [fString(1, 'https://schema'), fString(2, 'service'), fString(3, 'service.name'), fString(4, 'd')]),
    ]);
    const scope = fMessage(1, [fString(1, 'lib'), fString(2, '1.0'), fMessage(3, [kv('s', fVarint(2, true))]), fVarint(4, 1)]);
    const record = fMessage(2, [fString(3, 'x')]); // severity_text of a LogRecord, trace_state of a Span
    const cases = [
      fMessage(1, [fMessage(2, [record])]),
      fMessage(1, [resource, fMessage(2, [scope, record, fString(3, 'scope-url')]), fString(3, 'resource-url')]),
      fMessage(1, [fString(3, 'first'), fMessage(2, [fString(3, 's'), record, scope]), resource]),
      fMessage(1, [resource, fMessage(1, []), fMessage(2, [scope, fMessage(1, [fString(1, 'second')]), record])]),
      fMessage(1, [fMessage(1, []), fMessage(2, [fMessage(1, []), record])]),
      concat([fMessage(1, [resource, fMessage(2, [record, record])]), fMessage(1, [fMessage(2, [record]), fMessage(2, [scope, record])])]),
    ];
    for (const body of cases) {
      same(LOGS, body);
      same(TRACES, body);
    }
  });

  it('number points: gauge and sum, as_double, as_int, none, both, exemplars, flags', () => {
    const point = (...fields: Uint8Array[]) => fMessage(1, fields);
    const exemplar = (...fields: Uint8Array[]) => fMessage(5, fields);
    const points = [
      point(fFixed64(2, 1n), fFixed64(3, 2n), fDouble(4, 1.5), fVarint(8, 1), fMessage(7, [kv('a', fString(1, 'b'))])),
      point(fFixed64(6, -(2n ** 63n))),
      point(fFixed64(6, 2n ** 53n + 1n)),
      point(fFixed64(6, 5n), fDouble(4, 0)), // both: the last one
      point(fDouble(4, -0), fFixed64(6, 0n)),
      point(),
      point(exemplar(fFixed64(2, 9n), fDouble(3, 2.5), fBytes(4, SPAN), fBytes(5, TRACE), fMessage(7, [kv('f', fVarint(3, 1))])), exemplar(fFixed64(6, -3n)), exemplar()),
      point(fVarint(8, -1)),
    ];
    same(METRICS, oneMetric(fString(1, 'g'), fString(2, 'desc'), fString(3, 'ms'), fMessage(5, points), fMessage(12, [kv('meta', fString(1, 'x'))])));
    for (const temporality of [0, 1, 2, 7, -1]) {
      for (const monotonic of [[], [fVarint(3, true)], [fVarint(3, false)]]) {
        same(METRICS, oneMetric(fString(1, 's'), fMessage(7, [...points, fVarint(2, temporality), ...monotonic])));
        same(METRICS, oneMetric(fString(1, 's'), fMessage(7, [fVarint(2, temporality), ...monotonic, ...points])));
      }
    }
  });

  it('histograms: packed and unpacked bucket counts and bounds, optional sum/min/max', () => {
    const counts = [0n, 3n, 2n ** 63n, 2n ** 64n - 1n];
    const bounds = [0, 5, 10.5];
    const variants = [
      [fBytes(6, concat(counts.map(fixed64Bytes))), fBytes(7, concat(bounds.map(doubleBytes)))],
      [...counts.map((c) => fFixed64(6, c)), ...bounds.map((b) => fDouble(7, b))],
      [fBytes(6, concat(counts.slice(0, 2).map(fixed64Bytes))), ...counts.slice(2).map((c) => fFixed64(6, c)), fDouble(7, 1), fBytes(7, concat(bounds.map(doubleBytes)))],
      [fBytes(7, concat(bounds.map(doubleBytes))), fBytes(7, concat(bounds.map(doubleBytes)))],
      [fBytes(6, new Uint8Array(0)), fBytes(7, new Uint8Array(0))],
      [],
    ];
    const optionals = [[], [fDouble(5, 0), fDouble(11, 0), fDouble(12, 0)], [fDouble(5, 12.5), fDouble(11, -1), fDouble(12, NaN)]];
    const points: Uint8Array[] = [];
    for (const v of variants) {
      for (const o of optionals) points.push(fMessage(1, [fFixed64(2, 1n), fFixed64(3, 2n), fFixed64(4, 7n), ...v, ...o, fVarint(10, 1)]));
    }
    // Several points with the same bounds (shared in the rows), then other bounds.
    const shared = fBytes(7, concat(bounds.map(doubleBytes)));
    points.push(fMessage(1, [shared]), fMessage(1, [shared, fDouble(7, 99)]), fMessage(1, [shared]), fMessage(1, [fBytes(7, doubleBytes(1))]));
    const result = same(METRICS, oneMetric(fString(1, 'h'), fMessage(9, [...points, fVarint(2, 2)])));
    const last = result.rows.slice(-4).map((r) => (r.histogram as Row).explicit_bounds);
    assert.deepEqual(last, [bounds, [...bounds, 99], bounds, [1]]);
  });

  it('exponential histograms: scale, zero count, buckets absent / empty / repeated, varint counts packed and not', () => {
    const buckets = (...fields: Uint8Array[]) => fields;
    const b1 = buckets(fSint32(1, -5), fBytes(2, concat([varintBytes(1), varintBytes(2n ** 63n), varintBytes(2n ** 64n - 1n)])));
    const b2 = buckets(fSint32(1, 3), fVarint(2, 4), fVarint(2, 0), fBytes(2, varintBytes(300)));
    const point = (...fields: Uint8Array[]) => fMessage(1, fields);
    same(
      METRICS,
      oneMetric(
        fString(1, 'e'),
        fMessage(10, [
          point(fMessage(1, [kv('a', fString(1, 'b'))]), fFixed64(4, 10n), fDouble(5, 3.5), fSint32(6, -3), fFixed64(7, 2n), fMessage(8, b1), fMessage(9, b2), fDouble(14, 0.001), fDouble(12, 0), fDouble(13, 9)),
          point(fMessage(8, []), fSint32(6, 20)),
          point(fMessage(8, b1), fMessage(8, b2), fMessage(9, b2), fMessage(9, [])),
          point(fMessage(11, [fBytes(5, TRACE)]), fVarint(10, 1)),
          point(),
          fVarint(2, 1),
        ]),
      ),
    );
  });

  it('summaries and quantiles', () => {
    const q = (quantile: number, value: number) => fMessage(6, [fDouble(1, quantile), fDouble(2, value)]);
    same(
      METRICS,
      oneMetric(
        fString(1, 'q'),
        fMessage(11, [
          fMessage(1, [fFixed64(2, 1n), fFixed64(3, 2n), fFixed64(4, 3n), fDouble(5, 6), q(0, 1), q(0.5, 2), q(1, 3), fMessage(6, []), fVarint(8, 1)]),
          fMessage(1, []),
        ]),
      ),
    );
  });

  it('metrics without data, with empty data, with several data fields (the last one wins)', () => {
    const gauge = fMessage(5, [fMessage(1, [fDouble(4, 1)])]);
    const sum = fMessage(7, [fMessage(1, [fDouble(4, 2)]), fVarint(2, 1)]);
    const summary = fMessage(11, [fMessage(1, [fDouble(5, 3)])]);
    const names = Array.from({ length: 5 }, (_, i) => fMessage(2, [fString(1, `no-data-${i}`)]));
    const long = fMessage(2, [fString(1, 'n'.repeat(150))]);
    const metrics = fMessage(1, [fMessage(2, [
      ...names,
      long,
      fMessage(2, [fString(1, 'empty gauge'), fMessage(5, [])]),
      fMessage(2, [fString(1, 'gauge then sum'), gauge, sum]),
      fMessage(2, [fString(1, 'sum then gauge'), sum, gauge, fMessage(12, [kv('m', fString(1, 'v'))])]),
      fMessage(2, [fString(1, 'three'), summary, gauge, sum]),
      fMessage(2, [fString(1, 'sum twice'), sum, fMessage(7, [fMessage(1, [fFixed64(6, 9n)])])]),
      // a replaced data field may carry an id of the wrong length: the old path never checks it
      fMessage(2, [fString(1, 'bad id replaced'), fMessage(5, [fMessage(1, [fMessage(5, [fBytes(5, new Uint8Array(3))])])]), sum]),
    ])]);
    const result = same(METRICS, metrics);
    assert.match(result.rejectionMessage, /^6 metrics had no data .*"no-data-0", "no-data-1", "no-data-2", and 3 more$/);
    same(METRICS, oneMetric(fString(1, 'n'.repeat(150))));
  });

  it('spans: every field, events, links, status absent / present / twice, unknown kinds and codes', () => {
    const event = fMessage(11, [fFixed64(1, 5n), fString(2, 'ev'), fMessage(3, [kv('e', fString(1, 'v'))]), fVarint(4, 2)]);
    const link = fMessage(13, [fBytes(1, TRACE), fBytes(2, SPAN), fString(3, 'k=v'), fMessage(4, [kv('l', fVarint(3, 1))]), fVarint(5, 1), fFixed32(6, 0x301)]);
    same(
      TRACES,
      oneSpan(
        fBytes(1, TRACE),
        fBytes(2, SPAN),
        fString(3, 'state'),
        fBytes(4, SPAN),
        fFixed32(16, 0xffffffff),
        fString(5, 'name'),
        fVarint(6, 2),
        fFixed64(7, 1n),
        fFixed64(8, 2n),
        fMessage(9, [kv('a', fString(1, 'b'))]),
        fVarint(10, 1),
        event,
        event,
        fVarint(12, 3),
        link,
        fMessage(13, []),
        fVarint(14, 4),
        fMessage(15, [fString(2, 'msg'), fVarint(3, 2)]),
      ),
    );
    for (const kind of [0, 5, 6, -1]) for (const code of [0, 1, 2, 3, -2]) same(TRACES, oneSpan(fVarint(6, kind), fMessage(15, [fVarint(3, code)])));
    same(TRACES, oneSpan(fMessage(15, [fString(2, 'first')]), fMessage(15, [fVarint(3, 1)])));
    same(TRACES, oneSpan(fMessage(15, [])));
  });

  it('unknown fields of every wire type, groups included, at every level', () => {
    const unknown = [fVarint(99, 5), fFixed64(98, 1n), fBytes(97, Uint8Array.of(1, 2)), fFixed32(96, 7), fGroup(95, [fVarint(1, 1), fGroup(2, [])]), fVarint(1000, 1)];
    same(LOGS, fMessage(1, [...unknown, fMessage(2, [...unknown, fMessage(2, [...unknown, fMessage(5, [...unknown, fString(1, 'b')]), fMessage(6, [...unknown, fString(1, 'k'), fMessage(2, [...unknown])]), fVarint(4, 9)])]), fMessage(1, unknown)]));
    same(METRICS, concat([...unknown, oneMetric(...unknown, fString(1, 'm'), fVarint(4, 1), fVarint(6, 1), fMessage(8, []), fMessage(5, [...unknown, fMessage(1, [...unknown, fVarint(1, 1)])]))]));
    same(TRACES, oneSpan(...unknown, fMessage(15, [fVarint(1, 1), ...unknown]), fMessage(11, unknown), fMessage(13, unknown)));
  });

  it('varints: negative int32 as 10 bytes, overlong encodings of up to 5 bytes, key_strindex', () => {
    const overlong = (field: number, value: number, pad: number) => fVarint(field, value, pad);
    same(LOGS, oneRecord(overlong(2, 9, 4), overlong(7, 3, 2), fVarint(7, -5), fMessage(6, [concat([tag(1, WT.LEN, 3), varintBytes(1, 2), Uint8Array.of(0x6b)])])));
    same(TRACES, oneSpan(fVarint(6, -2147483648), fVarint(10, 2 ** 32 - 1), fVarint(12, 2 ** 31)));
    same(METRICS, oneMetric(fMessage(10, [fMessage(1, [fSint32(6, -2147483648), fMessage(8, [fSint32(1, 2147483647)])])])));
  });

  it('a Buffer and a Uint8Array at an offset of a larger ArrayBuffer read alike', () => {
    const body = sdkLogs();
    const expected = LOGS.old(body);
    const larger = new Uint8Array(body.length + 11);
    larger.set(body, 7);
    assert.deepStrictEqual(LOGS.new(larger.subarray(7, 7 + body.length)), expected);
    assert.deepStrictEqual(LOGS.new(Buffer.from(body)), expected);
  });
});

describe('values past the signed LONG range: the record is rejected alike on both paths', () => {
  const U64_MAX = 2n ** 64n - 1n;
  const TOP = 2n ** 63n;
  const LONG = ' does not fit a signed 64-bit LONG';

  it('log records and spans: each time field; the other records of the request are stored', () => {
    const logs = same(
      LOGS,
      fMessage(1, [
        fMessage(2, [
          fMessage(2, [fFixed64(1, U64_MAX), fString(3, 'late')]),
          fMessage(2, [fFixed64(1, 5n), fString(3, 'kept')]),
          fMessage(2, [fFixed64(11, TOP)]),
          // sent twice: the last value is the one that counts
          fMessage(2, [fFixed64(1, U64_MAX), fFixed64(1, 7n), fString(3, 'kept too')]),
        ]),
      ]),
    );
    assert.deepEqual(
      logs.rows.map((r) => r.severity_text),
      ['kept', 'kept too'],
    );
    assert.equal(logs.rejected, 2);
    assert.equal(logs.rejectionMessage, `2 log records were rejected; the first: time_unix_nano 18446744073709551615${LONG}`);
    assert.equal(same(LOGS, oneRecord(fFixed64(11, TOP))).rejectionMessage, `1 log record was rejected: observed_time_unix_nano 9223372036854775808${LONG}`);

    const event = (time: bigint) => fMessage(11, [fFixed64(1, time), fString(2, 'e')]);
    const spans = [
      [oneSpan(fFixed64(7, TOP)), `start_time_unix_nano 9223372036854775808`],
      [oneSpan(fFixed64(7, 1n), fFixed64(8, U64_MAX)), `end_time_unix_nano 18446744073709551615`],
      [oneSpan(event(1n), event(U64_MAX - 1n)), `events.time_unix_nano 18446744073709551614`],
    ] as const;
    for (const [body, field] of spans) assert.deepEqual(same(TRACES, body), { rows: [], rejected: 1, rejectionMessage: `1 span was rejected: ${field}${LONG}` });
  });

  it('metric points: times, counts, bucket counts (fixed64 and varint), zero count, exemplar times', () => {
    const point = (...fields: Uint8Array[]) => fMessage(1, fields);
    const cases: Array<[Uint8Array, string]> = [
      [fMessage(5, [point(fFixed64(3, U64_MAX))]), 'gauge.time_unix_nano 18446744073709551615'],
      [fMessage(7, [point(fFixed64(2, TOP)), fVarint(2, 1)]), 'sum.start_time_unix_nano 9223372036854775808'],
      [fMessage(7, [point(fMessage(5, [fFixed64(2, 1n)]), fMessage(5, [fFixed64(2, U64_MAX)]))]), 'sum.exemplars.time_unix_nano 18446744073709551615'],
      [fMessage(9, [point(fFixed64(4, U64_MAX))]), 'histogram.count 18446744073709551615'],
      [fMessage(9, [point(fBytes(6, concat([fixed64Bytes(1n), fixed64Bytes(TOP)])))]), 'histogram.bucket_counts 9223372036854775808'],
      [fMessage(9, [point(fFixed64(6, 2n), fFixed64(6, U64_MAX))]), 'histogram.bucket_counts 18446744073709551615'],
      [fMessage(9, [point(fMessage(8, [fFixed64(2, TOP)]))]), 'histogram.exemplars.time_unix_nano 9223372036854775808'],
      [fMessage(10, [point(fFixed64(7, U64_MAX))]), 'exponential_histogram.zero_count 18446744073709551615'],
      [fMessage(10, [point(fMessage(8, [fBytes(2, concat([varintBytes(1), varintBytes(U64_MAX)]))]))]), 'exponential_histogram.positive_bucket.bucket_counts 18446744073709551615'],
      [fMessage(10, [point(fMessage(9, [fVarint(2, TOP)]))]), 'exponential_histogram.negative_bucket.bucket_counts 9223372036854775808'],
      [fMessage(10, [point(fMessage(11, [fFixed64(2, TOP)]))]), 'exponential_histogram.exemplars.time_unix_nano 9223372036854775808'],
      [fMessage(11, [point(fFixed64(4, U64_MAX))]), 'summary.count 18446744073709551615'],
      // several at once: the first in column order, whatever the wire order
      [fMessage(11, [point(fFixed64(4, U64_MAX), fFixed64(3, TOP))]), 'summary.time_unix_nano 9223372036854775808'],
    ];
    for (const [data, field] of cases) {
      const result = same(METRICS, oneMetric(fString(1, 'm'), data));
      assert.deepEqual(result, { rows: [], rejected: 1, rejectionMessage: `1 data point was rejected: ${field}${LONG}` }, field);
    }
  });

  it('a rejected point does not taint the next one, nor a replaced data field the kept one', () => {
    const point = (...fields: Uint8Array[]) => fMessage(1, fields);
    const result = same(
      METRICS,
      concat([
        oneMetric(fString(1, 'a'), fMessage(5, [point(fFixed64(3, U64_MAX)), point(fFixed64(3, 1n)), point(fFixed64(3, U64_MAX), fFixed64(3, 2n))])),
        // the gauge is replaced by the sum (the last data field wins): only the sum's points count
        oneMetric(fString(1, 'b'), fMessage(5, [point(fFixed64(3, U64_MAX))]), fMessage(7, [point(fFixed64(3, 3n))])),
        oneMetric(fString(1, 'c')),
      ]),
    );
    assert.deepEqual(
      result.rows.map((r) => [r.name, ((r.gauge ?? r.sum) as Row).time_unix_nano]),
      [
        ['a', 1n],
        ['a', 2n],
        ['b', 3n],
      ],
    );
    assert.equal(result.rejected, 1);
    assert.equal(
      result.rejectionMessage,
      `1 data point was rejected: gauge.time_unix_nano 18446744073709551615${LONG}; ` +
        '1 metric had no data (none of gauge, sum, histogram, exponential_histogram, summary) and was not stored: "c"',
    );
  });
});

describe('large generated payloads (the shapes of measure.ts)', () => {
  it('10,000 metric points and 10,000 log records', () => {
    assert.equal(same(METRICS, metricsPayload(10_000)).rows.length, 10_000);
    assert.equal(same(LOGS, logsPayload(10_000)).rows.length, 10_000);
  });

  it('decoding twice gives the same rows (the process-wide caches change nothing)', () => {
    const body = metricsPayload(2_000, 7);
    assert.deepStrictEqual(METRICS.new(body), METRICS.new(body));
  });
});
