import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { RawConnection } from '../helpers/raw-http.js';
import { removeDir, startServer, type RunningServer } from '../helpers/server.js';

let server: RunningServer;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server.stop();
  await removeDir(server.dataDir);
});

const HEAD = 'POST /v1/logs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Databricks-UC-Table-Name: main.http.t_otel_logs\r\n';

/** Sends bytes no HTTP client should, and expects a google.rpc.Status (JSON) whose message says what is wrong. */
const CASES: Array<{ name: string; bytes: string; status: number; grpcCode: number; message: RegExp }> = [
  {
    name: 'Transfer-Encoding with Content-Length',
    bytes: `${HEAD}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    status: 400,
    grpcCode: 3,
    message: /both Transfer-Encoding and Content-Length/,
  },
  {
    name: 'a bad chunk size',
    bytes: `${HEAD}Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n`,
    status: 400,
    grpcCode: 3,
    message: /invalid chunk size/,
  },
  {
    name: 'a garbage request line',
    bytes: '\x16\x03\x01\x02\x00garbage\r\n\r\n',
    status: 400,
    grpcCode: 3,
    message: /request line is not HTTP\/1\.1/,
  },
  {
    name: 'oversized headers',
    bytes: `${HEAD}X-Padding: ${'p'.repeat(64 * 1024)}\r\nContent-Length: 0\r\n\r\n`,
    status: 431,
    grpcCode: 3,
    message: /headers are larger than the server accepts/,
  },
];

for (const c of CASES) {
  test(`${c.name}: answered with a google.rpc.Status, and the connection closed`, { timeout: 20_000 }, async () => {
    const connection = await RawConnection.open(server.url);
    void connection.write(c.bytes);
    const response = await connection.response();
    assert.ok(response, 'answered');
    assert.equal(response.status, c.status);
    assert.match(response.headers['content-type'], /^application\/json/);
    const status = JSON.parse(response.body) as { code: number; message: string };
    assert.deepEqual(Object.keys(status).sort(), ['code', 'message']);
    assert.equal(status.code, c.grpcCode);
    assert.match(status.message, c.message);
    await connection.closed;
    connection.destroy();
  });
}
