import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { readTable } from '../helpers/delta-reader.js';
import { jsonLogs, sdkLogsProtobuf, sdkMetricsProtobuf } from '../helpers/payloads.js';
import { removeDir, startServer, type RunningServer } from '../helpers/server.js';
import { bytes as pbBytes, message as pbMessage, string as pbString } from '../otlp/wire.js';

/**
 * Bad input on the traces routes, as test/e2e/bad-input.test.ts does for logs: every rule of the
 * other routes holds for `/api/2.0/otel/v1/traces` and `/v1/traces`, spans are refused by metrics
 * and logs tables (and the reverse), and a rejected request writes nothing. Then the two settings
 * that concern traces: the default spans table (Gemini CLI sends no header) and the 404 of a
 * missing table when auto-create is off.
 */

const SPANS_TABLE = 'main.bad.t_otel_spans';
const LOGS_TABLE = 'main.bad.t_otel_logs';
const METRICS_TABLE = 'main.bad.t_otel_metrics';
const TRACES_PATH = '/api/2.0/otel/v1/traces';
const PB = 'application/x-protobuf';
const JSON_TYPE = 'application/json';

/** A valid ExportTraceServiceRequest made by the OpenTelemetry JS SDK and its serializer. */
async function sdkTracesProtobuf(count = 3): Promise<Uint8Array> {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'payloads' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('payloads', '1.0.0');
  for (let i = 0; i < count; i++) {
    const span = tracer.startSpan(`span ${i}`, { kind: SpanKind.SERVER, attributes: { i } });
    span.setStatus({ code: SpanStatusCode.ERROR, message: `failed ${i}` });
    span.end();
  }
  await provider.forceFlush();
  const body = ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans());
  await provider.shutdown();
  if (!body) throw new Error('serializer returned nothing');
  return body;
}

/** A small OTLP/JSON traces request as Codex and Gemini write them (ids in hex, int64 as strings). */
function jsonTraces(name = 'hello'): string {
  return JSON.stringify(
    {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'json' } }] },
          scopeSpans: [
            {
              scope: { name: 'json-scope' },
              spans: [
                {
                  traceId: '5b8efff798038103d269b633813fc60c',
                  spanId: 'eee19b7ec3c1b174',
                  parentSpanId: '',
                  name,
                  kind: 1,
                  startTimeUnixNano: '1700000000000000000',
                  endTimeUnixNano: '1700000000500000000',
                  status: {},
                },
              ],
            },
          ],
        },
      ],
    },
    null,
    2,
  );
}

/** ExportTraceServiceRequest{resource_spans{scope_spans{spans{trace_id: 5 bytes}}}}, by hand. */
function protobufWithShortTraceId(): Uint8Array {
  return pbMessage(1, pbMessage(2, pbMessage(2, pbBytes(1, Uint8Array.from([1, 2, 3, 4, 5])), pbString(5, 'short id'))));
}

interface Case {
  name: string;
  path?: string;
  body: Uint8Array | string;
  headers: Record<string, string>;
  status: number;
}

describe('bad input on the traces routes, over the real server', () => {
  let server: RunningServer;
  let validSpans: Uint8Array;
  let validLogs: Uint8Array;
  let validMetrics: Uint8Array;

  function post(path: string, body: Uint8Array | string, headers: Record<string, string>) {
    return fetch(server.url + path, { method: 'POST', body, headers });
  }

  const table = (name: string) => ({ 'x-databricks-uc-table-name': name });
  const tableDir = (name: string) => join(server.dataDir, ...name.split('.'));

  before(async () => {
    server = await startServer({ args: ['--max-body-bytes', String(1024 * 1024)] });
    validSpans = await sdkTracesProtobuf();
    validLogs = await sdkLogsProtobuf();
    validMetrics = await sdkMetricsProtobuf();
    // One good request per kind first, so that each table exists and holds its schema.
    for (const [path, body, name] of [
      [TRACES_PATH, validSpans, SPANS_TABLE],
      ['/api/2.0/otel/v1/logs', validLogs, LOGS_TABLE],
      ['/api/2.0/otel/v1/metrics', validMetrics, METRICS_TABLE],
    ] as const) {
      const ok = await post(path, body, { 'content-type': PB, ...table(name) });
      assert.equal(ok.status, 200, `${path} → ${name}`);
    }
  });

  after(async () => {
    assert.equal(await server.stop(), 0);
    await removeDir(server.dataDir);
  });

  function cases(): Case[] {
    const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x41));
    const spans = { 'content-type': PB, ...table(SPANS_TABLE) };
    const spansJson = { 'content-type': JSON_TYPE, ...table(SPANS_TABLE) };
    return [
      { name: 'truncated protobuf', body: validSpans.subarray(0, validSpans.length - 7), headers: spans, status: 400 },
      { name: 'random bytes', body: Uint8Array.from({ length: 300 }, (_, i) => (i * 7919 + 13) & 0xff), headers: spans, status: 400 },
      { name: 'protobuf trace id of 5 bytes', body: protobufWithShortTraceId(), headers: spans, status: 400 },
      { name: 'malformed JSON', body: '{"resourceSpans": [', headers: spansJson, status: 400 },
      {
        name: 'JSON with wrong types',
        body: '{"resourceSpans": [{"scopeSpans": [{"spans": [{"startTimeUnixNano": {"x": 1}}]}]}]}',
        headers: spansJson,
        status: 400,
      },
      {
        name: 'JSON span id that is not hex',
        body: '{"resourceSpans": [{"scopeSpans": [{"spans": [{"spanId": "zzzzzzzzzzzzzzzz"}]}]}]}',
        headers: spansJson,
        status: 400,
      },
      {
        name: 'JSON trace id in base64',
        body: '{"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": "W47/95gDgQPSabYzgT/GDA=="}]}]}]}',
        headers: spansJson,
        status: 400,
      },
      {
        name: 'JSON link with a short span id',
        body: '{"resourceSpans": [{"scopeSpans": [{"spans": [{"links": [{"spanId": "abcd"}]}]}]}]}',
        headers: spansJson,
        status: 400,
      },
      { name: 'JSON status code of the wrong type', body: '{"resourceSpans": [{"scopeSpans": [{"spans": [{"status": {"code": [2]}}]}]}]}', headers: spansJson, status: 400 },
      { name: 'JSON that is not an object', body: '[1,2,3]', headers: spansJson, status: 400 },
      { name: 'body that is not UTF-8', body: Uint8Array.from([0x7b, 0xff, 0xfe, 0x7d]), headers: spansJson, status: 400 },
      { name: 'wrong content type', body: jsonTraces(), headers: { 'content-type': 'text/plain', ...table(SPANS_TABLE) }, status: 415 },
      { name: 'no content type', body: jsonTraces(), headers: { ...table(SPANS_TABLE) }, status: 415 },
      { name: 'unknown encoding', body: jsonTraces(), headers: { ...spansJson, 'content-encoding': 'br' }, status: 415 },
      { name: 'gzip that is not gzip', body: jsonTraces(), headers: { ...spansJson, 'content-encoding': 'gzip' }, status: 400 },
      { name: 'gzip bomb', body: bomb, headers: { ...spans, 'content-encoding': 'gzip' }, status: 413 },
      { name: 'body over the limit', body: new Uint8Array(1024 * 1024 + 1), headers: spans, status: 413 },
      { name: 'missing table header (no default spans table)', body: validSpans, headers: { 'content-type': PB }, status: 400 },
      { name: 'missing table header on /v1/traces', path: '/v1/traces', body: jsonTraces(), headers: { 'content-type': JSON_TYPE }, status: 400 },
      ...['a.b', 'a.b.c.d', 'a.b.c;DROP TABLE x', '..x.y', 'a.`b`.c', 'a/b.c.d', 'a.b./etc', 'a.b.-c', ''].map((name) => ({
        name: `table header ${JSON.stringify(name)}`,
        body: validSpans,
        headers: { 'content-type': PB, ...table(name) },
        status: 400,
      })),
      { name: 'spans into a logs table', body: validSpans, headers: { 'content-type': PB, ...table(LOGS_TABLE) }, status: 400 },
      { name: 'spans (JSON) into a logs table', path: '/v1/traces', body: jsonTraces(), headers: { 'content-type': JSON_TYPE, ...table(LOGS_TABLE) }, status: 400 },
      { name: 'spans into a metrics table', body: validSpans, headers: { 'content-type': PB, ...table(METRICS_TABLE) }, status: 400 },
      { name: 'logs into a spans table', path: '/api/2.0/otel/v1/logs', body: validLogs, headers: { 'content-type': PB, ...table(SPANS_TABLE) }, status: 400 },
      { name: 'metrics into a spans table', path: '/v1/metrics', body: validMetrics, headers: { 'content-type': PB, ...table(SPANS_TABLE) }, status: 400 },
      { name: 'logs body on the traces route', body: validLogs, headers: spans, status: 400 },
      { name: 'GET on the traces route', body: '', headers: {}, status: 404 },
    ];
  }

  test('every case gets its status and a google.rpc.Status body', async () => {
    for (const c of cases()) {
      const response =
        c.name === 'GET on the traces route'
          ? await fetch(server.url + TRACES_PATH)
          : await post(c.path ?? TRACES_PATH, c.body, c.headers);
      assert.equal(response.status, c.status, `${c.name}: status`);
      const isJson = (response.headers.get('content-type') ?? '').startsWith('application/json');
      if (isJson) {
        const status = (await response.json()) as { code: number; message: string };
        assert.equal(typeof status.code, 'number', `${c.name}: Status.code`);
        assert.ok(status.message.length > 10, `${c.name}: Status.message ${status.message}`);
      } else {
        const body = new Uint8Array(await response.arrayBuffer());
        assert.ok(body.length > 10, `${c.name}: protobuf Status body`);
      }
    }
    for (const dir of ['a', 'x', 'etc']) assert.equal(existsSync(join(server.dataDir, dir)), false, `no table dir ${dir}`);
  });

  test('the JSON Status names what to fix', async () => {
    const bad = await post(TRACES_PATH, jsonTraces(), { 'content-type': JSON_TYPE, ...table('a.b') });
    const header = (await bad.json()) as { code: number; message: string };
    assert.equal(header.code, 3);
    assert.match(header.message, /X-Databricks-UC-Table-Name/);

    const wrongKind = await post('/v1/traces', jsonTraces(), { 'content-type': JSON_TYPE, ...table(LOGS_TABLE) });
    assert.equal(wrongKind.status, 400);
    const kind = (await wrongKind.json()) as { code: number; message: string };
    assert.match(kind.message, /main\.bad\.t_otel_logs/);
    assert.match(kind.message, /logs/);
    assert.match(kind.message, /spans/);

    const undecodable = await post(TRACES_PATH, '{"resourceSpans": 7}', { 'content-type': JSON_TYPE, ...table(SPANS_TABLE) });
    const decode = (await undecodable.json()) as { code: number; message: string };
    assert.equal(decode.code, 3);
    assert.match(decode.message, /ExportTraceServiceRequest/);
  });

  test('the server still serves spans after all of it, on both paths, and an empty request is a 200', async () => {
    const onDefaultPath = await post('/v1/traces', jsonTraces('after'), { 'content-type': JSON_TYPE, ...table(SPANS_TABLE) });
    assert.equal(onDefaultPath.status, 200);
    assert.deepEqual(await onDefaultPath.json(), {});
    const gzipped = await post(TRACES_PATH, gzipSync(validSpans), { 'content-type': PB, 'content-encoding': 'gzip', ...table(SPANS_TABLE) });
    assert.equal(gzipped.status, 200);
    const empty = await post(TRACES_PATH, '{}', { 'content-type': JSON_TYPE, ...table(SPANS_TABLE) });
    assert.equal(empty.status, 200);
    assert.equal((await fetch(server.url + '/healthz')).status, 200);
  });

  // A 200 means the rows are durable, not that they are in the table yet: read after SIGTERM.
  test('after SIGTERM the tables hold the accepted rows and nothing of the rejected requests', async () => {
    assert.equal(await server.stop(), 0, server.output());
    const spans = await readTable(tableDir(SPANS_TABLE), 'name');
    assert.deepEqual(
      spans.map((r) => String(r.name)).sort(),
      ['after', 'span 0', 'span 0', 'span 1', 'span 1', 'span 2', 'span 2'],
      'the setup request, the JSON one on /v1/traces and the gzipped one',
    );
    const logs = await readTable(tableDir(LOGS_TABLE), 'body');
    assert.deepEqual(logs.map((r) => String(r.body)).sort(), ['record 0', 'record 1', 'record 2'], 'only the setup logs');
    const metrics = await readTable(tableDir(METRICS_TABLE), 'name');
    assert.deepEqual(metrics.map((r) => String(r.name)).sort(), ['latency', 'requests'], 'only the setup metrics');
  });
});

describe('the traces settings: default spans table, auto-create off', () => {
  test('a request without the header goes to the default spans table (Gemini CLI)', async () => {
    const table = 'main.gemini.g_otel_spans';
    const server = await startServer({ args: ['--default-spans-table', table] });
    try {
      const response = await fetch(server.url + '/v1/traces', {
        method: 'POST',
        body: jsonTraces('from gemini'),
        headers: { 'content-type': JSON_TYPE },
      });
      assert.equal(response.status, 200);
      // The default stands in for the spans signal only.
      const logs = await fetch(server.url + '/v1/logs', { method: 'POST', body: jsonLogs(), headers: { 'content-type': JSON_TYPE } });
      assert.equal(logs.status, 400);
      assert.equal(await server.stop(), 0);
      const rows = await readTable(join(server.dataDir, 'main', 'gemini', 'g_otel_spans'), 'name, kind, trace_id, parent_span_id');
      assert.deepEqual(rows, [{ name: 'from gemini', kind: 'SPAN_KIND_INTERNAL', trace_id: '5b8efff798038103d269b633813fc60c', parent_span_id: null }]);
    } finally {
      await server.stop();
      await removeDir(server.dataDir);
    }
  });

  test('OTLP_DELTA_DEFAULT_SPANS_TABLE, with auto-create off and the table missing: 404 naming bootstrap and the spans table', async () => {
    const server = await startServer({
      args: ['--auto-create', 'false'],
      env: { OTLP_DELTA_DEFAULT_SPANS_TABLE: 'main.gemini.g_otel_spans' },
    });
    try {
      const response = await fetch(server.url + '/v1/traces', {
        method: 'POST',
        body: jsonTraces(),
        headers: { 'content-type': JSON_TYPE },
      });
      assert.equal(response.status, 404);
      const status = (await response.json()) as { code: number; message: string };
      assert.match(status.message, /main\.gemini\.g_otel_spans/);
      assert.match(status.message, /otlp-delta bootstrap --catalog main --schema gemini/);
      assert.match(status.message, /_otel_spans/);
      assert.equal(existsSync(join(server.dataDir, 'main', 'gemini', 'g_otel_spans')), false);
    } finally {
      assert.equal(await server.stop(), 0);
      await removeDir(server.dataDir);
    }
  });
});
