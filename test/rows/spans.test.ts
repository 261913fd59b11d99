import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExportTraceServiceRequest } from '../../src/otlp/types.js';
import { flattenSpans } from '../../src/rows/spans.js';
import type { Row } from '../../src/rows/row.js';
import { TABLE_SCHEMAS } from '../../src/schema/tables.js';
import {
  arr,
  bool,
  bytes,
  dbl,
  EMPTY,
  int,
  kv,
  kvlist,
  NO_ID,
  resource,
  scope,
  span,
  SPAN_ID,
  SPAN_ID_HEX,
  spanEvent,
  spanLink,
  str,
  TRACE_ID,
  TRACE_ID_HEX,
  tracesRequest,
} from './fixtures.js';
import { assertRowsConform, leafPaths, leafPathsSet } from './schema-check.js';

/** flattenSpans' rows, each checked against the table schema, when no span is rejected. */
function rowsOf(req: ExportTraceServiceRequest): Row[] {
  const result = flattenSpans(req);
  assertRowsConform(result.rows, 'spans');
  assert.equal(result.rejected, 0);
  assert.equal(result.rejectionMessage, '');
  return result.rows;
}

function oneRow(...spans: Parameters<typeof span>): Row {
  const rows = rowsOf(tracesRequest([span(...spans)]));
  assert.equal(rows.length, 1);
  return rows[0];
}

const T0 = 1_700_000_000_000_000_001n;
const T1 = 1_700_000_000_500_000_002n;
const T2 = 1_700_000_000_250_000_003n;

const PARENT_ID = Uint8Array.from([0x53, 0x99, 0x5c, 0x3f, 0x42, 0xcd, 0x8a, 0xd8]);
const PARENT_ID_HEX = '53995c3f42cd8ad8';
const LINK_TRACE_ID = Uint8Array.from([
  0x0a, 0xf7, 0x65, 0x19, 0x16, 0xcd, 0x43, 0xdd, 0x84, 0x48, 0xeb, 0x21, 0x1c, 0x80, 0x31, 0x9c,
]);
const LINK_TRACE_ID_HEX = '0af7651916cd43dd8448eb211c80319c';
const LINK_SPAN_ID = Uint8Array.from([0xb7, 0xad, 0x6b, 0x71, 0x69, 0x20, 0x33, 0x31]);
const LINK_SPAN_ID_HEX = 'b7ad6b7169203331';

describe('flattenSpans', () => {
  it('writes every column of a span', () => {
    const rows = rowsOf(
      tracesRequest(
        [
          span({
            traceId: TRACE_ID,
            spanId: SPAN_ID,
            traceState: 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE',
            parentSpanId: PARENT_ID,
            flags: 0x301,
            name: 'POST /v1/responses',
            kind: 3,
            startTimeUnixNano: T0,
            endTimeUnixNano: T1,
            attributes: [kv('http.method', str('POST')), kv('http.status_code', int(200n)), kv('ratio', dbl(0.1))],
            droppedAttributesCount: 2,
            events: [
              spanEvent({ timeUnixNano: T2, name: 'retry', attributes: [kv('attempt', int(2n))], droppedAttributesCount: 1 }),
            ],
            droppedEventsCount: 3,
            links: [
              spanLink({
                traceId: LINK_TRACE_ID,
                spanId: LINK_SPAN_ID,
                traceState: 'k=v',
                attributes: [kv('link.kind', str('follows'))],
                droppedAttributesCount: 4,
                flags: 0x101,
              }),
            ],
            droppedLinksCount: 5,
            status: { message: 'upstream timed out', code: 2 },
          }),
        ],
        {
          resource: resource([kv('service.name', str('codex_cli_rs'))], 6),
          resourceSchemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
          scope: scope('codex_otel', '0.47.0', [kv('a', bool(false))], 7),
          scopeSchemaUrl: 'https://opentelemetry.io/schemas/1.27.0',
        },
      ),
    );
    assert.deepEqual(rows, [
      {
        trace_id: TRACE_ID_HEX,
        span_id: SPAN_ID_HEX,
        trace_state: 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE',
        parent_span_id: PARENT_ID_HEX,
        flags: 0x301,
        name: 'POST /v1/responses',
        kind: 'SPAN_KIND_CLIENT',
        start_time_unix_nano: T0,
        end_time_unix_nano: T1,
        attributes: [
          ['http.method', 'POST'],
          ['http.status_code', '200'],
          ['ratio', '0.1'],
        ],
        dropped_attributes_count: 2,
        events: [{ time_unix_nano: T2, name: 'retry', attributes: [['attempt', '2']], dropped_attributes_count: 1 }],
        dropped_events_count: 3,
        links: [
          {
            trace_id: LINK_TRACE_ID_HEX,
            span_id: LINK_SPAN_ID_HEX,
            trace_state: 'k=v',
            attributes: [['link.kind', 'follows']],
            dropped_attributes_count: 4,
            flags: 0x101,
          },
        ],
        dropped_links_count: 5,
        status: { message: 'upstream timed out', code: 'STATUS_CODE_ERROR' },
        resource: { attributes: [['service.name', 'codex_cli_rs']], dropped_attributes_count: 6 },
        resource_schema_url: 'https://opentelemetry.io/schemas/1.26.0',
        instrumentation_scope: { name: 'codex_otel', version: '0.47.0', attributes: [['a', 'false']], dropped_attributes_count: 7 },
        span_schema_url: 'https://opentelemetry.io/schemas/1.27.0',
      },
    ]);
  });

  it('writes a span with nothing set as defaults and NULLs, never undefined', () => {
    assert.deepEqual(oneRow(), {
      trace_id: null,
      span_id: null,
      trace_state: '',
      parent_span_id: null,
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
      status: { message: '', code: 'STATUS_CODE_UNSET' },
      resource: { attributes: [], dropped_attributes_count: 0 },
      resource_schema_url: '',
      instrumentation_scope: { name: '', version: '', attributes: [], dropped_attributes_count: 0 },
      span_schema_url: '',
    });
  });

  it('gives an absent status the proto3 default: code UNSET, empty message (not NULL)', () => {
    assert.deepEqual(oneRow({ status: null }).status, { message: '', code: 'STATUS_CODE_UNSET' });
    assert.deepEqual(oneRow({ status: { message: '', code: 0 } }).status, { message: '', code: 'STATUS_CODE_UNSET' });
  });

  it('names every status code, keeps the message, an unknown code in decimal', () => {
    const rows = rowsOf(
      tracesRequest([
        span({ status: { message: '', code: 0 } }),
        span({ status: { message: 'fine', code: 1 } }),
        span({ status: { message: 'boom', code: 2 } }),
        span({ status: { message: 'from the future', code: 3 } }),
        span({ status: { message: 'garbage', code: -1 } }),
      ]),
    );
    assert.deepEqual(
      rows.map((r) => r.status),
      [
        { message: '', code: 'STATUS_CODE_UNSET' },
        { message: 'fine', code: 'STATUS_CODE_OK' },
        { message: 'boom', code: 'STATUS_CODE_ERROR' },
        { message: 'from the future', code: '3' },
        { message: 'garbage', code: '-1' },
      ],
    );
  });

  it('names every span kind, an unknown one in decimal', () => {
    const rows = rowsOf(tracesRequest([0, 1, 2, 3, 4, 5, 6, 99].map((kind) => span({ kind }))));
    assert.deepEqual(
      rows.map((r) => r.kind),
      [
        'SPAN_KIND_UNSPECIFIED',
        'SPAN_KIND_INTERNAL',
        'SPAN_KIND_SERVER',
        'SPAN_KIND_CLIENT',
        'SPAN_KIND_PRODUCER',
        'SPAN_KIND_CONSUMER',
        '6',
        '99',
      ],
    );
  });

  it('writes ids as lowercase hex, NULL when absent or all zero (root spans have a NULL parent)', () => {
    const present = oneRow({ traceId: TRACE_ID, spanId: SPAN_ID, parentSpanId: PARENT_ID });
    assert.deepEqual([present.trace_id, present.span_id, present.parent_span_id], [TRACE_ID_HEX, SPAN_ID_HEX, PARENT_ID_HEX]);
    const absent = oneRow({ traceId: NO_ID, spanId: NO_ID, parentSpanId: NO_ID });
    assert.deepEqual([absent.trace_id, absent.span_id, absent.parent_span_id], [null, null, null]);
    const zero = oneRow({ traceId: new Uint8Array(16), spanId: new Uint8Array(8), parentSpanId: new Uint8Array(8) });
    assert.deepEqual([zero.trace_id, zero.span_id, zero.parent_span_id], [null, null, null]);
    const root = oneRow({ traceId: TRACE_ID, spanId: SPAN_ID });
    assert.equal(root.parent_span_id, null);
    const high = oneRow({ spanId: Uint8Array.from([0xff, 0xee, 0xdd, 0xcc, 0xbb, 0xaa, 0x00, 0x01]) });
    assert.equal(high.span_id, 'ffeeddccbbaa0001');
  });

  it('writes the ids of links by the same rule', () => {
    const row = oneRow({
      links: [
        spanLink({ traceId: LINK_TRACE_ID, spanId: LINK_SPAN_ID }),
        spanLink({ traceId: NO_ID, spanId: NO_ID }),
        spanLink({ traceId: new Uint8Array(16), spanId: new Uint8Array(8) }),
      ],
    });
    assert.deepEqual(
      (row.links as Row[]).map((l) => [l.trace_id, l.span_id]),
      [
        [LINK_TRACE_ID_HEX, LINK_SPAN_ID_HEX],
        [null, null],
        [null, null],
      ],
    );
  });

  it('writes empty arrays for no events and no links', () => {
    const row = oneRow({ events: [], links: [] });
    assert.deepEqual(row.events, []);
    assert.deepEqual(row.links, []);
  });

  it('keeps events and links in the order sent, with their attributes by the text rule', () => {
    const row = oneRow({
      events: [
        spanEvent({ timeUnixNano: 3n, name: 'c' }),
        spanEvent({ timeUnixNano: 1n, name: 'a', attributes: [kv('x', arr(int(1n), str('y'))), kv('n', EMPTY)] }),
        spanEvent({ timeUnixNano: 2n, name: '' }),
      ],
      links: [
        spanLink({ traceState: 'b=2', attributes: [kv('k', kvlist(kv('v', bool(true))))] }),
        spanLink({ traceState: 'a=1' }),
      ],
    });
    assert.deepEqual(row.events, [
      { time_unix_nano: 3n, name: 'c', attributes: [], dropped_attributes_count: 0 },
      {
        time_unix_nano: 1n,
        name: 'a',
        attributes: [
          ['x', '[1,"y"]'],
          ['n', null],
        ],
        dropped_attributes_count: 0,
      },
      { time_unix_nano: 2n, name: '', attributes: [], dropped_attributes_count: 0 },
    ]);
    assert.deepEqual(row.links, [
      { trace_id: null, span_id: null, trace_state: 'b=2', attributes: [['k', '{"v":true}']], dropped_attributes_count: 0, flags: 0 },
      { trace_id: null, span_id: null, trace_state: 'a=1', attributes: [], dropped_attributes_count: 0, flags: 0 },
    ]);
  });

  it('writes trace state as sent, an empty one as ""', () => {
    assert.equal(oneRow({ traceState: 'vendor=abc,other=x' }).trace_state, 'vendor=abc,other=x');
    assert.equal(oneRow({ traceState: '' }).trace_state, '');
    const link = (oneRow({ links: [spanLink({ traceState: 'l=1' })] }).links as Row[])[0];
    assert.equal(link.trace_state, 'l=1');
  });

  it('writes the flags of spans and links as sent (sampled bit, is-remote bits, all 32 bits)', () => {
    const row = oneRow({
      flags: 0x101,
      links: [spanLink({ flags: 1 }), spanLink({ flags: 0x300 }), spanLink({ flags: 0 }), spanLink({ flags: 0xffff_ffff })],
    });
    assert.equal(row.flags, 0x101);
    assert.deepEqual(
      (row.links as Row[]).map((l) => l.flags),
      [1, 0x300, 0, -1],
    );
  });

  it('keeps times exact, 0 as 0, past 2^53 and at 2^63-1', () => {
    const row = oneRow({
      startTimeUnixNano: 0n,
      endTimeUnixNano: 2n ** 63n - 1n,
      events: [spanEvent({ timeUnixNano: 2n ** 53n + 1n }), spanEvent({ timeUnixNano: 0n })],
    });
    assert.equal(row.start_time_unix_nano, 0n);
    assert.equal(row.end_time_unix_nano, 9_223_372_036_854_775_807n);
    assert.deepEqual(
      (row.events as Row[]).map((e) => e.time_unix_nano),
      [9_007_199_254_740_993n, 0n],
    );
  });

  it('rejects a span with a time past 2^63-1 (an event time too), naming the field; the other spans are stored', () => {
    const result = flattenSpans(
      tracesRequest([
        span({ name: 'a', endTimeUnixNano: 2n ** 64n - 1n }),
        span({ name: 'b', startTimeUnixNano: 2n ** 63n - 1n }),
        span({ name: 'c', events: [spanEvent({ timeUnixNano: 1n }), spanEvent({ timeUnixNano: 2n ** 63n })] }),
      ]),
    );
    assert.deepEqual(
      result.rows.map((r) => r.name),
      ['b'],
    );
    assert.equal(result.rejected, 2);
    assert.equal(result.rejectionMessage, '2 spans were rejected; the first: end_time_unix_nano 18446744073709551615 does not fit a signed 64-bit LONG');
    const events = flattenSpans(tracesRequest([span({ events: [spanEvent({ timeUnixNano: 2n ** 63n })] })]));
    assert.equal(events.rejectionMessage, '1 span was rejected: events.time_unix_nano 9223372036854775808 does not fit a signed 64-bit LONG');
  });

  it('writes span attributes by the text rule, every key kept, the last of duplicates winning', () => {
    const row = oneRow({
      attributes: [
        kv('s', str('text')),
        kv('b', bool(true)),
        kv('i', int(-(2n ** 63n))),
        kv('d', dbl(5e-324)),
        kv('nan', dbl(NaN)),
        kv('bytes', bytes(Uint8Array.from([104, 105]))),
        kv('arr', arr(str('a'), int(2n ** 53n + 1n))),
        kv('map', kvlist(kv('k', str('v')))),
        kv('empty', EMPTY),
        kv('none', null),
        kv('s', str('again')),
      ],
    });
    assert.deepEqual(row.attributes, [
      ['s', 'again'],
      ['b', 'true'],
      ['i', '-9223372036854775808'],
      ['d', '5e-324'],
      ['nan', 'NaN'],
      ['bytes', 'aGk='],
      ['arr', '["a",9007199254740993]'],
      ['map', '{"k":"v"}'],
      ['empty', null],
      ['none', null],
    ]);
  });

  it('writes dropped counts as sent, past 2^31-1 as the same bits', () => {
    const row = oneRow({
      droppedAttributesCount: 7,
      droppedEventsCount: 0x8000_0000,
      droppedLinksCount: 0xffff_ffff,
      events: [spanEvent({ droppedAttributesCount: 9 })],
      links: [spanLink({ droppedAttributesCount: 11 })],
    });
    assert.equal(row.dropped_attributes_count, 7);
    assert.equal(row.dropped_events_count, -(2 ** 31));
    assert.equal(row.dropped_links_count, -1);
    assert.equal((row.events as Row[])[0].dropped_attributes_count, 9);
    assert.equal((row.links as Row[])[0].dropped_attributes_count, 11);
  });
});

describe('flattenSpans: resource and scope', () => {
  it('gives a struct of empty values for a missing resource and scope', () => {
    const row = oneRow();
    assert.deepEqual(row.resource, { attributes: [], dropped_attributes_count: 0 });
    assert.deepEqual(row.instrumentation_scope, { name: '', version: '', attributes: [], dropped_attributes_count: 0 });
  });

  it('copies each resource and scope, with their schema urls, onto the rows under them', () => {
    const spans = [span({ name: '1' }), span({ name: '2' })];
    const rows = rowsOf({
      resourceSpans: [
        {
          resource: resource([kv('service.name', str('a'))]),
          schemaUrl: 'ra',
          scopeSpans: [
            { scope: scope('s1', '1'), schemaUrl: 'sa1', spans },
            { scope: null, schemaUrl: '', spans: [] },
            { scope: scope('s2', '2'), schemaUrl: 'sa2', spans: spans.slice(0, 1) },
          ],
        },
        { resource: null, schemaUrl: 'rb', scopeSpans: [{ scope: null, schemaUrl: 'sb', spans }] },
        { resource: resource([]), schemaUrl: 'rc', scopeSpans: [] },
      ],
    });
    assert.deepEqual(
      rows.map((r) => [
        r.name,
        (r.resource as Row).attributes,
        r.resource_schema_url,
        (r.instrumentation_scope as Row).name,
        r.span_schema_url,
      ]),
      [
        ['1', [['service.name', 'a']], 'ra', 's1', 'sa1'],
        ['2', [['service.name', 'a']], 'ra', 's1', 'sa1'],
        ['1', [['service.name', 'a']], 'ra', 's2', 'sa2'],
        ['1', [], 'rb', '', 'sb'],
        ['2', [], 'rb', '', 'sb'],
      ],
    );
  });

  it('writes nothing for an empty request', () => {
    assert.deepEqual(flattenSpans({ resourceSpans: [] }), { rows: [], rejected: 0, rejectionMessage: '' });
  });
});

describe('flattenSpans: schema', () => {
  it('produces the columns of sql/otel_spans.sql, in order, as SCHEMAS.md lists them', () => {
    assert.deepEqual(
      TABLE_SCHEMAS.spans.columns.map((c) => c.name),
      [
        'trace_id',
        'span_id',
        'trace_state',
        'parent_span_id',
        'flags',
        'name',
        'kind',
        'start_time_unix_nano',
        'end_time_unix_nano',
        'attributes',
        'dropped_attributes_count',
        'events',
        'dropped_events_count',
        'links',
        'dropped_links_count',
        'status',
        'resource',
        'resource_schema_url',
        'instrumentation_scope',
        'span_schema_url',
      ],
    );
    assert.deepEqual(TABLE_SCHEMAS.spans.properties, { 'otel.schemaVersion': 'v1' });
  });

  it('fills every column of the spans schema', () => {
    const rows = rowsOf(
      tracesRequest(
        [
          span({
            traceId: TRACE_ID,
            spanId: SPAN_ID,
            traceState: 't=1',
            parentSpanId: PARENT_ID,
            flags: 1,
            name: 'n',
            kind: 2,
            startTimeUnixNano: T0,
            endTimeUnixNano: T1,
            attributes: [kv('a', str('b'))],
            droppedAttributesCount: 1,
            events: [spanEvent({ timeUnixNano: T2, name: 'e', attributes: [kv('e', str('v'))], droppedAttributesCount: 1 })],
            droppedEventsCount: 1,
            links: [
              spanLink({
                traceId: LINK_TRACE_ID,
                spanId: LINK_SPAN_ID,
                traceState: 'l=1',
                attributes: [kv('l', str('v'))],
                droppedAttributesCount: 1,
                flags: 1,
              }),
            ],
            droppedLinksCount: 1,
            status: { message: 'm', code: 1 },
          }),
        ],
        {
          resource: resource([kv('r', str('v'))], 1),
          resourceSchemaUrl: 'r',
          scope: scope('s', 'v', [kv('s', str('v'))], 1),
          scopeSchemaUrl: 's',
        },
      ),
    );
    const filled = leafPathsSet(rows, 'spans');
    assert.deepEqual(
      leafPaths('spans').filter((path) => !filled.has(path)),
      [],
    );
  });
});
