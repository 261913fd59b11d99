/**
 * Hand-written OTLP/JSON bodies: the forms real senders use (pretty-printed, explicit defaults,
 * int64 as strings or as numbers, `"traceId": ""`, `{}` values) and what the proto3 JSON mapping
 * allows besides (snake_case names, enum names, `null`, numeric strings).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeLogsJson, decodeMetricsJson, decodeTracesJson } from '../../src/otlp/decode-json.js';
import type * as T from '../../src/otlp/types.js';

function oneLogRecord(record: string): T.LogRecord {
  const request = decodeLogsJson(`{"resourceLogs":[{"scopeLogs":[{"logRecords":[${record}]}]}]}`);
  return request.resourceLogs[0]!.scopeLogs[0]!.logRecords[0]!;
}

function bodyOf(anyValue: string): T.AnyValue | null {
  return oneLogRecord(`{"body":${anyValue}}`).body;
}

function oneMetric(metric: string): T.Metric {
  const request = decodeMetricsJson(`{"resourceMetrics":[{"scopeMetrics":[{"metrics":[${metric}]}]}]}`);
  return request.resourceMetrics[0]!.scopeMetrics[0]!.metrics[0]!;
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

describe('OTLP/JSON 64-bit integers', () => {
  it('reads intValue exactly as a string or as a number, above 2^53 and negative', () => {
    assert.deepEqual(bodyOf('{"intValue":"9007199254740993"}'), { kind: 'int', value: 9007199254740993n });
    assert.deepEqual(bodyOf('{"intValue":9007199254740993}'), { kind: 'int', value: 9007199254740993n });
    assert.deepEqual(bodyOf('{"intValue":-9007199254740993}'), { kind: 'int', value: -9007199254740993n });
    assert.deepEqual(bodyOf('{"intValue":"-9223372036854775808"}'), { kind: 'int', value: -(2n ** 63n) });
    assert.deepEqual(bodyOf('{"intValue":9223372036854775807}'), { kind: 'int', value: 2n ** 63n - 1n });
    assert.deepEqual(bodyOf('{"intValue":-5}'), { kind: 'int', value: -5n });
    assert.deepEqual(bodyOf('{"intValue":"0"}'), { kind: 'int', value: 0n });
    assert.deepEqual(bodyOf('{"intValue":1e3}'), { kind: 'int', value: 1000n });
  });

  it('reads fixed64 times and uint64 counts exactly as strings or numbers', () => {
    const record = oneLogRecord('{"timeUnixNano":1700000000123456789,"observedTimeUnixNano":"18446744073709551615"}');
    assert.equal(record.timeUnixNano, 1_700_000_000_123_456_789n);
    assert.equal(record.observedTimeUnixNano, 2n ** 64n - 1n);

    const metric = oneMetric(`{"name":"h","histogram":{"dataPoints":[{
      "count": 9007199254740993, "bucketCounts": ["9007199254740993", 18446744073709551615, 3]}]}}`);
    const point = metric.data!.dataPoints[0] as T.HistogramDataPoint;
    assert.equal(point.count, 9007199254740993n);
    assert.deepEqual(point.bucketCounts, [9007199254740993n, 2n ** 64n - 1n, 3n]);

    const exponential = oneMetric(`{"exponentialHistogram":{"dataPoints":[{"zeroCount":"12345678901234567890",
      "positive":{"offset":-2,"bucketCounts":[12345678901234567890,"1"]}}]}}`);
    const e = exponential.data!.dataPoints[0] as T.ExponentialHistogramDataPoint;
    assert.equal(e.zeroCount, 12345678901234567890n);
    assert.deepEqual(e.positive, { offset: -2, bucketCounts: [12345678901234567890n, 1n] });
  });

  it('reads asInt exactly and keeps doubles with long integer parts as doubles', () => {
    const metric = oneMetric(`{"gauge":{"dataPoints":[
      {"asInt":"-9223372036854775808"}, {"asInt":9007199254740993}, {"asDouble":12345678901234567890.5},
      {"asDouble":"1.5"}, {"asDouble":"NaN"}, {"asDouble":"-Infinity"}, {"asDouble":1e300}]}}`);
    const values = metric.data!.dataPoints.map((p) => (p as T.NumberDataPoint).value);
    assert.deepEqual(values, [-(2n ** 63n), 9007199254740993n, 12345678901234567890.5, 1.5, NaN, -Infinity, 1e300]);
  });
});

describe('OTLP/JSON as real senders write it', () => {
  it('accepts pretty-printed JSON, explicit defaults, int64 strings and an empty traceId (Codex CLI)', () => {
    const text = `{
      "resourceLogs": [
        {
          "resource": {
            "attributes": [ { "key": "service.name", "value": { "stringValue": "codex" } } ],
            "droppedAttributesCount": 0
          },
          "scopeLogs": [
            {
              "scope": { "name": "codex_otel", "version": "" },
              "logRecords": [
                {
                  "timeUnixNano": "0",
                  "observedTimeUnixNano": "1758000000123456789",
                  "severityNumber": 9,
                  "severityText": "INFO",
                  "body": { "stringValue": "codex.api_request" },
                  "attributes": [
                    { "key": "event.name", "value": { "stringValue": "codex.api_request" } },
                    { "key": "duration_ms", "value": { "intValue": "1234" } }
                  ],
                  "droppedAttributesCount": 0,
                  "flags": 0,
                  "traceId": "",
                  "spanId": "",
                  "eventName": "codex_otel::otel_event_manager"
                }
              ],
              "schemaUrl": ""
            }
          ],
          "schemaUrl": ""
        }
      ]
    }`;
    const rl = decodeLogsJson(text).resourceLogs[0]!;
    assert.deepEqual(rl.scopeLogs[0]!.scope, { name: 'codex_otel', version: '', attributes: [], droppedAttributesCount: 0 });
    assert.deepEqual(rl.scopeLogs[0]!.logRecords[0], {
      timeUnixNano: 0n,
      observedTimeUnixNano: 1_758_000_000_123_456_789n,
      severityNumber: 9,
      severityText: 'INFO',
      body: { kind: 'string', value: 'codex.api_request' },
      attributes: [
        { key: 'event.name', value: { kind: 'string', value: 'codex.api_request' } },
        { key: 'duration_ms', value: { kind: 'int', value: 1234n } },
      ],
      droppedAttributesCount: 0,
      flags: 0,
      traceId: new Uint8Array(0),
      spanId: new Uint8Array(0),
      eventName: 'codex_otel::otel_event_manager',
    });
  });

  it('reads {} as the empty AnyValue and a missing value as null (Gemini CLI)', () => {
    const record = oneLogRecord('{"attributes":[{"key":"a","value":{}},{"key":"b"},{"key":"c","value":null}],"body":{}}');
    assert.deepEqual(record.attributes, [
      { key: 'a', value: { kind: 'empty' } },
      { key: 'b', value: null },
      { key: 'c', value: null },
    ]);
    assert.deepEqual(record.body, { kind: 'empty' });
    assert.equal(oneLogRecord('{}').body, null);
  });

  it('decodes nested arrays and key-value lists, doubles, booleans and base64 bytes', () => {
    assert.deepEqual(
      bodyOf(`{"kvlistValue":{"values":[
        {"key":"list","value":{"arrayValue":{"values":[{"boolValue":true},{"doubleValue":2.5},{},{"arrayValue":{}}]}}},
        {"key":"map","value":{"kvlistValue":{}}},
        {"key":"raw","value":{"bytesValue":"AAH/"}},
        {"key":"urlsafe","value":{"bytesValue":"AAH_-w"}}]}}`),
      {
        kind: 'kvlist',
        values: [
          {
            key: 'list',
            value: {
              kind: 'array',
              values: [
                { kind: 'bool', value: true },
                { kind: 'double', value: 2.5 },
                { kind: 'empty' },
                { kind: 'array', values: [] },
              ],
            },
          },
          { key: 'map', value: { kind: 'kvlist', values: [] } },
          { key: 'raw', value: { kind: 'bytes', value: Uint8Array.of(0, 1, 255) } },
          { key: 'urlsafe', value: { kind: 'bytes', value: Uint8Array.of(0, 1, 255, 251) } },
        ],
      },
    );
    assert.deepEqual(bodyOf('{"bytesValue":""}'), { kind: 'bytes', value: new Uint8Array(0) });
    assert.deepEqual(bodyOf('{"stringValue":""}'), { kind: 'string', value: '' });
  });

  it('reads hex ids in either case', () => {
    const record = oneLogRecord('{"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"eee19b7ec3c1b174"}');
    assert.equal(hex(record.traceId), '5b8efff798038103d269b633813fc60c');
    assert.equal(hex(record.spanId), 'eee19b7ec3c1b174');
  });

  it('leaves digits inside strings alone when long numbers elsewhere are read exactly', () => {
    // JSON escapes: \\ is a backslash and \" a quote, so the string below holds a backslash and a quote.
    const json = String.raw`{"timeUnixNano":1700000000000000001,
      "body":{"stringValue":"id 12345678901234567890 \\\" -98765432109876543210"},
      "attributes":[{"key":"\\","value":{"intValue":-12345678901234567}}]}`;
    const record = oneLogRecord(json);
    assert.equal(record.timeUnixNano, 1_700_000_000_000_000_001n);
    assert.deepEqual(record.body, { kind: 'string', value: 'id 12345678901234567890 \\" -98765432109876543210' });
    assert.deepEqual(record.attributes, [{ key: '\\', value: { kind: 'int', value: -12345678901234567n } }]);
  });

  it('reads eventName', () => {
    assert.equal(oneLogRecord('{"eventName":"session.start"}').eventName, 'session.start');
  });
});

describe('OTLP/JSON presence', () => {
  it('gives null for absent or null sum/min/max and keeps present zeros', () => {
    const point = (json: string) => oneMetric(`{"histogram":{"dataPoints":[${json}]}}`).data!.dataPoints[0] as T.HistogramDataPoint;
    const absent = point('{"count":"1"}');
    assert.deepEqual([absent.sum, absent.min, absent.max], [null, null, null]);
    const nulls = point('{"sum":null,"min":null,"max":null}');
    assert.deepEqual([nulls.sum, nulls.min, nulls.max], [null, null, null]);
    const zeros = point('{"sum":0,"min":0,"max":"0"}');
    assert.deepEqual([zeros.sum, zeros.min, zeros.max], [0, 0, 0]);
  });

  it('gives null for a point without a value and a metric without data', () => {
    const metric = oneMetric('{"name":"s","sum":{"dataPoints":[{"timeUnixNano":"1"}],"isMonotonic":true}}');
    assert.equal((metric.data!.dataPoints[0] as T.NumberDataPoint).value, null);
    assert.equal(oneMetric('{"name":"nothing","unit":""}').data, null);
    assert.equal(oneMetric('{"name":"null data","gauge":null}').data, null);
  });

  it('decodes an empty object as an empty request', () => {
    assert.deepEqual(decodeMetricsJson('{}'), { resourceMetrics: [] });
    assert.deepEqual(decodeLogsJson('{"resourceLogs":null}'), { resourceLogs: [] });
    assert.deepEqual(decodeTracesJson(' {\n} '), { resourceSpans: [] });
  });

  it('ignores a byte order mark', () => {
    assert.deepEqual(decodeLogsJson('\ufeff{"resourceLogs":[]}'), { resourceLogs: [] });
  });
});

describe('OTLP/JSON: proto3 JSON mapping leniencies', () => {
  it('accepts the original snake_case field names', () => {
    const request = decodeMetricsJson(`{"resource_metrics":[{"schema_url":"r","scope_metrics":[{"schema_url":"s",
      "scope":{"name":"n","dropped_attributes_count":2},
      "metrics":[{"name":"x","exponential_histogram":{"aggregation_temporality":1,"data_points":[{
        "start_time_unix_nano":"1","time_unix_nano":"2","zero_count":"3","zero_threshold":0.5,
        "positive":{"bucket_counts":["4"]}}]}},
        {"name":"y","sum":{"is_monotonic":true,"data_points":[{"as_int":"5","exemplars":[
          {"filtered_attributes":[{"key":"k","value":{"string_value":"v"}}],"as_double":1,
           "trace_id":"00000000000000000000000000000001","span_id":"0000000000000002"}]}]}}]}]}]}`);
    const sm = request.resourceMetrics[0]!.scopeMetrics[0]!;
    assert.equal(request.resourceMetrics[0]!.schemaUrl, 'r');
    assert.equal(sm.schemaUrl, 's');
    assert.equal(sm.scope!.droppedAttributesCount, 2);
    const e = sm.metrics[0]!.data!;
    assert.equal(e.type, 'exponential_histogram');
    assert.equal(e.type === 'exponential_histogram' && e.aggregationTemporality, 1);
    const point = e.dataPoints[0] as T.ExponentialHistogramDataPoint;
    assert.deepEqual(
      [point.startTimeUnixNano, point.timeUnixNano, point.zeroCount, point.zeroThreshold, point.positive],
      [1n, 2n, 3n, 0.5, { offset: 0, bucketCounts: [4n] }],
    );
    const sum = sm.metrics[1]!.data!;
    assert.equal(sum.type === 'sum' && sum.isMonotonic, true);
    const numberPoint = sum.dataPoints[0] as T.NumberDataPoint;
    assert.equal(numberPoint.value, 5n);
    const exemplar = numberPoint.exemplars[0]!;
    assert.deepEqual(exemplar.filteredAttributes, [{ key: 'k', value: { kind: 'string', value: 'v' } }]);
    assert.equal(exemplar.value, 1);
    assert.equal(hex(exemplar.traceId), '00000000000000000000000000000001');
    assert.equal(hex(exemplar.spanId), '0000000000000002');

    const record = oneLogRecord(`{"time_unix_nano":"1","observed_time_unix_nano":"2","severity_number":5,
      "severity_text":"DEBUG","dropped_attributes_count":1,"trace_id":"","span_id":"","event_name":"e"}`);
    assert.deepEqual(
      [record.timeUnixNano, record.observedTimeUnixNano, record.severityNumber, record.severityText],
      [1n, 2n, 5, 'DEBUG'],
    );
    assert.deepEqual([record.droppedAttributesCount, record.eventName], [1, 'e']);
  });

  it('accepts enum names as well as numbers, and keeps unknown enum numbers', () => {
    assert.equal(oneLogRecord('{"severityNumber":"SEVERITY_NUMBER_WARN"}').severityNumber, 13);
    assert.equal(oneLogRecord('{"severityNumber":"SEVERITY_NUMBER_UNSPECIFIED"}').severityNumber, 0);
    assert.equal(oneLogRecord('{"severityNumber":99}').severityNumber, 99);
    const sum = oneMetric('{"sum":{"aggregationTemporality":"AGGREGATION_TEMPORALITY_CUMULATIVE"}}').data!;
    assert.equal(sum.type === 'sum' && sum.aggregationTemporality, 2);

    const span = decodeTracesJson(`{"resourceSpans":[{"scopeSpans":[{"spans":[
      {"kind":"SPAN_KIND_CLIENT","status":{"code":"STATUS_CODE_ERROR","message":"m"}}]}]}]}`).resourceSpans[0]!
      .scopeSpans[0]!.spans[0]!;
    assert.equal(span.kind, 3);
    assert.deepEqual(span.status, { code: 2, message: 'm' });
  });

  it('accepts 32-bit integers as strings and null for any scalar', () => {
    const record = oneLogRecord(
      '{"flags":"1","droppedAttributesCount":"4294967295","severityNumber":"17","severityText":null,"timeUnixNano":null}',
    );
    assert.deepEqual(
      [record.flags, record.droppedAttributesCount, record.severityNumber, record.severityText, record.timeUnixNano],
      [1, 4294967295, 17, '', 0n],
    );
  });

  it('ignores unknown fields at every level, whatever their value', () => {
    const unknown = '"future":{"deep":[1,{"x":123456789012345678901234}]},"futureNumber":12345678901234567890123,"futureNull":null';
    const request = decodeLogsJson(`{${unknown},"resourceLogs":[{${unknown},
      "resource":{${unknown},"attributes":[{${unknown},"key":"k","value":{${unknown},"stringValue":"v","stringValueStrindex":3}}]},
      "scopeLogs":[{${unknown},"scope":{${unknown},"name":"s"},"logRecords":[{${unknown},"eventName":"e"}]}]}]}`);
    const rl = request.resourceLogs[0]!;
    assert.deepEqual(rl.resource!.attributes, [{ key: 'k', value: { kind: 'string', value: 'v' } }]);
    assert.equal(rl.scopeLogs[0]!.scope!.name, 's');
    assert.equal(rl.scopeLogs[0]!.logRecords[0]!.eventName, 'e');
  });
});

describe('decodeTracesJson', () => {
  it('decodes a span with events, links, status and flags', () => {
    const span = decodeTracesJson(`{"resourceSpans":[{"scopeSpans":[{"spans":[{
      "traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","parentSpanId":"",
      "traceState":"k=v","flags":769,"name":"op","kind":2,
      "startTimeUnixNano":"1700000000000000005","endTimeUnixNano":1700000001000000007,
      "attributes":[{"key":"http.status_code","value":{"intValue":500}}],"droppedAttributesCount":0,
      "events":[{"timeUnixNano":"1700000000000000500","name":"e","attributes":[],"droppedAttributesCount":1}],
      "droppedEventsCount":2,
      "links":[{"traceId":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","spanId":"bbbbbbbbbbbbbbbb","traceState":"","flags":256}],
      "droppedLinksCount":3,
      "status":{"code":2,"message":"failed"}}]}]}]}`).resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
    assert.equal(hex(span.traceId), '5b8efff798038103d269b633813fc60c');
    assert.equal(hex(span.spanId), 'eee19b7ec3c1b174');
    assert.equal(span.parentSpanId.length, 0);
    assert.deepEqual(
      [span.traceState, span.flags, span.name, span.kind, span.startTimeUnixNano, span.endTimeUnixNano],
      ['k=v', 769, 'op', 2, 1_700_000_000_000_000_005n, 1_700_000_001_000_000_007n],
    );
    assert.deepEqual(span.attributes, [{ key: 'http.status_code', value: { kind: 'int', value: 500n } }]);
    assert.deepEqual(span.events, [{ timeUnixNano: 1_700_000_000_000_000_500n, name: 'e', attributes: [], droppedAttributesCount: 1 }]);
    assert.deepEqual([span.droppedEventsCount, span.droppedLinksCount], [2, 3]);
    assert.equal(hex(span.links[0]!.traceId), 'a'.repeat(32));
    assert.equal(span.links[0]!.flags, 256);
    assert.deepEqual(span.status, { code: 2, message: 'failed' });
  });
});

describe('OTLP/JSON strings must be Unicode text', () => {
  const refused = (record: string, message: string) =>
    assert.throws(
      () => oneLogRecord(record),
      (error: Error) => {
        assert.equal(error.message, message);
        return true;
      },
    );
  const advice = 'which is not Unicode text; escape a character beyond U+FFFF as a pair (high surrogate, then low) or send the character itself';

  it('refuses a lone surrogate escape anywhere a string is read, naming the JSON path', () => {
    // The protobuf path refuses the same strings as invalid UTF-8; JSON must not store U+FFFD instead.
    refused(String.raw`{"body":{"stringValue":"ab\uD800"}}`, `resourceLogs[0].scopeLogs[0].logRecords[0].body.stringValue: the string has a lone surrogate (\\uD800 at character 2), ${advice}`);
    refused(String.raw`{"body":{"stringValue":"\uDC00x"}}`, `resourceLogs[0].scopeLogs[0].logRecords[0].body.stringValue: the string has a lone surrogate (\\uDC00 at character 0), ${advice}`);
    refused(String.raw`{"attributes":[{"key":"a\uDBFF\uDBFF\uDC00","value":{"stringValue":"v"}}]}`, `resourceLogs[0].scopeLogs[0].logRecords[0].attributes[0].key: the string has a lone surrogate (\\uDBFF at character 1), ${advice}`);
    refused(String.raw`{"severityText":"\ud83d"}`, `resourceLogs[0].scopeLogs[0].logRecords[0].severityText: the string has a lone surrogate (\\uD83D at character 0), ${advice}`);
    assert.throws(() => decodeMetricsJson(String.raw`{"resourceMetrics":[{"resource":{"attributes":[{"key":"k","value":{"arrayValue":{"values":[{"stringValue":"\udfff"}]}}}]}}]}`), {
      message: new RegExp(String.raw`^resourceMetrics\[0\]\.resource\.attributes\[0\]\.value\.arrayValue\.values\[0\]\.stringValue: the string has a lone surrogate \(\\uDFFF at character 0\)`),
    });
    assert.throws(() => decodeTracesJson(String.raw`{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"\ud800"}]}]}]}`), {
      message: /^resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.name: the string has a lone surrogate/,
    });
  });

  it('keeps surrogate pairs, escaped or not, and U+FFFD itself', () => {
    assert.deepEqual(bodyOf(String.raw`{"stringValue":"\ud83d\ude00 \uD83D\uDE00 😀 \uFFFD"}`), { kind: 'string', value: '😀 😀 😀 \uFFFD' });
  });
});
