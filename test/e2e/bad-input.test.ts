import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { jsonLogs, sdkLogsProtobuf, sdkMetricsProtobuf } from '../helpers/payloads.js';
import { readTable } from '../helpers/delta-reader.js';
import { removeDir, startServer, type RunningServer } from '../helpers/server.js';

const LOGS_TABLE = 'main.bad.t_otel_logs';
const PB = 'application/x-protobuf';
const JSON_TYPE = 'application/json';

interface Case {
  name: string;
  path?: string;
  body: Uint8Array | string;
  headers: Record<string, string>;
  status: number;
}

describe('bad input over the real server', () => {
  let server: RunningServer;
  let validLogs: Uint8Array;
  let validMetrics: Uint8Array;

  before(async () => {
    server = await startServer({ args: ['--max-body-bytes', String(1024 * 1024)] });
    validLogs = await sdkLogsProtobuf();
    validMetrics = await sdkMetricsProtobuf();
    // One good request first, so that the logs table exists and holds the logs schema.
    const ok = await post('/api/2.0/otel/v1/logs', validLogs, { 'content-type': PB, 'x-databricks-uc-table-name': LOGS_TABLE });
    assert.equal(ok.status, 200);
  });

  after(async () => {
    assert.equal(await server.stop(), 0);
    // SIGTERM drains the spool: the table now holds exactly the accepted records, nothing rejected.
    const rows = await readTable(join(server.dataDir, 'main', 'bad', 't_otel_logs'), 'body');
    assert.deepEqual(rows.map((r) => r.body).sort(), ['after', 'record 0', 'record 1', 'record 2']);
    for (const dir of ['a', 'x', 'etc']) assert.equal(existsSync(join(server.dataDir, dir)), false, `no table dir ${dir}`);
    await removeDir(server.dataDir);
  });

  function post(path: string, body: Uint8Array | string, headers: Record<string, string>) {
    return fetch(server.url + path, { method: 'POST', body, headers });
  }

  const table = (name: string) => ({ 'x-databricks-uc-table-name': name });

  function cases(): Case[] {
    const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x41));
    return [
      { name: 'truncated protobuf', body: validLogs.subarray(0, validLogs.length - 7), headers: { 'content-type': PB, ...table(LOGS_TABLE) }, status: 400 },
      { name: 'random bytes', body: Uint8Array.from({ length: 300 }, (_, i) => (i * 7919 + 13) & 0xff), headers: { 'content-type': PB, ...table(LOGS_TABLE) }, status: 400 },
      { name: 'malformed JSON', body: '{"resourceLogs": [', headers: { 'content-type': JSON_TYPE, ...table(LOGS_TABLE) }, status: 400 },
      { name: 'JSON with wrong types', body: '{"resourceLogs": [{"scopeLogs": [{"logRecords": [{"timeUnixNano": {"x": 1}}]}]}]}', headers: { 'content-type': JSON_TYPE, ...table(LOGS_TABLE) }, status: 400 },
      { name: 'JSON that is not an object', body: '[1,2,3]', headers: { 'content-type': JSON_TYPE, ...table(LOGS_TABLE) }, status: 400 },
      { name: 'wrong content type', body: jsonLogs(), headers: { 'content-type': 'text/plain', ...table(LOGS_TABLE) }, status: 415 },
      { name: 'no content type', body: jsonLogs(), headers: { ...table(LOGS_TABLE) }, status: 415 },
      { name: 'unknown encoding', body: jsonLogs(), headers: { 'content-type': JSON_TYPE, 'content-encoding': 'br', ...table(LOGS_TABLE) }, status: 415 },
      { name: 'gzip that is not gzip', body: jsonLogs(), headers: { 'content-type': JSON_TYPE, 'content-encoding': 'gzip', ...table(LOGS_TABLE) }, status: 400 },
      { name: 'gzip bomb', body: bomb, headers: { 'content-type': PB, 'content-encoding': 'gzip', ...table(LOGS_TABLE) }, status: 413 },
      { name: 'body over the limit', body: new Uint8Array(1024 * 1024 + 1), headers: { 'content-type': PB, ...table(LOGS_TABLE) }, status: 413 },
      { name: 'missing table header', body: validLogs, headers: { 'content-type': PB }, status: 400 },
      ...['a.b', 'a.b.c.d', 'a.b.c;DROP TABLE x', '..x.y', 'a.`b`.c', 'a/b.c.d', 'a.b./etc', 'a.b.-c', ''].map((name) => ({
        name: `table header ${JSON.stringify(name)}`,
        body: validLogs,
        headers: { 'content-type': PB, ...table(name) },
        status: 400,
      })),
      { name: 'metrics sent to a logs table', path: '/api/2.0/otel/v1/metrics', body: validMetrics, headers: { 'content-type': PB, ...table(LOGS_TABLE) }, status: 400 },
    ];
  }

  test('every case gets its status and a google.rpc.Status body', async () => {
    for (const c of cases()) {
      const response = await post(c.path ?? '/api/2.0/otel/v1/logs', c.body, c.headers);
      assert.equal(response.status, c.status, `${c.name}: status`);
      const isJson = (response.headers.get('content-type') ?? '').startsWith('application/json');
      if (isJson) {
        const status = (await response.json()) as { code: number; message: string };
        assert.equal(typeof status.code, 'number', `${c.name}: Status.code`);
        assert.ok(status.message.length > 10, `${c.name}: Status.message ${status.message}`);
      } else {
        const bytes = new Uint8Array(await response.arrayBuffer());
        assert.ok(bytes.length > 10, `${c.name}: protobuf Status body`);
      }
    }
  });

  test('the JSON Status names what to fix', async () => {
    const response = await post('/api/2.0/otel/v1/logs', jsonLogs(), { 'content-type': JSON_TYPE, ...table('a.b') });
    const status = (await response.json()) as { code: number; message: string };
    assert.equal(status.code, 3);
    assert.match(status.message, /X-Databricks-UC-Table-Name/);
  });

  test('the server still serves after all of it', async () => {
    const response = await post('/v1/logs', jsonLogs('after'), { 'content-type': JSON_TYPE, ...table(LOGS_TABLE) });
    assert.equal(response.status, 200);
    assert.equal((await fetch(server.url + '/healthz')).status, 200);
  });
});
