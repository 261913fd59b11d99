import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { jsonLogs, sdkLogsProtobuf } from '../helpers/payloads.js';
import { readTable } from '../helpers/delta-reader.js';
import { removeDir, startServer, type RunningServer } from '../helpers/server.js';

const PB = 'application/x-protobuf';
const JSON_TYPE = 'application/json';
const TOKEN_A = 'tok-A-9f8e7d6c5b4a3928';
const TOKEN_B = 'tok-B-0a1b2c3d4e5f6789'; // in the file as its digest only
const TOKEN_C = 'tok-C-added-by-reload-77';
const sha = (t: string) => createHash('sha256').update(t).digest('hex');

const FILE = [
  { name: 'team-a', token: TOKEN_A, tables: ['main.telemetry.*', 'main.team_a.*'] },
  { name: 'team-b', sha256: sha(TOKEN_B), tables: ['main.team_b.logs'] },
];

describe('bearer tokens and table patterns over the real server', () => {
  let server: RunningServer;
  let dir: string;
  let tokensFile: string;
  let logs: Uint8Array;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'otlp-delta-auth-'));
    tokensFile = join(dir, 'tokens.json');
    await writeFile(tokensFile, JSON.stringify(FILE));
    logs = await sdkLogsProtobuf();
    // info: the request log lines are written, so that the test can check they hold no token
    server = await startServer({ args: ['--tokens-file', tokensFile], env: { OTLP_DELTA_LOG_LEVEL: 'info' } });
  });

  after(async () => {
    assert.equal(await server.stop(), 0);
    // Only what was accepted is in the tables; nothing of a refused request was written.
    const rows = await readTable(join(server.dataDir, 'main', 'telemetry', 'logs'), 'body');
    assert.equal(rows.length, 3);
    assert.equal(existsSync(join(server.dataDir, 'main', 'other')), false);
    assert.equal(existsSync(join(server.dataDir, 'main', 'team_a')), false);
    const output = server.output();
    for (const token of [TOKEN_A, TOKEN_B, TOKEN_C, 'not-a-real-token-123']) assert.ok(!output.includes(token), `the log holds no token ${token}`);
    assert.match(output, /"caller":"team-a"/, 'request log lines carry the caller');
    assert.match(output, /SIGHUP: reloaded the tokens file/);
    assert.match(output, /SIGHUP: the tokens file is invalid; keeping the previous tokens/);
    await removeDir(server.dataDir);
    await rm(dir, { recursive: true, force: true });
  });

  function post(table: string, token: string | null, body: Uint8Array | string = logs, type = PB) {
    return fetch(`${server.url}/api/2.0/otel/v1/logs`, {
      method: 'POST',
      body,
      headers: { 'content-type': type, 'x-databricks-uc-table-name': table, ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
    });
  }

  async function expectStatus(response: Response, status: number, code: number, message: RegExp) {
    assert.equal(response.status, status);
    assert.equal(response.headers.get('www-authenticate'), status === 401 ? 'Bearer' : null);
    const text = await response.text();
    for (const token of [TOKEN_A, TOKEN_B, TOKEN_C, 'not-a-real-token-123']) assert.ok(!text.includes(token), 'the Status never echoes a token');
    const body = JSON.parse(text) as { code: number; message: string };
    assert.equal(body.code, code);
    assert.match(body.message, message);
  }

  test('no token, a wrong token, another scheme: 401', async () => {
    await expectStatus(await post('main.telemetry.logs', null, jsonLogs(), JSON_TYPE), 401, 16, /missing bearer token/);
    await expectStatus(await post('main.telemetry.logs', 'not-a-real-token-123', jsonLogs(), JSON_TYPE), 401, 16, /unknown bearer token/);
    const basic = await fetch(`${server.url}/v1/logs`, {
      method: 'POST',
      body: jsonLogs(),
      headers: { 'content-type': JSON_TYPE, 'x-databricks-uc-table-name': 'main.telemetry.logs', authorization: `Basic ${TOKEN_A}` },
    });
    await expectStatus(basic, 401, 16, /missing bearer token/);
    // authentication comes before anything else of the request: a bad header is still a 401
    await expectStatus(await post('not a table', null, jsonLogs(), JSON_TYPE), 401, 16, /missing bearer token/);
    // the protobuf Status of a protobuf request
    const pb = await post('main.telemetry.logs', 'not-a-real-token-123');
    assert.equal(pb.status, 401);
    assert.ok(!Buffer.from(await pb.arrayBuffer()).toString('latin1').includes('not-a-real-token-123'));
  });

  test('the right token and an allowed table: 200; another table: 403', async () => {
    assert.equal((await post('main.telemetry.logs', TOKEN_A)).status, 200);
    await expectStatus(await post('main.other.logs', TOKEN_A, jsonLogs(), JSON_TYPE), 403, 7, /caller team-a may not write table main\.other\.logs/);
    await expectStatus(await post('main.team_b.logs', TOKEN_A, jsonLogs(), JSON_TYPE), 403, 7, /team-a/);
    // the token's bad table header is still a 400
    assert.equal((await post('main.telemetry', TOKEN_A)).status, 400);
  });

  test('a sha256 entry: its token works, for its own table only', async () => {
    await expectStatus(await post('main.team_a.logs', TOKEN_B, jsonLogs(), JSON_TYPE), 403, 7, /caller team-b/);
    await expectStatus(await post('main.team_b.logs', sha(TOKEN_B), jsonLogs(), JSON_TYPE), 401, 16, /unknown bearer token/);
    assert.equal((await post('main.team_b.logs', TOKEN_B)).status, 200);
  });

  test('the caller is a label of the request and row metrics', async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    assert.match(text, /otlp_delta_requests_total\{route="\/api\/2\.0\/otel\/v1\/logs",status="200",caller="team-a"\} \d+/);
    assert.match(text, /otlp_delta_requests_total\{route="\/api\/2\.0\/otel\/v1\/logs",status="403",caller="team-b"\} \d+/);
    assert.match(text, /otlp_delta_requests_total\{route="\/api\/2\.0\/otel\/v1\/logs",status="401",caller=""\} \d+/);
    assert.match(text, /otlp_delta_rows_accepted_total\{table="main\.telemetry\.logs",caller="team-a"\} 3/);
  });

  test('SIGHUP re-reads the tokens file; an invalid file keeps the old tokens', async () => {
    assert.equal((await post('main.team_c.logs', TOKEN_C)).status, 401);
    // an invalid file first: nothing changes
    await writeFile(tokensFile, JSON.stringify([{ name: 'team-c', token: TOKEN_C }]));
    server.process.kill('SIGHUP');
    const deadline = Date.now() + 10_000;
    while (!/keeping the previous tokens/.test(server.output())) {
      assert.ok(Date.now() < deadline, 'the invalid reload is logged');
      await sleep(50);
    }
    assert.equal((await post('main.team_c.logs', TOKEN_C)).status, 401);
    assert.equal((await post('main.team_b.logs', TOKEN_B)).status, 200, 'the old tokens still work');
    // then a valid one that adds team-c
    await writeFile(tokensFile, JSON.stringify([...FILE, { name: 'team-c', token: TOKEN_C, tables: ['main.team_c.*'] }]));
    server.process.kill('SIGHUP');
    for (;;) {
      const response = await post('main.team_c.logs', TOKEN_C);
      if (response.status === 200) break;
      assert.equal(response.status, 401);
      assert.ok(Date.now() < deadline, 'the new token works after SIGHUP');
      await sleep(50);
    }
    assert.equal((await post('main.team_b.logs', TOKEN_B)).status, 200);
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200, 'SIGHUP does not stop the server');
  });
});
