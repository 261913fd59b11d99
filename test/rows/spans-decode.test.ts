import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeTracesJson } from '../../src/otlp/decode-json.js';
import { decodeTracesProtobuf } from '../otlp/reference/decode-protobuf.js';
import { flattenSpans } from '../../src/rows/spans.js';
import type { Row } from '../../src/rows/row.js';
import { bytes, concat, double, fixed32, fixed64, message, string, varint } from '../otlp/wire.js';
import { assertRowsConform } from './schema-check.js';

/**
 * Bytes to rows: one traces request written twice by hand, as OTLP/JSON the way Codex CLI writes it
 * (pretty-printed, int64 as strings, `"parentSpanId": ""`, upper-case hex) and as protobuf with the
 * independent wire writer of `test/otlp/wire.ts`; both decode and flatten to the same rows, which
 * are written out here by hand.
 */

const JSON_BODY = `{
  "resourceSpans": [
    {
      "resource": {
        "attributes": [
          { "key": "service.name", "value": { "stringValue": "codex_cli_rs" } },
          { "key": "host.arch", "value": {} }
        ]
      },
      "scopeSpans": [
        {
          "scope": { "name": "codex_otel", "version": "0.47.0" },
          "spans": [
            {
              "traceId": "5B8EFFF798038103D269B633813FC60C",
              "spanId": "eee19b7ec3c1b174",
              "parentSpanId": "",
              "traceState": "",
              "flags": 257,
              "name": "session_loop",
              "kind": 1,
              "startTimeUnixNano": "1760000000000000001",
              "endTimeUnixNano": "1760000009999999999",
              "attributes": [
                { "key": "thread.id", "value": { "intValue": "9007199254740993" } },
                { "key": "ratio", "value": { "doubleValue": 0.25 } },
                { "key": "ok", "value": { "boolValue": true } }
              ],
              "events": [],
              "links": []
            },
            {
              "traceId": "5b8efff798038103d269b633813fc60c",
              "spanId": "00f067aa0ba902b7",
              "parentSpanId": "eee19b7ec3c1b174",
              "traceState": "rojo=00f067aa0ba902b7",
              "flags": 769,
              "name": "handle_responses",
              "kind": 3,
              "startTimeUnixNano": "1760000000500000000",
              "endTimeUnixNano": "1760000001500000000",
              "droppedAttributesCount": 1,
              "events": [
                {
                  "timeUnixNano": "1760000001000000000",
                  "name": "retry",
                  "attributes": [{ "key": "attempt", "value": { "intValue": 2 } }],
                  "droppedAttributesCount": 3
                }
              ],
              "droppedEventsCount": 4,
              "links": [
                {
                  "traceId": "0af7651916cd43dd8448eb211c80319c",
                  "spanId": "b7ad6b7169203331",
                  "traceState": "k=v",
                  "attributes": [{ "key": "tags", "value": { "arrayValue": { "values": [{ "stringValue": "a" }, { "intValue": "1" }] } } }],
                  "droppedAttributesCount": 5,
                  "flags": 1
                },
                { "traceId": "00000000000000000000000000000000", "spanId": "0000000000000000" }
              ],
              "droppedLinksCount": 6,
              "status": { "message": "stream disconnected", "code": 2 }
            }
          ],
          "schemaUrl": "https://opentelemetry.io/schemas/1.27.0"
        }
      ],
      "schemaUrl": "https://opentelemetry.io/schemas/1.26.0"
    }
  ]
}`;

const hex = (text: string) => Uint8Array.from(Buffer.from(text, 'hex'));
const kvString = (field: number, key: string, value: string) => message(field, string(1, key), message(2, string(1, value)));

const PROTOBUF_BODY = message(
  1,
  message(
    1,
    kvString(1, 'service.name', 'codex_cli_rs'),
    message(1, string(1, 'host.arch'), message(2)),
  ),
  message(
    2,
    message(1, string(1, 'codex_otel'), string(2, '0.47.0')),
    message(
      2,
      bytes(1, hex('5b8efff798038103d269b633813fc60c')),
      bytes(2, hex('eee19b7ec3c1b174')),
      fixed32(16, 257),
      string(5, 'session_loop'),
      varint(6, 1),
      fixed64(7, 1760000000000000001n),
      fixed64(8, 1760000009999999999n),
      message(9, string(1, 'thread.id'), message(2, varint(3, 9007199254740993n))),
      message(9, string(1, 'ratio'), message(2, double(4, 0.25))),
      message(9, string(1, 'ok'), message(2, varint(2, true))),
    ),
    message(
      2,
      bytes(1, hex('5b8efff798038103d269b633813fc60c')),
      bytes(2, hex('00f067aa0ba902b7')),
      string(3, 'rojo=00f067aa0ba902b7'),
      bytes(4, hex('eee19b7ec3c1b174')),
      fixed32(16, 769),
      string(5, 'handle_responses'),
      varint(6, 3),
      fixed64(7, 1760000000500000000n),
      fixed64(8, 1760000001500000000n),
      varint(10, 1),
      message(11, fixed64(1, 1760000001000000000n), string(2, 'retry'), message(3, string(1, 'attempt'), message(2, varint(3, 2))), varint(4, 3)),
      varint(12, 4),
      message(
        13,
        bytes(1, hex('0af7651916cd43dd8448eb211c80319c')),
        bytes(2, hex('b7ad6b7169203331')),
        string(3, 'k=v'),
        message(4, string(1, 'tags'), message(2, message(5, message(1, string(1, 'a')), message(1, varint(3, 1))))),
        varint(5, 5),
        fixed32(6, 1),
      ),
      message(13, bytes(1, new Uint8Array(16)), bytes(2, new Uint8Array(8))),
      varint(14, 6),
      message(15, string(2, 'stream disconnected'), varint(3, 2)),
    ),
    string(3, 'https://opentelemetry.io/schemas/1.27.0'),
  ),
  string(3, 'https://opentelemetry.io/schemas/1.26.0'),
);

const RESOURCE = {
  attributes: [
    ['service.name', 'codex_cli_rs'],
    ['host.arch', null],
  ],
  dropped_attributes_count: 0,
};
const SCOPE = { name: 'codex_otel', version: '0.47.0', attributes: [], dropped_attributes_count: 0 };
const ENVELOPE = {
  resource: RESOURCE,
  resource_schema_url: 'https://opentelemetry.io/schemas/1.26.0',
  instrumentation_scope: SCOPE,
  span_schema_url: 'https://opentelemetry.io/schemas/1.27.0',
};

/** The rows of both bodies, written out by hand from SPEC.md's rules. */
const EXPECTED = [
  {
    trace_id: '5b8efff798038103d269b633813fc60c',
    span_id: 'eee19b7ec3c1b174',
    trace_state: '',
    parent_span_id: null,
    flags: 257,
    name: 'session_loop',
    kind: 'SPAN_KIND_INTERNAL',
    start_time_unix_nano: 1760000000000000001n,
    end_time_unix_nano: 1760000009999999999n,
    attributes: [
      ['thread.id', '9007199254740993'],
      ['ratio', '0.25'],
      ['ok', 'true'],
    ],
    dropped_attributes_count: 0,
    events: [],
    dropped_events_count: 0,
    links: [],
    dropped_links_count: 0,
    status: { message: '', code: 'STATUS_CODE_UNSET' },
    ...ENVELOPE,
  },
  {
    trace_id: '5b8efff798038103d269b633813fc60c',
    span_id: '00f067aa0ba902b7',
    trace_state: 'rojo=00f067aa0ba902b7',
    parent_span_id: 'eee19b7ec3c1b174',
    flags: 769,
    name: 'handle_responses',
    kind: 'SPAN_KIND_CLIENT',
    start_time_unix_nano: 1760000000500000000n,
    end_time_unix_nano: 1760000001500000000n,
    attributes: [],
    dropped_attributes_count: 1,
    events: [{ time_unix_nano: 1760000001000000000n, name: 'retry', attributes: [['attempt', '2']], dropped_attributes_count: 3 }],
    dropped_events_count: 4,
    links: [
      {
        trace_id: '0af7651916cd43dd8448eb211c80319c',
        span_id: 'b7ad6b7169203331',
        trace_state: 'k=v',
        attributes: [['tags', '["a",1]']],
        dropped_attributes_count: 5,
        flags: 1,
      },
      { trace_id: null, span_id: null, trace_state: '', attributes: [], dropped_attributes_count: 0, flags: 0 },
    ],
    dropped_links_count: 6,
    status: { message: 'stream disconnected', code: 'STATUS_CODE_ERROR' },
    ...ENVELOPE,
  },
];

function rows(result: ReturnType<typeof flattenSpans>): Row[] {
  assertRowsConform(result.rows, 'spans');
  assert.equal(result.rejected, 0);
  return result.rows;
}

describe('traces request bytes → span rows', () => {
  it('OTLP/JSON as Codex writes it', () => {
    assert.deepEqual(rows(flattenSpans(decodeTracesJson(JSON_BODY))), EXPECTED);
  });

  it('protobuf', () => {
    assert.deepEqual(rows(flattenSpans(decodeTracesProtobuf(concat(PROTOBUF_BODY)))), EXPECTED);
  });

  it('a span without a status message, from JSON and from protobuf, has status UNSET with an empty message', () => {
    const json = '{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"no status"}]}]}]}';
    const pb = message(1, message(2, message(2, string(5, 'no status'))));
    for (const result of [flattenSpans(decodeTracesJson(json)), flattenSpans(decodeTracesProtobuf(pb))]) {
      const [row] = rows(result);
      assert.deepEqual(row.status, { message: '', code: 'STATUS_CODE_UNSET' });
      assert.deepEqual([row.events, row.links, row.trace_id, row.parent_span_id], [[], [], null, null]);
      assert.deepEqual(row.resource, { attributes: [], dropped_attributes_count: 0 });
    }
  });
});
