import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { readTable } from '../helpers/delta-reader.js';
import { countUids, uidLogsRequest } from '../helpers/logs-load.js';
import { postUidLogs } from '../helpers/post-logs.js';
import { postHead, RawConnection } from '../helpers/raw-http.js';
import { removeDir, startServer } from '../helpers/server.js';

const TABLE = 'main.stop.t_otel_logs';

test('SIGTERM with a client stalled mid-body and rows waiting for a long batch age: exits 0 within the grace, every acknowledged row committed', { timeout: 60_000 }, async () => {
  // The batch age (60 s) and the request timeout (60 s) are both far past the grace: only a
  // shutdown that cuts the stalled request and commits without waiting for the age ends in time.
  const server = await startServer({ args: ['--batch-max-age-ms', '60000', '--shutdown-grace-ms', '3000'] });
  let stalled: RawConnection | undefined;
  try {
    const uids = ['a', 'b', 'c'];
    assert.equal(await postUidLogs(server.url, TABLE, uids), 200);
    stalled = await RawConnection.open(server.url);
    await stalled.write(postHead('/v1/logs', { 'content-type': 'application/json', 'x-databricks-uc-table-name': TABLE, 'content-length': 10_000 }));
    await stalled.write('{"resourceLogs":[');
    await new Promise((r) => setTimeout(r, 200));

    const started = Date.now();
    const code = await server.stop();
    const took = Date.now() - started;
    assert.equal(code, 0, server.output());
    // The grace is 3 s; the bound leaves a loaded machine room, and is far below the 60 s timeouts.
    assert.ok(took < 15_000, `the shutdown took ${took} ms`);
    await stalled.closed;

    const counts = countUids(await readTable(join(server.dataDir, 'main', 'stop', 't_otel_logs'), "map_extract_value(attributes, 'uid') AS uid"));
    assert.deepEqual(Object.fromEntries(counts), { a: 1, b: 1, c: 1 });
  } finally {
    stalled?.destroy();
    await server.stop();
    await removeDir(server.dataDir);
  }
});

test('during the shutdown: a request in flight is answered and its connection closed; one whose headers were still arriving gets a 503 Status', { timeout: 60_000 }, async () => {
  const server = await startServer({ args: ['--shutdown-grace-ms', '6000'] });
  const exited = new Promise<number | null>((resolve) => server.process.once('exit', resolve));
  const inFlight = await RawConnection.open(server.url);
  const arriving = await RawConnection.open(server.url);
  try {
    const body = uidLogsRequest(['during']);
    const request = postHead('/v1/logs', { 'content-type': 'application/json', 'x-databricks-uc-table-name': TABLE, 'content-length': Buffer.byteLength(body) }) + body;
    // One request has its headers and part of its body in when SIGTERM arrives, the other part of its headers.
    await inFlight.write(request.slice(0, -5));
    await arriving.write(request.slice(0, 20));
    await new Promise((r) => setTimeout(r, 200));
    server.process.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    await inFlight.write(request.slice(-5));
    await arriving.write(request.slice(20));

    const answered = await inFlight.response();
    assert.equal(answered?.status, 200, 'the request in flight is answered');
    assert.equal(answered.headers.connection, 'close');
    const refused = await arriving.response();
    assert.equal(refused?.status, 503);
    assert.equal(refused.headers.connection, 'close');
    assert.ok(Number(refused.headers['retry-after']) > 0);
    assert.deepEqual(JSON.parse(refused.body), { code: 14, message: 'the service is shutting down; retry later' });
    assert.equal(await exited, 0, server.output());
  } finally {
    inFlight.destroy();
    arriving.destroy();
    server.process.kill('SIGKILL');
    await removeDir(server.dataDir);
  }
});

test('SIGTERM while a refused body is still arriving: exits 0 within the grace', { timeout: 60_000 }, async () => {
  const server = await startServer({ args: ['--max-body-bytes', String(100 * 1024), '--shutdown-grace-ms', '2000'] });
  const connection = await RawConnection.open(server.url);
  try {
    await connection.write(postHead('/v1/logs', { 'content-type': 'application/json', 'x-databricks-uc-table-name': TABLE, 'content-length': 1024 * 1024 }));
    await connection.write(Buffer.alloc(200 * 1024, 'x'));
    assert.equal((await connection.response())?.status, 413);
    const started = Date.now();
    assert.equal(await server.stop(), 0, server.output());
    assert.ok(Date.now() - started < 10_000, `the shutdown took ${Date.now() - started} ms`);
  } finally {
    connection.destroy();
    await server.stop();
    await removeDir(server.dataDir);
  }
});

test('a second signal during the shutdown does not cut the drain short (Ctrl-C under npm start sends SIGINT twice)', { timeout: 60_000 }, async () => {
  const server = await startServer({ args: ['--batch-max-age-ms', '60000', '--shutdown-grace-ms', '3000'] });
  const exited = new Promise<number | null>((resolve) => server.process.once('exit', resolve));
  let stalled: RawConnection | undefined;
  try {
    assert.equal(await postUidLogs(server.url, TABLE, ['twice']), 200);
    // A client stalled mid-body keeps the shutdown busy for a while (its share of the grace).
    stalled = await RawConnection.open(server.url);
    await stalled.write(postHead('/v1/logs', { 'content-type': 'application/json', 'x-databricks-uc-table-name': TABLE, 'content-length': 1000 }));
    await new Promise((r) => setTimeout(r, 100));
    server.process.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 200));
    server.process.kill('SIGINT');
    assert.equal(await exited, 0, server.output());
    const counts = countUids(await readTable(join(server.dataDir, 'main', 'stop', 't_otel_logs'), "map_extract_value(attributes, 'uid') AS uid"));
    assert.deepEqual(Object.fromEntries(counts), { twice: 1 });
  } finally {
    stalled?.destroy();
    server.process.kill('SIGKILL');
    await removeDir(server.dataDir);
  }
});
