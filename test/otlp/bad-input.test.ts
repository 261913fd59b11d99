/**
 * Bodies the decoders must refuse, always with an OtlpDecodeError whose message says where and
 * what (the HTTP layer sends it back in a 400), never with another kind of error.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { OtlpDecodeError } from '../../src/otlp/decode-error.js';
import { decodeLogsJson, decodeMetricsJson, decodeTracesJson } from '../../src/otlp/decode-json.js';
import { decodeLogsProtobuf, decodeMetricsProtobuf, decodeTracesProtobuf } from './reference/decode-protobuf.js';
import * as W from './wire.js';

/** Asserts that `decode` throws an OtlpDecodeError whose message matches `message`. */
function rejects(decode: () => unknown, message: RegExp | string): OtlpDecodeError {
  let thrown: unknown;
  try {
    decode();
  } catch (error) {
    thrown = error;
  }
  assert.ok(thrown instanceof OtlpDecodeError, `expected an OtlpDecodeError, got ${String(thrown)}`);
  if (typeof message === 'string') assert.equal(thrown.message, message);
  else assert.match(thrown.message, message);
  return thrown;
}

/** Asserts that `decode` either succeeds or throws an OtlpDecodeError. */
function decodesOrRejects(decode: () => unknown, what: string): void {
  try {
    decode();
  } catch (error) {
    assert.ok(error instanceof OtlpDecodeError, `${what}: ${String(error)}`);
  }
}

/** A deterministic byte generator (xorshift32), so that failures can be replayed. */
function randomBytes(seed: number, length: number): Uint8Array {
  let x = seed || 1;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

function sdkLogsBody(): Uint8Array {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'bad-input' }),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger('l');
  logger.emit({ body: { a: [1, 'b'], c: 'd' }, attributes: { k: 'v', n: 2 }, eventName: 'e' });
  logger.emit({ body: 'second' });
  return ProtobufLogsSerializer.serializeRequest(exporter.getFinishedLogRecords())!;
}

describe('bad protobuf', () => {
  it('rejects a truncated body with a message naming the expected message', () => {
    const body = sdkLogsBody();
    rejects(
      () => decodeLogsProtobuf(body.subarray(0, body.length - 3)),
      /^not a valid protobuf ExportLogsServiceRequest \(.*\); check that the body is complete and that Content-Type matches it$/,
    );
  });

  it('never throws anything but OtlpDecodeError, whatever the prefix of a valid body', () => {
    const body = sdkLogsBody();
    for (let end = 0; end <= body.length; end++) {
      decodesOrRejects(() => decodeLogsProtobuf(body.subarray(0, end)), `prefix of ${end} bytes`);
    }
  });

  it('never throws anything but OtlpDecodeError on random bytes', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const bytes = randomBytes(seed, 1 + (seed % 64));
      decodesOrRejects(() => decodeMetricsProtobuf(bytes), `seed ${seed}`);
      decodesOrRejects(() => decodeLogsProtobuf(bytes), `seed ${seed}`);
      decodesOrRejects(() => decodeTracesProtobuf(bytes), `seed ${seed}`);
    }
  });

  it('rejects garbage and a JSON body sent as protobuf', () => {
    rejects(() => decodeMetricsProtobuf(new Uint8Array(12).fill(0xff)), /^not a valid protobuf ExportMetricsServiceRequest/);
    rejects(() => decodeTracesProtobuf(Uint8Array.of(0x7f, 0x00)), /invalid wire type 7/); // field 15, wire type 7
    rejects(
      () => decodeLogsProtobuf(Buffer.from('{"resourceLogs":[{"scopeLogs":[]}]}')),
      /^not a valid protobuf ExportLogsServiceRequest/,
    );
  });

  it('rejects a string that is not UTF-8 or that runs past the end of the body', () => {
    const badString = W.bytes(12, Uint8Array.of(0x61, 0xc3, 0x28)); // event_name: "a", then an invalid sequence
    rejects(
      () => decodeLogsProtobuf(W.message(1, W.message(2, W.message(2, badString)))),
      /^not a valid protobuf ExportLogsServiceRequest: a string field at byte \d+ is not valid UTF-8$/,
    );
    const replacementCharacter = W.string(12, 'sent as \uFFFD'); // valid UTF-8 that decodes to U+FFFD
    const record = decodeLogsProtobuf(W.message(1, W.message(2, W.message(2, replacementCharacter))));
    assert.equal(record.resourceLogs[0]!.scopeLogs[0]!.logRecords[0]!.eventName, 'sent as \uFFFD');
    const cut = Uint8Array.of(0x0a, 0x04, 0x1a, 0x05, 0x61, 0x62); // resource_metrics { schema_url: 5 bytes declared, 2 sent }
    rejects(() => decodeMetricsProtobuf(cut), /^not a valid protobuf ExportMetricsServiceRequest/);
  });

  it('rejects nesting beyond protobufjs limit', () => {
    let value = W.string(1, 'leaf');
    for (let i = 0; i < 120; i++) value = W.message(5, W.message(1, value)); // array_value.values
    rejects(
      () => decodeLogsProtobuf(W.message(1, W.message(2, W.message(2, W.message(5, value))))),
      /maximum nesting depth exceeded/,
    );
  });

  it('rejects ids of the wrong length, naming the field', () => {
    const span = (...fields: Uint8Array[]) => W.message(1, W.message(2, W.message(2, ...fields)));
    rejects(
      () => decodeTracesProtobuf(span(W.bytes(1, new Uint8Array(5)))),
      'resourceSpans[0].scopeSpans[0].spans[0].traceId: expected an id of 16 bytes (or none), got 5 bytes',
    );
    rejects(
      () => decodeTracesProtobuf(span(W.bytes(1, new Uint8Array(16)), W.bytes(4, new Uint8Array(16)))),
      'resourceSpans[0].scopeSpans[0].spans[0].parentSpanId: expected an id of 8 bytes (or none), got 16 bytes',
    );
    rejects(
      () => decodeTracesProtobuf(span(W.message(13, W.bytes(2, new Uint8Array(7))))),
      'resourceSpans[0].scopeSpans[0].spans[0].links[0].spanId: expected an id of 8 bytes (or none), got 7 bytes',
    );
    rejects(
      () => decodeLogsProtobuf(W.message(1, W.message(2, W.message(2), W.message(2, W.bytes(10, new Uint8Array(16)))))),
      'resourceLogs[0].scopeLogs[0].logRecords[1].spanId: expected an id of 8 bytes (or none), got 16 bytes',
    );
    const exemplar = W.message(5, W.bytes(5, new Uint8Array(8)));
    rejects(
      () => decodeMetricsProtobuf(W.message(1, W.message(2, W.message(2, W.message(7, W.message(1, exemplar)))))),
      'resourceMetrics[0].scopeMetrics[0].metrics[0].sum.dataPoints[0].exemplars[0].traceId: expected an id of 16 bytes (or none), got 8 bytes',
    );
  });
});

describe('bad JSON', () => {
  it('rejects malformed JSON and a top level that is not an object', () => {
    rejects(() => decodeLogsJson('{"resourceLogs": ['), /^the body is not valid JSON \(.+\)$/);
    rejects(() => decodeLogsJson(''), /^the body is not valid JSON/);
    rejects(() => decodeLogsJson('{"a":1,}'), /^the body is not valid JSON/);
    rejects(() => decodeMetricsJson('[]'), 'expected a JSON object (an ExportMetricsServiceRequest), got an array');
    rejects(() => decodeTracesJson('"x"'), 'expected a JSON object (an ExportTraceServiceRequest), got "x"');
    rejects(() => decodeTracesJson('null'), 'expected a JSON object (an ExportTraceServiceRequest), got null');
  });

  it('names the JSON path of a value of the wrong type', () => {
    const records = '[{}, {}, {}, {"timeUnixNano": true}]';
    rejects(
      () => decodeLogsJson(`{"resourceLogs":[{"scopeLogs":[{"logRecords":${records}}]}]}`),
      'resourceLogs[0].scopeLogs[0].logRecords[3].timeUnixNano: expected an integer, got true',
    );
    rejects(() => decodeLogsJson('{"resourceLogs":{}}'), 'resourceLogs: expected an array, got an object');
    rejects(() => decodeLogsJson('{"resourceLogs":[5]}'), 'resourceLogs[0]: expected an object, got 5');
    rejects(() => decodeLogsJson('{"resourceLogs":[null]}'), 'resourceLogs[0]: expected an object, got null');
    rejects(() => decodeLogsJson('{"resourceLogs":[{"resource":"svc"}]}'), 'resourceLogs[0].resource: expected an object, got "svc"');
    rejects(
      () => decodeLogsJson('{"resourceLogs":[{"resource":{"attributes":[{"key":"k","value":{"stringValue":5}}]}}]}'),
      'resourceLogs[0].resource.attributes[0].value.stringValue: expected a string, got 5',
    );
    rejects(
      () => decodeLogsJson('{"resourceLogs":[{"scopeLogs":[{"scope":{"name":["x"]}}]}]}'),
      'resourceLogs[0].scopeLogs[0].scope.name: expected a string, got an array',
    );
  });

  const record = (json: string) => () => decodeLogsJson(`{"resourceLogs":[{"scopeLogs":[{"logRecords":[${json}]}]}]}`);
  const at = 'resourceLogs[0].scopeLogs[0].logRecords[0]';

  it('rejects integers that are not integers or out of range', () => {
    rejects(record('{"body":{"intValue":1.5}}'), `${at}.body.intValue: expected an integer, got 1.5`);
    rejects(record('{"body":{"intValue":"12a"}}'), `${at}.body.intValue: expected an integer, got "12a"`);
    rejects(record('{"body":{"intValue":"9223372036854775808"}}'), `${at}.body.intValue: "9223372036854775808" is out of range for int64`);
    rejects(record('{"timeUnixNano":"-1"}'), `${at}.timeUnixNano: expected an integer, got "-1"`);
    rejects(record('{"timeUnixNano":-1}'), `${at}.timeUnixNano: -1 is out of range for uint64`);
    rejects(record('{"timeUnixNano":"18446744073709551616"}'), `${at}.timeUnixNano: "18446744073709551616" is out of range for uint64`);
    rejects(record('{"timeUnixNano":1e20}'), /^resourceLogs\[0\].*timeUnixNano: 100000000000000000000 is beyond 2\^53 .*send it as a decimal string$/);
    rejects(record('{"flags":-1}'), `${at}.flags: -1 is out of range for uint32`);
    rejects(record('{"droppedAttributesCount":4294967296}'), `${at}.droppedAttributesCount: 4294967296 is out of range for uint32`);
    rejects(record('{"flags":"0x1"}'), `${at}.flags: expected an integer, got "0x1"`);
    rejects(record('{"severityNumber":2147483648}'), `${at}.severityNumber: 2147483648 is out of range for int32`);
  });

  it('rejects other wrong scalars', () => {
    rejects(record('{"severityNumber":"SEVERITY_NUMBER_LOUD"}'), /^resourceLogs\[0\].*severityNumber: "SEVERITY_NUMBER_LOUD" is not a value of this enum/);
    rejects(record('{"body":{"boolValue":"true"}}'), `${at}.body.boolValue: expected true or false, got "true"`);
    rejects(record('{"body":{"doubleValue":"fast"}}'), `${at}.body.doubleValue: expected a number, got "fast"`);
    rejects(record('{"body":{"bytesValue":"not base64!"}}'), `${at}.body.bytesValue: expected a base64 string, got "not base64!"`);
    rejects(record('{"body":{"bytesValue":"QUJDR"}}'), `${at}.body.bytesValue: expected a base64 string, got "QUJDR"`);
    rejects(record('{"body":{"bytesValue":[1,2]}}'), `${at}.body.bytesValue: expected a base64 string, got an array`);
    rejects(record('{"attributes":[{"key":"k","value":{"arrayValue":{"values":[{"intValue":"x"}]}}}]}'),
      `${at}.attributes[0].value.arrayValue.values[0].intValue: expected an integer, got "x"`);
    rejects(record('{"attributes":[{"key":"k","value":{"kvlistValue":{"values":[{"key":1}]}}}]}'),
      `${at}.attributes[0].value.kvlistValue.values[0].key: expected a string, got 1`);
  });

  it('rejects bad hex ids', () => {
    rejects(record('{"traceId":"5b8efff798038103d269b633813fc60"}'),
      `${at}.traceId: expected 32 hex digits (an id of 16 bytes) or "", got 31 characters`);
    rejects(record('{"spanId":"zzzzzzzzzzzzzzzz"}'), `${at}.spanId: expected hex digits, got "zzzzzzzzzzzzzzzz"`);
    rejects(record('{"spanId":"W4jv95gDgQPSabYzgT/GDA=="}'),
      `${at}.spanId: expected 16 hex digits (an id of 8 bytes) or "", got 24 characters`);
    rejects(record('{"traceId":"W4jv95gDgQPSabYzgT/GDA=="}'),
      `${at}.traceId: expected 32 hex digits (an id of 16 bytes) or "", got 24 characters (OTLP/JSON ids are hex, not base64)`);
    rejects(record('{"traceId":12}'), `${at}.traceId: expected a string, got 12`);
    rejects(
      () => decodeTracesJson('{"resourceSpans":[{"scopeSpans":[{"spans":[{"links":[{"traceId":"00"}]}]}]}]}'),
      'resourceSpans[0].scopeSpans[0].spans[0].links[0].traceId: expected 32 hex digits (an id of 16 bytes) or "", got 2 characters',
    );
  });

  it('rejects more than one member of a oneof', () => {
    rejects(record('{"body":{"stringValue":"a","intValue":1}}'), `${at}.body: both stringValue and intValue are set; an AnyValue holds one value`);
    rejects(
      () => decodeMetricsJson('{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"gauge":{},"sum":{}}]}]}]}'),
      'resourceMetrics[0].scopeMetrics[0].metrics[0]: more than one kind of data is set (gauge, sum); a metric holds one',
    );
    rejects(
      () => decodeMetricsJson('{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"gauge":{"dataPoints":[{"asDouble":1,"asInt":"1"}]}}]}]}]}'),
      'resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[0]: both asDouble and asInt are set; a point holds one value',
    );
  });

  it('rejects values nested too deeply', () => {
    let value = '{"stringValue":"leaf"}';
    for (let i = 0; i < 100; i++) value = `{"arrayValue":{"values":[${value}]}}`;
    rejects(record(`{"body":${value}}`), /values are nested more than 64 levels deep$/);
  });

  it('rejects wrong types inside metrics and spans, naming the path', () => {
    rejects(
      () => decodeMetricsJson('{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"histogram":{"dataPoints":[{"bucketCounts":[1,"two"]}]}}]}]}]}'),
      'resourceMetrics[0].scopeMetrics[0].metrics[0].histogram.dataPoints[0].bucketCounts[1]: expected an integer, got "two"',
    );
    rejects(
      () => decodeMetricsJson('{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"sum":{"isMonotonic":1}}]}]}]}'),
      'resourceMetrics[0].scopeMetrics[0].metrics[0].sum.isMonotonic: expected true or false, got 1',
    );
    rejects(
      () => decodeTracesJson('{"resourceSpans":[{"scopeSpans":[{"spans":[{"status":{"code":"BROKEN"}}]}]}]}'),
      /^resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.status\.code: "BROKEN" is not a value of this enum/,
    );
  });
});
