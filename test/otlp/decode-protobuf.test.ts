/**
 * Hand-built protobuf bodies for what SDK data rarely shows: 64-bit extremes, field presence,
 * empty and nested values, unknown fields. The bytes come from `wire.ts`, with field numbers
 * written out from the OTLP specification.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeLogsProtobuf, decodeMetricsProtobuf, decodeTracesProtobuf } from './reference/decode-protobuf.js';
import type * as T from '../../src/otlp/types.js';
import * as W from './wire.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
const ABOVE_2_53 = 2n ** 53n + 1n;

/** An ExportMetricsServiceRequest holding one metric made of `fields`. */
function oneMetric(...fields: Uint8Array[]): T.Metric {
  const body = W.message(1, W.message(2, W.message(2, ...fields))); // resource_metrics.scope_metrics.metrics
  const request = decodeMetricsProtobuf(body);
  return request.resourceMetrics[0]!.scopeMetrics[0]!.metrics[0]!;
}

/** An ExportLogsServiceRequest holding one log record made of `fields`. */
function oneLogRecord(...fields: Uint8Array[]): T.LogRecord {
  const body = W.message(1, W.message(2, W.message(2, ...fields))); // resource_logs.scope_logs.log_records
  return decodeLogsProtobuf(body).resourceLogs[0]!.scopeLogs[0]!.logRecords[0]!;
}

/** A log record whose body is the AnyValue made of `fields`. */
function bodyOf(...fields: Uint8Array[]): T.AnyValue | null {
  return oneLogRecord(W.message(5, ...fields)).body;
}

describe('decodeMetricsProtobuf: 64-bit values', () => {
  it('keeps fixed64 times and sfixed64 as_int exact, at the extremes', () => {
    const metric = oneMetric(
      W.string(1, 'm'),
      W.message(
        5, // gauge
        W.message(1, W.fixed64(2, UINT64_MAX), W.fixed64(3, 1_700_000_000_123_456_789n), W.fixed64(6, INT64_MIN)),
        W.message(1, W.fixed64(3, ABOVE_2_53), W.fixed64(6, INT64_MAX)),
        W.message(1, W.fixed64(6, -1n)),
      ),
    );
    assert.equal(metric.data?.type, 'gauge');
    const [a, b, c] = metric.data!.dataPoints as T.NumberDataPoint[];
    assert.equal(a!.startTimeUnixNano, UINT64_MAX);
    assert.equal(a!.timeUnixNano, 1_700_000_000_123_456_789n);
    assert.equal(a!.value, INT64_MIN);
    assert.equal(b!.timeUnixNano, ABOVE_2_53);
    assert.equal(b!.startTimeUnixNano, 0n);
    assert.equal(b!.value, INT64_MAX);
    assert.equal(c!.value, -1n);
  });

  it('keeps fixed64 and uint64 counts above 2^53 exact', () => {
    const histogram = oneMetric(
      W.message(9, W.message(1, W.fixed64(4, ABOVE_2_53), W.packedFixed64(6, [ABOVE_2_53, UINT64_MAX]))),
    );
    const point = histogram.data!.dataPoints[0] as T.HistogramDataPoint;
    assert.equal(point.count, ABOVE_2_53);
    assert.deepEqual(point.bucketCounts, [ABOVE_2_53, UINT64_MAX]);

    const exponential = oneMetric(
      W.message(
        10,
        W.message(
          1,
          W.fixed64(4, UINT64_MAX),
          W.fixed64(7, ABOVE_2_53),
          W.message(8, W.sint(1, -3), W.packedVarint(2, [ABOVE_2_53, UINT64_MAX, 0n])),
          W.message(9, W.packedVarint(2, [1n])),
          W.sint(6, -2),
        ),
        W.varint(2, 2),
      ),
    );
    assert.equal(exponential.data?.type, 'exponential_histogram');
    const e = exponential.data!.dataPoints[0] as T.ExponentialHistogramDataPoint;
    assert.equal(e.count, UINT64_MAX);
    assert.equal(e.zeroCount, ABOVE_2_53);
    assert.deepEqual(e.positive, { offset: -3, bucketCounts: [ABOVE_2_53, UINT64_MAX, 0n] });
    assert.deepEqual(e.negative, { offset: 0, bucketCounts: [1n] });
    assert.equal(e.scale, -2);
  });

  it('keeps int64 AnyValue.int_value exact, negative and above 2^53', () => {
    assert.deepEqual(bodyOf(W.varint(3, ABOVE_2_53)), { kind: 'int', value: ABOVE_2_53 });
    assert.deepEqual(bodyOf(W.varint(3, -5n)), { kind: 'int', value: -5n });
    assert.deepEqual(bodyOf(W.varint(3, INT64_MIN)), { kind: 'int', value: INT64_MIN });
    assert.deepEqual(bodyOf(W.varint(3, INT64_MAX)), { kind: 'int', value: INT64_MAX });
    assert.deepEqual(bodyOf(W.varint(3, 0)), { kind: 'int', value: 0n });
  });
});

describe('decodeMetricsProtobuf: presence', () => {
  it('gives null for absent optional sum/min/max and keeps present zeros', () => {
    const absent = oneMetric(W.message(9, W.message(1, W.fixed64(4, 0n))));
    const a = absent.data!.dataPoints[0] as T.HistogramDataPoint;
    assert.equal(a.sum, null);
    assert.equal(a.min, null);
    assert.equal(a.max, null);

    const zeros = oneMetric(W.message(9, W.message(1, W.double(5, 0), W.double(11, 0), W.double(12, -0))));
    const z = zeros.data!.dataPoints[0] as T.HistogramDataPoint;
    assert.equal(z.sum, 0);
    assert.equal(z.min, 0);
    assert.ok(Object.is(z.max, -0));

    const exponential = oneMetric(W.message(10, W.message(1, W.double(5, 0), W.double(13, 2.5))));
    const e = exponential.data!.dataPoints[0] as T.ExponentialHistogramDataPoint;
    assert.deepEqual([e.sum, e.min, e.max], [0, null, 2.5]);
    assert.equal(e.positive, null);
    assert.equal(e.negative, null);
  });

  it('gives null for a point without a value and for a metric without data', () => {
    const metric = oneMetric(W.string(1, 'm'), W.message(7, W.message(1, W.fixed64(3, 1n)), W.varint(3, true)));
    assert.equal(metric.data?.type, 'sum');
    assert.equal((metric.data!.dataPoints[0] as T.NumberDataPoint).value, null);
    assert.equal(oneMetric(W.string(1, 'no data')).data, null);
  });

  it('distinguishes as_double 0 from as_int 0', () => {
    const metric = oneMetric(W.message(5, W.message(1, W.double(4, 0)), W.message(1, W.fixed64(6, 0n))));
    const values = metric.data!.dataPoints.map((p) => (p as T.NumberDataPoint).value);
    assert.deepEqual(values, [0, 0n]);
  });

  it('gives null for an absent resource and scope, and an empty one for an empty message', () => {
    const absent = decodeMetricsProtobuf(W.message(1, W.message(2, W.string(3, 'https://scope'))));
    assert.equal(absent.resourceMetrics[0]!.resource, null);
    assert.equal(absent.resourceMetrics[0]!.scopeMetrics[0]!.scope, null);
    assert.equal(absent.resourceMetrics[0]!.scopeMetrics[0]!.schemaUrl, 'https://scope');

    const empty = decodeMetricsProtobuf(W.message(1, W.message(1), W.message(2, W.message(1))));
    assert.deepEqual(empty.resourceMetrics[0]!.resource, { attributes: [], droppedAttributesCount: 0 });
    assert.deepEqual(empty.resourceMetrics[0]!.scopeMetrics[0]!.scope, {
      name: '',
      version: '',
      attributes: [],
      droppedAttributesCount: 0,
    });
  });

  it('decodes an empty body as an empty request', () => {
    assert.deepEqual(decodeMetricsProtobuf(new Uint8Array(0)), { resourceMetrics: [] });
    assert.deepEqual(decodeLogsProtobuf(new Uint8Array(0)), { resourceLogs: [] });
    assert.deepEqual(decodeTracesProtobuf(new Uint8Array(0)), { resourceSpans: [] });
  });
});

describe('decodeMetricsProtobuf: the other metric fields', () => {
  it('decodes summaries, exemplars, flags and metadata', () => {
    const traceId = Uint8Array.from({ length: 16 }, (_, i) => i + 1);
    const spanId = Uint8Array.from({ length: 8 }, (_, i) => 0xf0 + i);
    const metric = oneMetric(
      W.string(1, 'rpc.duration'),
      W.string(2, 'how long'),
      W.string(3, 's'),
      W.message(
        11,
        W.message(
          1,
          W.fixed64(4, 10n),
          W.double(5, 12.5),
          W.message(6, W.double(1, 0.5), W.double(2, 1.25)),
          W.message(6, W.double(1, 0.99)),
          W.varint(8, 1),
          W.message(7, W.string(1, 'route'), W.message(2, W.string(1, '/x'))),
        ),
      ),
      W.message(12, W.string(1, 'origin'), W.message(2, W.string(1, 'prometheus'))),
    );
    assert.equal(metric.description, 'how long');
    assert.equal(metric.unit, 's');
    assert.deepEqual(metric.metadata, [{ key: 'origin', value: { kind: 'string', value: 'prometheus' } }]);
    assert.deepEqual(metric.data, {
      type: 'summary',
      dataPoints: [
        {
          attributes: [{ key: 'route', value: { kind: 'string', value: '/x' } }],
          startTimeUnixNano: 0n,
          timeUnixNano: 0n,
          count: 10n,
          sum: 12.5,
          quantileValues: [
            { quantile: 0.5, value: 1.25 },
            { quantile: 0.99, value: 0 },
          ],
          flags: 1,
        },
      ],
    });

    const withExemplar = oneMetric(
      W.message(
        7,
        W.message(
          1,
          W.double(4, 3),
          W.message(5, W.fixed64(2, 99n), W.fixed64(6, -4n), W.bytes(4, spanId), W.bytes(5, traceId)),
          W.message(5, W.double(3, 0.5), W.message(7, W.string(1, 'user'), W.message(2, W.string(1, 'u1')))),
        ),
      ),
    );
    const [first, second] = (withExemplar.data!.dataPoints[0] as T.NumberDataPoint).exemplars;
    assert.deepEqual(first, { filteredAttributes: [], timeUnixNano: 99n, value: -4n, spanId, traceId });
    assert.deepEqual(second!.value, 0.5);
    assert.deepEqual(second!.spanId, new Uint8Array(0));
    assert.deepEqual(second!.filteredAttributes, [{ key: 'user', value: { kind: 'string', value: 'u1' } }]);
  });
});

describe('decodeLogsProtobuf', () => {
  it('decodes every LogRecord field, event_name being field 12', () => {
    const traceId = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i);
    const spanId = Uint8Array.from({ length: 8 }, (_, i) => i);
    const record = oneLogRecord(
      W.fixed64(1, 1_700_000_000_000_000_001n),
      W.fixed64(11, 1_700_000_000_000_000_002n),
      W.varint(2, 17),
      W.string(3, 'ERROR'),
      W.message(5, W.string(1, 'boom')),
      W.message(6, W.string(1, 'k'), W.message(2, W.varint(2, true))),
      W.varint(7, 3),
      W.fixed32(8, 0x01),
      W.bytes(9, traceId),
      W.bytes(10, spanId),
      W.string(12, 'claude_code.api_request'),
    );
    assert.deepEqual(record, {
      timeUnixNano: 1_700_000_000_000_000_001n,
      observedTimeUnixNano: 1_700_000_000_000_000_002n,
      severityNumber: 17,
      severityText: 'ERROR',
      body: { kind: 'string', value: 'boom' },
      attributes: [{ key: 'k', value: { kind: 'bool', value: true } }],
      droppedAttributesCount: 3,
      flags: 1,
      traceId,
      spanId,
      eventName: 'claude_code.api_request',
    });
  });

  it('gives defaults for an empty record: null body, empty ids', () => {
    assert.deepEqual(oneLogRecord(), {
      timeUnixNano: 0n,
      observedTimeUnixNano: 0n,
      severityNumber: 0,
      severityText: '',
      body: null,
      attributes: [],
      droppedAttributesCount: 0,
      flags: 0,
      traceId: new Uint8Array(0),
      spanId: new Uint8Array(0),
      eventName: '',
    });
  });

  it('decodes empty, nested, double and bytes AnyValues', () => {
    assert.deepEqual(bodyOf(), { kind: 'empty' });
    assert.deepEqual(bodyOf(W.double(4, -1.5)), { kind: 'double', value: -1.5 });
    assert.deepEqual(bodyOf(W.bytes(7, Uint8Array.of(0, 1, 255))), { kind: 'bytes', value: Uint8Array.of(0, 1, 255) });
    assert.deepEqual(bodyOf(W.string(1, '')), { kind: 'string', value: '' });
    assert.deepEqual(bodyOf(W.message(5)), { kind: 'array', values: [] });
    assert.deepEqual(bodyOf(W.message(6)), { kind: 'kvlist', values: [] });
    assert.deepEqual(
      bodyOf(
        W.message(
          6, // kvlist_value
          W.message(
            1,
            W.string(1, 'list'),
            W.message(2, W.message(5, W.message(1, W.varint(3, 1)), W.message(1), W.message(1, W.message(6)))),
          ),
          W.message(1, W.string(1, 'no value')),
          W.message(1, W.string(1, 'empty value'), W.message(2)),
        ),
      ),
      {
        kind: 'kvlist',
        values: [
          {
            key: 'list',
            value: {
              kind: 'array',
              values: [{ kind: 'int', value: 1n }, { kind: 'empty' }, { kind: 'kvlist', values: [] }],
            },
          },
          { key: 'no value', value: null },
          { key: 'empty value', value: { kind: 'empty' } },
        ],
      },
    );
  });

  it('returns plain Uint8Array copies, not views into the body', () => {
    const body = W.message(1, W.message(2, W.message(2, W.bytes(9, new Uint8Array(16).fill(7)), W.message(5, W.bytes(7, Uint8Array.of(9))))));
    const record = decodeLogsProtobuf(body).resourceLogs[0]!.scopeLogs[0]!.logRecords[0]!;
    body.fill(0);
    assert.equal(Object.getPrototypeOf(record.traceId), Uint8Array.prototype);
    assert.deepEqual(record.traceId, new Uint8Array(16).fill(7));
    assert.deepEqual(record.body, { kind: 'bytes', value: Uint8Array.of(9) });
  });

  it('accepts a Buffer as well as a Uint8Array, at any offset of its ArrayBuffer', () => {
    const inner = W.message(1, W.message(2, W.message(2, W.string(12, 'e'))));
    const padded = new Uint8Array(inner.length + 10);
    padded.set(inner, 5);
    const view = padded.subarray(5, 5 + inner.length);
    assert.equal(decodeLogsProtobuf(view).resourceLogs[0]!.scopeLogs[0]!.logRecords[0]!.eventName, 'e');
    assert.equal(decodeLogsProtobuf(Buffer.from(inner)).resourceLogs[0]!.scopeLogs[0]!.logRecords[0]!.eventName, 'e');
  });
});

describe('unknown fields', () => {
  it('skips unknown fields of every wire type, at every level', () => {
    const unknown = [W.varint(99, 5), W.fixed64(98, 1n), W.string(97, 'x'), W.fixed32(96, 1), W.message(95, W.varint(1, 1))];
    const body = W.message(
      1,
      ...unknown,
      W.message(1, ...unknown, W.message(1, W.string(1, 'service.name'), W.message(2, W.string(1, 's'), ...unknown))),
      W.message(2, ...unknown, W.message(2, ...unknown, W.string(12, 'evt'), W.message(5, ...unknown))),
    );
    const request = decodeLogsProtobuf(concat(W.varint(50, 1), body, W.string(51, 'trailing')));
    const rl = request.resourceLogs[0]!;
    assert.deepEqual(rl.resource!.attributes, [{ key: 'service.name', value: { kind: 'string', value: 's' } }]);
    const record = rl.scopeLogs[0]!.logRecords[0]!;
    assert.equal(record.eventName, 'evt');
    assert.deepEqual(record.body, { kind: 'empty' });
  });

  it('treats the profiles-only string_value_strindex and key_strindex as absent', () => {
    assert.deepEqual(bodyOf(W.varint(8, 4)), { kind: 'empty' });
    const record = oneLogRecord(W.message(6, W.varint(3, 2), W.message(2, W.string(1, 'v'))));
    assert.deepEqual(record.attributes, [{ key: '', value: { kind: 'string', value: 'v' } }]);
  });
});

describe('decodeTracesProtobuf', () => {
  it('decodes spans, events, links and status, with null for an absent status', () => {
    const traceId = new Uint8Array(16).fill(0xab);
    const spanId = new Uint8Array(8).fill(0xcd);
    const parent = new Uint8Array(8).fill(0xef);
    const body = W.message(
      1,
      W.message(
        2,
        W.message(1, W.string(1, 'tracer'), W.string(2, '1.0')),
        W.message(
          2,
          W.bytes(1, traceId),
          W.bytes(2, spanId),
          W.string(3, 'k=v'),
          W.bytes(4, parent),
          W.fixed32(16, 0x301),
          W.string(5, 'op'),
          W.varint(6, 3),
          W.fixed64(7, 10n),
          W.fixed64(8, UINT64_MAX),
          W.varint(10, 1),
          W.message(11, W.fixed64(1, 11n), W.string(2, 'evt'), W.varint(4, 2)),
          W.varint(12, 4),
          W.message(13, W.bytes(1, traceId), W.bytes(2, parent), W.string(3, 'a=b'), W.varint(5, 6), W.fixed32(6, 0x100)),
          W.varint(14, 5),
          W.message(15, W.string(2, 'bad'), W.varint(3, 2)),
        ),
        W.message(2, W.string(5, 'bare')),
        W.string(3, 'https://schema'),
      ),
    );
    const ss = decodeTracesProtobuf(body).resourceSpans[0]!.scopeSpans[0]!;
    assert.equal(ss.schemaUrl, 'https://schema');
    assert.deepEqual(ss.spans[0], {
      traceId,
      spanId,
      traceState: 'k=v',
      parentSpanId: parent,
      flags: 0x301,
      name: 'op',
      kind: 3,
      startTimeUnixNano: 10n,
      endTimeUnixNano: UINT64_MAX,
      attributes: [],
      droppedAttributesCount: 1,
      events: [{ timeUnixNano: 11n, name: 'evt', attributes: [], droppedAttributesCount: 2 }],
      droppedEventsCount: 4,
      links: [{ traceId, spanId: parent, traceState: 'a=b', attributes: [], droppedAttributesCount: 6, flags: 0x100 }],
      droppedLinksCount: 5,
      status: { message: 'bad', code: 2 },
    });
    assert.equal(ss.spans[1]!.status, null);
    assert.equal(ss.spans[1]!.traceId.length, 0);
  });
});

function concat(...parts: Uint8Array[]): Uint8Array {
  return W.concat(...parts);
}
