import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExportLogsServiceRequest } from '../../src/otlp/types.js';
import { flattenLogs } from '../../src/rows/logs.js';
import type { Row } from '../../src/rows/row.js';
import {
  arr,
  bool,
  bytes,
  dbl,
  EMPTY,
  int,
  kv,
  kvlist,
  logRecord,
  logsRequest,
  NO_ID,
  resource,
  scope,
  SPAN_ID,
  SPAN_ID_HEX,
  str,
  TRACE_ID,
  TRACE_ID_HEX,
} from './fixtures.js';
import { assertRowsConform, leafPaths, leafPathsSet } from './schema-check.js';

/** flattenLogs' rows, each checked against the table schema, when no record is rejected. */
function rowsOf(req: ExportLogsServiceRequest): Row[] {
  const result = flattenLogs(req);
  assertRowsConform(result.rows, 'logs');
  assert.equal(result.rejected, 0);
  assert.equal(result.rejectionMessage, '');
  return result.rows;
}

function oneRow(...records: Parameters<typeof logRecord>): Row {
  const rows = rowsOf(logsRequest([logRecord(...records)]));
  assert.equal(rows.length, 1);
  return rows[0];
}

const T0 = 1_700_000_000_000_000_001n;
const T1 = 1_700_000_000_500_000_002n;

describe('flattenLogs', () => {
  it('writes every column of a log record', () => {
    const rows = rowsOf(
      logsRequest(
        [
          logRecord({
            timeUnixNano: T0,
            observedTimeUnixNano: T1,
            severityNumber: 9,
            severityText: 'INFO',
            body: str('claude_code.api_request'),
            attributes: [kv('event.name', str('api_request')), kv('duration_ms', int(1234n)), kv('cost', dbl(0.1))],
            droppedAttributesCount: 3,
            flags: 1,
            traceId: TRACE_ID,
            spanId: SPAN_ID,
            eventName: 'claude_code.api_request',
          }),
        ],
        {
          resource: resource([kv('service.name', str('claude-code'))], 4),
          resourceSchemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
          scope: scope('com.anthropic.claude_code.events', '2.0.1', [kv('a', bool(false))], 5),
          scopeSchemaUrl: 'https://opentelemetry.io/schemas/1.27.0',
        },
      ),
    );
    assert.deepEqual(rows, [
      {
        event_name: 'claude_code.api_request',
        trace_id: TRACE_ID_HEX,
        span_id: SPAN_ID_HEX,
        time_unix_nano: T0,
        observed_time_unix_nano: T1,
        severity_number: 'SEVERITY_NUMBER_INFO',
        severity_text: 'INFO',
        body: 'claude_code.api_request',
        attributes: [
          ['event.name', 'api_request'],
          ['duration_ms', '1234'],
          ['cost', '0.1'],
        ],
        dropped_attributes_count: 3,
        flags: 1,
        resource: { attributes: [['service.name', 'claude-code']], dropped_attributes_count: 4 },
        resource_schema_url: 'https://opentelemetry.io/schemas/1.26.0',
        instrumentation_scope: {
          name: 'com.anthropic.claude_code.events',
          version: '2.0.1',
          attributes: [['a', 'false']],
          dropped_attributes_count: 5,
        },
        log_schema_url: 'https://opentelemetry.io/schemas/1.27.0',
      },
    ]);
  });

  it('writes a record with nothing set as defaults and NULLs, never undefined', () => {
    assert.deepEqual(oneRow(), {
      event_name: null,
      trace_id: null,
      span_id: null,
      time_unix_nano: 0n,
      observed_time_unix_nano: 0n,
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
    });
  });

  it('keeps times exact and 0 as 0 (Codex sends only the observed time)', () => {
    const row = oneRow({ timeUnixNano: 0n, observedTimeUnixNano: 2n ** 63n - 1n });
    assert.equal(row.time_unix_nano, 0n);
    assert.equal(row.observed_time_unix_nano, 9_223_372_036_854_775_807n);
  });

  it('rejects a record with a time past 2^63-1, naming the field; the other records are stored', () => {
    const result = flattenLogs(
      logsRequest([
        logRecord({ body: str('too late'), timeUnixNano: 2n ** 64n - 1n }),
        logRecord({ body: str('kept'), timeUnixNano: T0 }),
        logRecord({ body: str('observed too late'), observedTimeUnixNano: 2n ** 63n }),
      ]),
    );
    assert.deepEqual(
      result.rows.map((r) => r.body),
      ['kept'],
    );
    assert.equal(result.rejected, 2);
    assert.equal(result.rejectionMessage, '2 log records were rejected; the first: time_unix_nano 18446744073709551615 does not fit a signed 64-bit LONG');
    const one = flattenLogs(logsRequest([logRecord({ observedTimeUnixNano: 2n ** 63n })]));
    assert.deepEqual(one, {
      rows: [],
      rejected: 1,
      rejectionMessage: '1 log record was rejected: observed_time_unix_nano 9223372036854775808 does not fit a signed 64-bit LONG',
    });
  });

  it('writes ids as hex, NULL when absent or all zero', () => {
    const present = oneRow({ traceId: TRACE_ID, spanId: SPAN_ID });
    assert.deepEqual([present.trace_id, present.span_id], [TRACE_ID_HEX, SPAN_ID_HEX]);
    const absent = oneRow({ traceId: NO_ID, spanId: NO_ID });
    assert.deepEqual([absent.trace_id, absent.span_id], [null, null]);
    const zero = oneRow({ traceId: new Uint8Array(16), spanId: new Uint8Array(8) });
    assert.deepEqual([zero.trace_id, zero.span_id], [null, null]);
  });

  it('names every severity number, an unknown one in decimal', () => {
    const rows = rowsOf(
      logsRequest([0, 1, 4, 5, 9, 12, 13, 17, 21, 24, 25, 100].map((severityNumber) => logRecord({ severityNumber }))),
    );
    assert.deepEqual(
      rows.map((r) => r.severity_number),
      [
        'SEVERITY_NUMBER_UNSPECIFIED',
        'SEVERITY_NUMBER_TRACE',
        'SEVERITY_NUMBER_TRACE4',
        'SEVERITY_NUMBER_DEBUG',
        'SEVERITY_NUMBER_INFO',
        'SEVERITY_NUMBER_INFO4',
        'SEVERITY_NUMBER_WARN',
        'SEVERITY_NUMBER_ERROR',
        'SEVERITY_NUMBER_FATAL',
        'SEVERITY_NUMBER_FATAL4',
        '25',
        '100',
      ],
    );
  });

  it('writes the body by the text rule', () => {
    const bodies = rowsOf(
      logsRequest(
        [
          null,
          EMPTY,
          str(''),
          str('text'),
          bool(true),
          int(-(2n ** 63n)),
          dbl(5e-324),
          dbl(-Infinity),
          bytes(Uint8Array.from([104, 105])),
          arr(str('a'), int(2n ** 53n + 1n)),
          kvlist(kv('msg', str('hi')), kv('nested', arr(kvlist(kv('x', EMPTY))))),
        ].map((body) => logRecord({ body })),
      ),
    ).map((r) => r.body);
    assert.deepEqual(bodies, [
      null,
      null,
      '',
      'text',
      'true',
      '-9223372036854775808',
      '5e-324',
      '-Infinity',
      'aGk=',
      '["a",9007199254740993]',
      '{"msg":"hi","nested":[{"x":null}]}',
    ]);
  });

  it('keeps every attribute key, the last of duplicates winning', () => {
    const row = oneRow({
      attributes: [kv('a', str('1')), kv('b', EMPTY), kv('a', str('2')), kv('c', null), kv('d', dbl(-0))],
    });
    assert.deepEqual(row.attributes, [
      ['a', '2'],
      ['b', null],
      ['c', null],
      ['d', '-0'],
    ]);
  });

  it('keeps empty plain strings as sent', () => {
    const row = oneRow({ severityText: '' });
    assert.equal(row.severity_text, '');
    assert.equal(row.resource_schema_url, '');
    assert.equal(row.log_schema_url, '');
  });

  it('stores uint32 flags and dropped counts past 2^31-1 as the same bits', () => {
    const row = oneRow({ flags: 0x8000_0000, droppedAttributesCount: 0xffff_ffff });
    assert.equal(row.flags, -(2 ** 31));
    assert.equal(row.dropped_attributes_count, -1);
  });
});

describe('flattenLogs: event_name', () => {
  it('is the event_name field when it is set, even with an event.name attribute', () => {
    // Codex puts a source location in event_name and the real name in event.name: the field wins.
    const row = oneRow({
      eventName: 'codex_otel::otel_event_manager',
      attributes: [kv('event.name', str('codex.api_request'))],
    });
    assert.equal(row.event_name, 'codex_otel::otel_event_manager');
  });

  it('falls back to the event.name attribute when the field is empty', () => {
    assert.equal(oneRow({ attributes: [kv('event.name', str('user_prompt'))] }).event_name, 'user_prompt');
  });

  it('takes the attribute by the text rule, the last one when repeated', () => {
    assert.equal(oneRow({ attributes: [kv('event.name', int(42n))] }).event_name, '42');
    const repeated = [kv('event.name', str('first')), kv('x', str('y')), kv('event.name', str('last'))];
    assert.equal(oneRow({ attributes: repeated }).event_name, 'last');
  });

  it('is NULL when neither gives a non-empty name', () => {
    assert.equal(oneRow().event_name, null);
    assert.equal(oneRow({ attributes: [kv('other', str('x'))] }).event_name, null);
    assert.equal(oneRow({ attributes: [kv('event.name', str(''))] }).event_name, null);
    assert.equal(oneRow({ attributes: [kv('event.name', EMPTY)] }).event_name, null);
    assert.equal(oneRow({ attributes: [kv('event.name', null)] }).event_name, null);
  });
});

describe('flattenLogs: resource and scope', () => {
  it('gives a struct of empty values for a missing resource and scope', () => {
    const row = oneRow();
    assert.deepEqual(row.resource, { attributes: [], dropped_attributes_count: 0 });
    assert.deepEqual(row.instrumentation_scope, { name: '', version: '', attributes: [], dropped_attributes_count: 0 });
  });

  it('copies each resource and scope, with their schema urls, onto the rows under them', () => {
    const records = [logRecord({ body: str('1') }), logRecord({ body: str('2') })];
    const rows = rowsOf({
      resourceLogs: [
        {
          resource: resource([kv('service.name', str('a'))]),
          schemaUrl: 'ra',
          scopeLogs: [
            { scope: scope('s1', '1'), schemaUrl: 'sa1', logRecords: records },
            { scope: null, schemaUrl: '', logRecords: [] },
            { scope: scope('s2', '2'), schemaUrl: 'sa2', logRecords: records.slice(0, 1) },
          ],
        },
        { resource: null, schemaUrl: 'rb', scopeLogs: [{ scope: null, schemaUrl: 'sb', logRecords: records }] },
      ],
    });
    assert.deepEqual(
      rows.map((r) => [
        r.body,
        (r.resource as Row).attributes,
        r.resource_schema_url,
        (r.instrumentation_scope as Row).name,
        r.log_schema_url,
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
    assert.deepEqual(flattenLogs({ resourceLogs: [] }), { rows: [], rejected: 0, rejectionMessage: '' });
  });
});

describe('flattenLogs: column coverage', () => {
  it('fills every column of the logs schema', () => {
    const rows = rowsOf(
      logsRequest(
        [
          logRecord({
            timeUnixNano: T0,
            observedTimeUnixNano: T1,
            severityNumber: 17,
            severityText: 'ERROR',
            body: str('b'),
            attributes: [kv('event.name', str('e'))],
            droppedAttributesCount: 1,
            flags: 1,
            traceId: TRACE_ID,
            spanId: SPAN_ID,
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
    const filled = leafPathsSet(rows, 'logs');
    assert.deepEqual(
      leafPaths('logs').filter((path) => !filled.has(path)),
      [],
    );
  });
});
