import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { deepKvlistLogs } from '../auth/deep-nesting.js';
import { jsonLogs } from '../helpers/payloads.js';
import { removeDir, startServer } from '../helpers/server.js';

describe('safe defaults and limits over the real server', () => {
  test('a non-loopback host without a tokens file refuses to start, saying why', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'otlp-delta-e2e-'));
    try {
      await assert.rejects(
        startServer({ dataDir, args: ['--host', '0.0.0.0'] }),
        (e: Error) => /server exited with 2/.test(e.message) && /refusing to listen on 0\.0\.0\.0 without a tokens file/.test(e.message) && /--allow-unauthenticated/.test(e.message),
      );
    } finally {
      await removeDir(dataDir);
    }
  });

  test('it starts with --allow-unauthenticated, or with a tokens file', async () => {
    const open = await startServer({ args: ['--host', '0.0.0.0', '--allow-unauthenticated'] });
    try {
      const response = await fetch(`${open.url}/v1/logs`, {
        method: 'POST',
        body: jsonLogs(),
        headers: { 'content-type': 'application/json', 'x-databricks-uc-table-name': 'main.open.logs' },
      });
      assert.equal(response.status, 200);
    } finally {
      assert.equal(await open.stop(), 0);
      await removeDir(open.dataDir);
    }
    const dir = await mkdtemp(join(tmpdir(), 'otlp-delta-auth-'));
    const tokensFile = join(dir, 'tokens.json');
    await writeFile(tokensFile, JSON.stringify([{ name: 'a', token: 'tok-a', tables: ['*'] }]));
    const guarded = await startServer({ args: ['--host', '0.0.0.0', '--tokens-file', tokensFile] });
    try {
      const response = await fetch(`${guarded.url}/v1/logs`, { method: 'POST', body: jsonLogs(), headers: { 'content-type': 'application/json' } });
      assert.equal(response.status, 401);
    } finally {
      assert.equal(await guarded.stop(), 0);
      await removeDir(guarded.dataDir);
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a bad tokens file stops the start, naming the problem', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'otlp-delta-auth-'));
    const tokensFile = join(dir, 'tokens.json');
    await writeFile(tokensFile, JSON.stringify([{ name: 'a', token: 'tok-a', tables: ['main.`x`.y'] }]));
    try {
      await assert.rejects(startServer({ dataDir: dir, args: ['--tokens-file', tokensFile] }), (e: Error) =>
        /server exited with 2/.test(e.message) && /tokens\.json at \[0\]\.tables\[0\]: must be a glob/.test(e.message),
      );
      await assert.rejects(startServer({ dataDir: dir, args: ['--tokens-file', join(dir, 'none.json')] }), /cannot read the tokens file/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a client sending its headers byte by byte is cut off after the header timeout', async () => {
    const server = await startServer({ args: ['--headers-timeout-ms', '600', '--request-timeout-ms', '5000'] });
    try {
      const { port } = new URL(server.url);
      const socket = connect(Number(port), '127.0.0.1');
      await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
      const started = Date.now();
      let closed = false;
      let answer = '';
      socket.on('data', (d) => (answer += d));
      const ended = new Promise<number>((resolve) => socket.once('close', () => ((closed = true), resolve(Date.now() - started))));
      socket.on('error', () => {});
      const request = 'POST /v1/logs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Slow: ' + 'a'.repeat(10_000);
      for (let i = 0; i < request.length && !closed; i++) {
        socket.write(request[i]);
        await sleep(20);
        assert.ok(Date.now() - started < 5_000, 'the server should have closed the connection by now');
      }
      const after = await ended;
      assert.ok(after >= 500, `closed after ${after} ms, not before the timeout`);
      assert.ok(after < 3_000, `closed after ${after} ms`);
      assert.ok(answer === '' || answer.startsWith('HTTP/1.1 408'), answer);
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200, 'the server still serves');
    } finally {
      assert.equal(await server.stop(), 0);
      await removeDir(server.dataDir);
    }
  });

  test('a kvlist nested 100,000 deep is a 400, and the server stays up', async () => {
    const server = await startServer();
    try {
      const response = await fetch(`${server.url}/v1/logs`, {
        method: 'POST',
        body: deepKvlistLogs(100_000),
        headers: { 'content-type': 'application/x-protobuf', 'x-databricks-uc-table-name': 'main.deep.logs' },
      });
      assert.equal(response.status, 400);
      await response.arrayBuffer();
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    } finally {
      assert.equal(await server.stop(), 0);
      await removeDir(server.dataDir);
    }
  });
});
