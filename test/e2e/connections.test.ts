import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { jsonLogs } from '../helpers/payloads.js';
import { postHead, RawConnection, type RawResponse } from '../helpers/raw-http.js';
import { removeDir, startServer, type RunningServer } from '../helpers/server.js';

const LIMIT = 100 * 1024;
const TABLE = 'main.conn.t_otel_logs';
const HEADERS = { 'content-type': 'application/json', 'x-databricks-uc-table-name': TABLE };

let server: RunningServer;
before(async () => {
  server = await startServer({ args: ['--max-body-bytes', String(LIMIT), '--max-in-flight-bytes', String(1024 * 1024)] });
});
after(async () => {
  await server.stop();
  await removeDir(server.dataDir);
});

/**
 * After a refused body on a connection, the client's next export must be answered: either on the
 * same connection, or, when the refusal said `Connection: close`, on a new one once that one ended.
 */
async function nextExportIsAnswered(connection: RawConnection, refusal: RawResponse): Promise<void> {
  const body = jsonLogs('after the refusal');
  const request = postHead('/v1/logs', { ...HEADERS, 'content-length': Buffer.byteLength(body) }) + body;
  if (refusal.headers.connection === 'close') {
    await connection.closed; // bounded by the test's timeout: a connection left open would hang here
    const fresh = await RawConnection.open(server.url);
    await fresh.write(request);
    assert.equal((await fresh.response())?.status, 200);
    fresh.destroy();
    return;
  }
  await connection.write(request);
  assert.equal((await connection.response())?.status, 200, 'the kept-alive connection answers the next request');
}

test('a body over the limit gets a 413 Status, and the exporter\'s next request is answered', { timeout: 30_000 }, async () => {
  const connection = await RawConnection.open(server.url);
  const body = Buffer.alloc(1024 * 1024, 'x');
  await connection.write(postHead('/v1/logs', { ...HEADERS, 'content-length': body.length }));
  void connection.write(body);
  const refusal = await connection.response();
  assert.ok(refusal, 'the oversized request is answered');
  assert.equal(refusal.status, 413);
  assert.match(JSON.parse(refusal.body).message, /larger than the limit of 102400 bytes/);
  await nextExportIsAnswered(connection, refusal);
  connection.destroy();
});

test('a gzip body that inflates past the limit gets a 413, and the next request is answered', { timeout: 30_000 }, async () => {
  // A few hundred kB sent (incompressible half) that inflates past the limit.
  const body = gzipSync(Buffer.concat([randomBytes(300 * 1024), Buffer.alloc(1024 * 1024)]));
  assert.ok(body.length > 200 * 1024 && body.length < 400 * 1024);
  const connection = await RawConnection.open(server.url);
  await connection.write(postHead('/v1/logs', { ...HEADERS, 'content-encoding': 'gzip', 'content-length': body.length }));
  void connection.write(body);
  const refusal = await connection.response();
  assert.equal(refusal?.status, 413);
  await nextExportIsAnswered(connection, refusal!);
  connection.destroy();
});

test('a small gzip body that inflates past the limit is read whole: the same connection answers the next request', { timeout: 30_000 }, async () => {
  const body = gzipSync(Buffer.alloc(2 * 1024 * 1024));
  const connection = await RawConnection.open(server.url);
  await connection.write(Buffer.concat([Buffer.from(postHead('/v1/logs', { ...HEADERS, 'content-encoding': 'gzip', 'content-length': body.length })), body]));
  const refusal = await connection.response();
  assert.equal(refusal?.status, 413);
  assert.match(JSON.parse(refusal!.body).message, /decompressed body is larger/);
  await nextExportIsAnswered(connection, refusal!);
  connection.destroy();
});

test('a slow uploader that declares a large body does not make everyone else get 503', { timeout: 30_000 }, async () => {
  // Declares more than the whole in-flight budget (within the body limit), sends a trickle.
  const own = await startServer({ args: ['--max-in-flight-bytes', String(1024 * 1024)] });
  const slow = await RawConnection.open(own.url);
  await slow.write(postHead('/v1/logs', { ...HEADERS, 'content-length': 5 * 1024 * 1024 }));
  await slow.write('{"resourceLogs":[');
  await new Promise((r) => setTimeout(r, 300));
  try {
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`${own.url}/v1/logs`, { method: 'POST', headers: HEADERS, body: jsonLogs(`honest ${i}`) });
      assert.equal(response.status, 200, await response.text());
    }
  } finally {
    slow.destroy();
    await own.stop();
    await removeDir(own.dataDir);
  }
});
