import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OtlpDecodeError } from '../../src/otlp/decode-error.js';
import { decodeBody, decodeSpooled } from '../../src/rows/decode.js';

const json = (records: object[]) => Buffer.from(JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: records }] }] }));

test('the decode entry turns a body of either format into rows', () => {
  const result = decodeBody('logs', 'json', json([{ timeUnixNano: '5', body: { stringValue: 'hi' } }]));
  assert.equal(result.rows.length, 1);
  assert.equal(result.rows[0].body, 'hi');
  assert.equal(result.rejected, 0);
  // An empty protobuf message is a valid, empty request.
  assert.deepEqual(decodeBody('spans', 'protobuf', new Uint8Array()).rows, []);
});

test('a body that is not a valid request is a decode error naming the message and the format', () => {
  assert.throws(
    () => decodeBody('metrics', 'json', Buffer.from('{"resourceMetrics": 3}')),
    (e: unknown) => e instanceof OtlpDecodeError && /^the body is not a valid ExportMetricsServiceRequest in OTLP\/JSON \(application\/json\): resourceMetrics/.test(e.message),
  );
  assert.throws(
    () => decodeBody('logs', 'protobuf', Uint8Array.of(0x0a, 0x05, 0x01)),
    (e: unknown) => e instanceof OtlpDecodeError && /^the body is not a valid ExportLogsServiceRequest in protobuf \(application\/x-protobuf\): /.test(e.message),
  );
  assert.throws(
    () => decodeBody('logs', 'json', Uint8Array.of(0xff, 0xfe)),
    (e: unknown) => e instanceof OtlpDecodeError && /OTLP\/JSON \(application\/json\): the body is not UTF-8 text$/.test(e.message),
  );
});

test('spooled bodies of one kind decode into one array of rows, in order', () => {
  const rows = decodeSpooled({
    kind: 'logs',
    records: [
      { format: 'json', body: json([{ body: { stringValue: 'a' } }, { body: { stringValue: 'b' } }]) },
      { format: 'json', body: json([{ body: { stringValue: 'c' } }]) },
    ],
  });
  assert.deepEqual(rows.map((r) => r.body), ['a', 'b', 'c']);
});
