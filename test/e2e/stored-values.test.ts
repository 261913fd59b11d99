/**
 * Values a table cannot hold as sent, over the real server: a uint64 past the signed LONG range
 * rejects its record (counted in partial_success, naming the field) while the rest of the request
 * is stored; a lone surrogate in OTLP/JSON is a 400, as invalid UTF-8 is in protobuf. The tables are
 * read back with DuckDB.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ProtobufLogsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { readTable } from '../helpers/delta-reader.js';
import { removeDir, startServer, type RunningServer } from '../helpers/server.js';
import { fFixed64, fMessage, fString } from '../rows/wire/gen.js';

const PB = 'application/x-protobuf';
const JSON_TYPE = 'application/json';
const LOGS = 'main.values.logs';
const METRICS = 'main.values.metrics';
const SPANS = 'main.values.spans';
const T = 1_700_000_000_000_000_001n;
const U64_MAX = 2n ** 64n - 1n;
const LONG = 'does not fit a signed 64-bit LONG';

const logRecord = (body: string, time: bigint, observed = 0n) =>
  Buffer.concat([fFixed64(1, time), fFixed64(11, observed), fMessage(5, [fString(1, body)])]);

describe('values a table cannot hold, over the real server', () => {
  let server: RunningServer;

  before(async () => {
    server = await startServer();
  });

  after(async () => {
    assert.equal(await server.stop(), 0);
    await removeDir(server.dataDir);
  });

  function post(signal: 'logs' | 'metrics' | 'traces', table: string, body: Uint8Array | string, type: string) {
    return fetch(`${server.url}/v1/${signal}`, { method: 'POST', body, headers: { 'content-type': type, 'x-databricks-uc-table-name': table } });
  }

  test('protobuf: records with a uint64 past 2^63-1 are rejected in partial_success, the others stored', async () => {
    // fMessage(1, ...) above is the whole request: one ResourceLogs with one ScopeLogs per record.
    const logs = Buffer.concat([
      fMessage(1, [fMessage(2, [fMessage(2, [logRecord('pb kept', T)]), fMessage(2, [logRecord('pb late', U64_MAX)])])]),
      fMessage(1, [fMessage(2, [fMessage(2, [logRecord('pb observed late', T, 2n ** 63n)])])]),
    ]);
    const response = await post('logs', LOGS, logs, PB);
    assert.equal(response.status, 200);
    assert.deepEqual(ProtobufLogsSerializer.deserializeResponse(new Uint8Array(await response.arrayBuffer())), {
      partialSuccess: { rejectedLogRecords: 2, errorMessage: `2 log records were rejected; the first: time_unix_nano 18446744073709551615 ${LONG}` },
    });

    // A histogram point whose second bucket count is 2^64-1, and a gauge point that fits.
    const histogram = fMessage(9, [fMessage(1, [fFixed64(3, T), fFixed64(4, 1n), fFixed64(6, 0n), fFixed64(6, U64_MAX)]), Buffer.from([0x10, 0x02])]);
    const gauge = fMessage(5, [fMessage(1, [fFixed64(3, T)])]);
    const metrics = fMessage(1, [fMessage(2, [fMessage(2, [fString(1, 'pb.histogram'), histogram]), fMessage(2, [fString(1, 'pb.gauge'), gauge])])]);
    const answer = await post('metrics', METRICS, metrics, PB);
    assert.equal(answer.status, 200);
    assert.deepEqual(ProtobufMetricsSerializer.deserializeResponse(new Uint8Array(await answer.arrayBuffer())), {
      partialSuccess: { rejectedDataPoints: 1, errorMessage: `1 data point was rejected: histogram.bucket_counts 18446744073709551615 ${LONG}` },
    });
  });

  test('OTLP/JSON: the same rule, for strings and for numbers', async () => {
    const logs = JSON.stringify({
      resourceLogs: [
        {
          scopeLogs: [
            {
              logRecords: [
                { timeUnixNano: String(T), body: { stringValue: 'json kept' } },
                { timeUnixNano: '18446744073709551615', body: { stringValue: 'json late' } },
              ],
            },
          ],
        },
      ],
    });
    const response = await post('logs', LOGS, logs, JSON_TYPE);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {
      partialSuccess: { rejectedLogRecords: '1', errorMessage: `1 log record was rejected: time_unix_nano 18446744073709551615 ${LONG}` },
    });

    // A bare JSON number past 2^63 (OpenTelemetry JS writes 64-bit integers as numbers).
    const metrics = `{"resourceMetrics":[{"scopeMetrics":[{"metrics":[
      {"name":"json.sum","sum":{"aggregationTemporality":1,"dataPoints":[{"timeUnixNano":18446744073709551615,"asInt":1},{"timeUnixNano":${T},"asInt":2}]}},
      {"name":"json.exp","exponentialHistogram":{"aggregationTemporality":1,"dataPoints":[{"timeUnixNano":"${T}","count":"3","zeroCount":"9223372036854775808"}]}}]}]}]}`;
    const answer = await post('metrics', METRICS, metrics, JSON_TYPE);
    assert.equal(answer.status, 200);
    assert.deepEqual(await answer.json(), {
      partialSuccess: { rejectedDataPoints: '2', errorMessage: `2 data points were rejected; the first: sum.time_unix_nano 18446744073709551615 ${LONG}` },
    });

    const spans = JSON.stringify({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                { traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174', name: 'kept', startTimeUnixNano: String(T), endTimeUnixNano: String(T + 5n) },
                {
                  traceId: '5b8efff798038103d269b633813fc60c',
                  spanId: 'eee19b7ec3c1b175',
                  name: 'event late',
                  startTimeUnixNano: String(T),
                  endTimeUnixNano: String(T + 5n),
                  events: [{ timeUnixNano: '18446744073709551615', name: 'e' }],
                },
              ],
            },
          ],
        },
      ],
    });
    const traced = await post('traces', SPANS, spans, JSON_TYPE);
    assert.equal(traced.status, 200);
    assert.deepEqual(await traced.json(), {
      partialSuccess: { rejectedSpans: '1', errorMessage: `1 span was rejected: events.time_unix_nano 18446744073709551615 ${LONG}` },
    });
  });

  test('a lone surrogate in OTLP/JSON is a 400 naming the JSON path, as invalid UTF-8 is in protobuf', async () => {
    const lone = String.raw`{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"stringValue":"ok"}},{"body":{"stringValue":"a\ud800b"}}]}]}]}`;
    const response = await post('logs', LOGS, lone, JSON_TYPE);
    assert.equal(response.status, 400);
    const status = (await response.json()) as { code: number; message: string };
    assert.equal(status.code, 3);
    assert.match(status.message, /resourceLogs\[0\]\.scopeLogs\[0\]\.logRecords\[1\]\.body\.stringValue: the string has a lone surrogate \(\\uD800 at character 1\)/);

    // U+D800 in UTF-8's form (ED A0 80), which UTF-8 forbids: the protobuf path's 400.
    const invalid = fMessage(1, [fMessage(2, [fMessage(2, [fMessage(5, [Buffer.concat([Buffer.from([0x0a, 5, 0x61]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('b')])])])])]);
    const pb = await post('logs', LOGS, invalid, PB);
    assert.equal(pb.status, 400);

    // A pair, escaped, is a character like any other.
    const pair = String.raw`{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":"5","body":{"stringValue":"pair \ud83d\ude00"}}]}]}]}`;
    assert.equal((await post('logs', LOGS, pair, JSON_TYPE)).status, 200);
  });

  test('the tables hold exactly the accepted records, with their exact values', async () => {
    assert.equal(await server.stop(), 0);
    const logs = await readTable(join(server.dataDir, 'main', 'values', 'logs'), 'body, time_unix_nano, observed_time_unix_nano');
    assert.deepEqual(
      logs.map((r) => [r.body, r.time_unix_nano, r.observed_time_unix_nano]).sort(),
      [
        ['json kept', T, 0n],
        ['pair 😀', 5n, 0n],
        ['pb kept', T, 0n],
      ],
    );
    const metrics = await readTable(join(server.dataDir, 'main', 'values', 'metrics'), 'name, coalesce(gauge.time_unix_nano, sum.time_unix_nano) AS time');
    assert.deepEqual(
      metrics.map((r) => [r.name, r.time]).sort(),
      [
        ['json.sum', T],
        ['pb.gauge', T],
      ],
    );
    const spans = await readTable(join(server.dataDir, 'main', 'values', 'spans'), 'name');
    assert.deepEqual(
      spans.map((r) => r.name),
      ['kept'],
    );
  });
});
