import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { DBSQLClient, DBSQLParameter, DBSQLParameterType } from '@databricks/sql';
import { startTestWarehouse, type TestWarehouse } from './index.js';

const quiet = { log: () => undefined };

type Extra = { socketTimeout?: number };

async function connect(wh: TestWarehouse, extra: Extra = {}, token = wh.token): Promise<DBSQLClient> {
  const client = new DBSQLClient({ logger: quiet });
  await client.connect({
    host: wh.host,
    port: wh.port,
    path: wh.httpPath,
    token,
    customCaCert: readFileSync(wh.caCertPath),
    telemetryEnabled: false,
    ...extra,
  });
  return client;
}

/** The Thrift calls since `from`, as 'Method:status'. */
function callsSince(wh: TestWarehouse, from: number): string[] {
  return wh.requests.slice(from).map((r) => `${r.thrift ?? `${r.method} ${r.url}`}:${r.status}`);
}

/** Fields of whatever the connector threw (StatusError is not an Error). */
function fields(error: unknown): Record<string, unknown> {
  return error as Record<string, unknown>;
}

describe('test warehouse with the real @databricks/sql connector', () => {
  let wh: TestWarehouse;
  let client: DBSQLClient;

  before(async () => {
    wh = await startTestWarehouse();
    client = await connect(wh);
  });
  after(async () => {
    await client?.close().catch(() => undefined);
    await wh?.close();
  });

  it('connects with a PAT and runs SELECT 1 through every Thrift call, then closes the session', async () => {
    const from = wh.requests.length;
    const session = await client.openSession();
    const op = await session.executeStatement('SELECT 1');
    assert.deepEqual(await op.fetchAll(), [{ '1': 1 }]);
    await op.close();
    await session.close();
    assert.deepEqual(callsSince(wh, from), [
      'OpenSession:200',
      'ExecuteStatement:200',
      'GetOperationStatus:200',
      'GetResultSetMetadata:200',
      'FetchResults:200',
      'FetchResults:200',
      'CloseOperation:200',
      'CloseSession:200',
    ]);
    const last = wh.statements.at(-1)!;
    assert.equal(last.sql, 'SELECT 1');
    assert.equal(last.sessionHandle, session.id);
    assert.equal(last.outcome, 'success');
  });

  it('records named parameters exactly as sent (a large JSON string with unicode, BIGINT, BOOLEAN, NULL)', async () => {
    const samples = ['plain', 'héllo wörld', '日本語テキスト', '🌍👩‍💻🏳️‍🌈', 'e\u0301 combining', 'עברית', 'line\u2028sep\u2029', 'tab\tnl\n"q"\\', '\ud800 lone'];
    const rows = Array.from({ length: 6000 }, (_, i) => ({
      time_unix_nano: `${1_700_000_000_000_000_000n + BigInt(i)}`,
      body: samples[i % samples.length],
      attributes: { 'event.name': 'api_request', n: String(i) },
    }));
    const json = JSON.stringify(rows);
    assert.ok(json.length > 500_000);
    const session = await client.openSession();
    try {
      const sql = "SELECT * FROM inline(from_json(:rows, 'ARRAY<STRUCT<time_unix_nano: BIGINT, body: STRING, attributes: MAP<STRING, STRING>>>'))";
      const op = await session.executeStatement(sql, {
        namedParameters: {
          rows: json,
          big: 9_007_199_254_740_993n,
          flag: true,
          nothing: new DBSQLParameter({ type: DBSQLParameterType.VOID, value: null }),
        },
      });
      await op.fetchAll();
      await op.close();
      const recorded = wh.statements.at(-1)!;
      assert.equal(recorded.sql, sql);
      assert.deepEqual(Object.keys(recorded.parameters).sort(), ['big', 'flag', 'nothing', 'rows']);
      assert.equal(recorded.parameters.rows.type, 'STRING');
      assert.ok(recorded.parameters.rows.value === json, 'the rows parameter arrives byte for byte');
      assert.deepEqual(JSON.parse(recorded.parameters.rows.value!), rows);
      assert.deepEqual(recorded.parameters.big, { type: 'BIGINT', value: '9007199254740993' });
      assert.deepEqual(recorded.parameters.flag, { type: 'BOOLEAN', value: 'TRUE' });
      assert.deepEqual(recorded.parameters.nothing, { type: 'VOID', value: null });
    } finally {
      await session.close();
    }
  });

  it('keeps a catalog: CREATE TABLE [IF NOT EXISTS], DESCRIBE, INSERT, and the not-found / already-exists errors', async () => {
    const session = await client.openSession();
    const table = '`otel`.`claude-code`.`p_otel_logs`';
    const run = async (sql: string, namedParameters?: Record<string, string>) => {
      const op = await session.executeStatement(sql, namedParameters ? { namedParameters } : {});
      try {
        return await op.fetchAll();
      } finally {
        await op.close().catch(() => undefined);
      }
    };
    try {
      const insert = `INSERT INTO ${table} SELECT * FROM inline(from_json(:rows, 'ARRAY<STRUCT<event_name: STRING, time_unix_nano: LONG>>'))`;
      await assert.rejects(run(insert, { rows: '[]' }), (error: unknown) => {
        const e = fields(error);
        assert.match(String(e.message), /^\[TABLE_OR_VIEW_NOT_FOUND\] The table or view `otel`\.`claude-code`\.`p_otel_logs` cannot be found\./);
        assert.equal(fields(e.response).sqlState, '42P01');
        assert.equal(e.errorCode, 'ERROR');
        return true;
      });
      assert.equal(wh.statements.at(-1)!.outcome, 'error');

      const columns = `
        event_name STRING COMMENT 'the event, e.g. api_request',
        time_unix_nano LONG NOT NULL,
        attributes MAP<STRING, STRING>,
        resource STRUCT<
          attributes: MAP<STRING, STRING>,
          dropped_attributes_count: INT
        >,
        \`events\` ARRAY<STRUCT<name: STRING, time_unix_nano: LONG>>,
        amount DECIMAL(10, 2)`;
      await run(`CREATE TABLE IF NOT EXISTS ${table} (${columns}) USING DELTA TBLPROPERTIES ('otel.schemaVersion' = 'v1')`);
      assert.deepEqual([...wh.tables.keys()], ['otel.claude-code.p_otel_logs']);
      assert.equal(wh.tables.get('otel.claude-code.p_otel_logs')!.columnsSql, columns.trim());
      await run(`CREATE TABLE IF NOT EXISTS ${table} (x INT) USING DELTA`);
      assert.equal(wh.tables.get('otel.claude-code.p_otel_logs')!.columnsSql, columns.trim(), 'IF NOT EXISTS leaves the table alone');
      await assert.rejects(run(`CREATE TABLE otel.\`claude-code\`.P_OTEL_LOGS (x INT) USING DELTA`), (error: unknown) => {
        assert.match(String(fields(error).message), /^\[TABLE_OR_VIEW_ALREADY_EXISTS\] Cannot create table or view `otel`\.`claude-code`\.`P_OTEL_LOGS`/);
        assert.equal(fields(fields(error).response).sqlState, '42P07');
        return true;
      });

      assert.deepEqual(await run(`DESCRIBE TABLE ${table}`), [
        { col_name: 'event_name', data_type: 'string', comment: 'the event, e.g. api_request' },
        { col_name: 'time_unix_nano', data_type: 'bigint', comment: null },
        { col_name: 'attributes', data_type: 'map<string,string>', comment: null },
        { col_name: 'resource', data_type: 'struct<attributes:map<string,string>,dropped_attributes_count:int>', comment: null },
        { col_name: 'events', data_type: 'array<struct<name:string,time_unix_nano:bigint>>', comment: null },
        { col_name: 'amount', data_type: 'decimal(10,2)', comment: null },
      ]);
      await assert.rejects(run('DESCRIBE TABLE `otel`.`claude-code`.`missing`'), /TABLE_OR_VIEW_NOT_FOUND/);

      const rows = JSON.stringify([{ event_name: 'a', time_unix_nano: 1 }, { event_name: 'b', time_unix_nano: 2 }]);
      assert.deepEqual(await run(insert, { rows }), [{ num_affected_rows: 2, num_inserted_rows: 2 }]);
      const recorded = wh.statements.at(-1)!;
      assert.equal(recorded.outcome, 'success');
      assert.equal(recorded.parameters.rows.value, rows);

      await assert.rejects(run(insert), (error: unknown) => {
        assert.match(String(fields(error).message), /^\[UNBOUND_SQL_PARAMETER\] Found the unbound parameter: rows\./);
        return true;
      });
      assert.deepEqual(await run('CREATE SCHEMA IF NOT EXISTS `otel`.`claude-code`'), []);
    } finally {
      await session.close();
    }
  });

  it('thrift-error: the ExecuteStatement reply carries ERROR_STATUS and executeStatement rejects with its message', async () => {
    const session = await client.openSession();
    try {
      wh.failNext('thrift-error', 1, { message: '[TABLE_OR_VIEW_NOT_FOUND] The table or view `a`.`b`.`c` cannot be found.', sqlState: '42P01' });
      await assert.rejects(session.executeStatement('INSERT INTO a.b.c VALUES (1)'), (error: unknown) => {
        const e = fields(error);
        assert.equal(e.name, 'Status Error'); // the connector's StatusError: not an Error, no sqlState
        assert.equal(e.message, '[TABLE_OR_VIEW_NOT_FOUND] The table or view `a`.`b`.`c` cannot be found.');
        return true;
      });
      const recorded = wh.statements.at(-1)!;
      assert.equal(recorded.outcome, 'error');
      assert.equal(recorded.sql, 'INSERT INTO a.b.c VALUES (1)');

      wh.failNext('thrift-error', 1, { message: '[DELTA_CONCURRENT_APPEND] boom', sqlState: '2D521', where: 'operation' });
      const op = await session.executeStatement('SELECT 1');
      await assert.rejects(op.fetchAll(), (error: unknown) => {
        assert.ok(error instanceof Error);
        assert.equal(error.message, '[DELTA_CONCURRENT_APPEND] boom');
        assert.equal(fields(fields(error).response).sqlState, '2D521');
        return true;
      });
    } finally {
      await session.close();
    }
  });

  for (const [fault, status] of [['http-503', 503], ['http-429', 429]] as const) {
    it(`${fault}: the POST answers HTTP ${status}, the connector throws THTTPException at once and does not retry`, async () => {
      const session = await client.openSession();
      try {
        wh.failNext(fault);
        const from = wh.requests.length;
        const started = Date.now();
        await assert.rejects(session.executeStatement('SELECT 1'), (error: unknown) => {
          assert.ok(error instanceof Error);
          assert.equal(error.name, 'THTTPException');
          assert.equal(fields(error).statusCode, status);
          assert.equal(error.message, `Received a response with a bad HTTP status code: ${status}`);
          return true;
        });
        assert.ok(Date.now() - started < 1000, 'no backoff');
        assert.deepEqual(callsSince(wh, from), [`ExecuteStatement:${status}`]);
        assert.equal(wh.statements.at(-1)!.outcome, fault);
        // The next statement goes through.
        const op = await session.executeStatement('SELECT 1');
        assert.deepEqual(await op.fetchAll(), [{ '1': 1 }]);
      } finally {
        await session.close();
      }
    });
  }

  it('http-429 carries Retry-After', async () => {
    const session = await client.openSession();
    try {
      wh.failNext('http-429');
      const error = await session.executeStatement('SELECT 1').then(
        () => assert.fail('expected a failure'),
        (e: unknown) => e,
      );
      const response = fields(error).response as { headers: { get(name: string): string | null } };
      assert.equal(response.headers.get('retry-after'), '1');
    } finally {
      await session.close();
    }
  });

  it('hang: no answer until the client times out; clearFaults then runs the held statement', async () => {
    const impatient = await connect(wh, { socketTimeout: 300 });
    try {
      const session = await impatient.openSession();
      wh.failNext('hang');
      await assert.rejects(session.executeStatement('SELECT 1'), (error: unknown) => {
        assert.equal(fields(error).name, 'TApplicationException');
        assert.equal(fields(error).message, 'Request timed out');
        return true;
      });
      const held = wh.statements.at(-1)!;
      assert.equal(held.outcome, 'hang');
      wh.clearFaults();
      for (let i = 0; i < 100 && held.outcome === 'hang'; i++) await new Promise((r) => setTimeout(r, 20));
      assert.equal(held.outcome, 'success', 'the held statement ran after all (at-least-once)');
      await session.close();
    } finally {
      await impatient.close();
    }
  });

  it('hang: a waiting client gets its answer when the fault is cleared', async () => {
    const session = await client.openSession();
    try {
      wh.failNext('hang', 1);
      let settled = false;
      const pending = session.executeStatement('SELECT 1').finally(() => (settled = true));
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(settled, false);
      wh.clearFaults();
      const op = await pending;
      assert.deepEqual(await op.fetchAll(), [{ '1': 1 }]);
    } finally {
      await session.close();
    }
  });

  it('failNext(count) fails exactly the next count statements', async () => {
    const session = await client.openSession();
    try {
      wh.failNext('http-503', 2);
      await assert.rejects(session.executeStatement('SELECT 1'));
      await assert.rejects(session.executeStatement('SELECT 1'));
      const op = await session.executeStatement('SELECT 1');
      assert.deepEqual(await op.fetchAll(), [{ '1': 1 }]);
      assert.deepEqual(wh.statements.slice(-3).map((s) => s.outcome), ['http-503', 'http-503', 'success']);
    } finally {
      await session.close();
    }
  });

  it('refuses a wrong token (403) without retrying, and a request without one (401)', async () => {
    const wrong = await connect(wh, {}, 'dapi-wrong');
    try {
      const from = wh.requests.length;
      await assert.rejects(wrong.openSession(), (error: unknown) => {
        assert.equal(fields(error).statusCode, 403);
        return true;
      });
      assert.deepEqual(callsSince(wh, from), ['OpenSession:403']);
    } finally {
      await wrong.close();
    }
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        { host: wh.host, port: wh.port, path: wh.httpPath, method: 'POST', ca: readFileSync(wh.caCertPath) },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(Buffer.alloc(0));
    });
    assert.equal(status, 401);
  });

  it('expireSessions: calls on old sessions fail with Invalid SessionHandle, new sessions work', async () => {
    const session = await client.openSession();
    wh.expireSessions();
    await assert.rejects(session.executeStatement('SELECT 1'), (error: unknown) => {
      assert.match(String(fields(error).message), /^Invalid SessionHandle: SessionHandle \[[0-9a-f-]{36}\]$/);
      return true;
    });
    await assert.rejects(session.close(), (error: unknown) => {
      assert.ok(!(error instanceof Error), 'StatusError is a plain object: match its message, not the error');
      assert.match(String(fields(error).message), /^Invalid SessionHandle/);
      return true;
    });
    const fresh = await client.openSession();
    const op = await fresh.executeStatement('SELECT 1');
    assert.deepEqual(await op.fetchAll(), [{ '1': 1 }]);
    await op.close();
    await fresh.close();
  });

  it('OAuth M2M: discovery on the workspace host, client_credentials at the token endpoint, Bearer token accepted', async (t) => {
    if (wh.oauth.unavailable) return t.skip(wh.oauth.unavailable);
    const oauthClient = (secret: string) => {
      const c = new DBSQLClient({ logger: quiet });
      return c.connect({
        host: wh.oauth.host,
        port: wh.port,
        path: wh.httpPath,
        authType: 'databricks-oauth',
        oauthClientId: wh.oauth.clientId,
        oauthClientSecret: secret,
        customCaCert: readFileSync(wh.caCertPath),
        telemetryEnabled: false,
      });
    };
    const before = wh.oauth.tokenRequests;
    const from = wh.requests.length;
    const good = await oauthClient(wh.oauth.clientSecret);
    try {
      const session = await good.openSession();
      const op = await session.executeStatement('SELECT 1');
      assert.deepEqual(await op.fetchAll(), [{ '1': 1 }]);
      await op.close();
      await session.close();
    } finally {
      await good.close();
    }
    assert.ok(wh.oauth.tokenRequests >= before + 1);
    assert.deepEqual(callsSince(wh, from).slice(0, 3), [
      'GET /oidc/.well-known/oauth-authorization-server:200',
      'POST /oidc/v1/token:200',
      'OpenSession:200',
    ]);

    const bad = await oauthClient('wrong-secret');
    try {
      const tokenRequests = wh.oauth.tokenRequests;
      await assert.rejects(bad.openSession(), /invalid_client/);
      assert.equal(wh.oauth.tokenRequests, tokenRequests + 1);
    } finally {
      await bad.close();
    }
  });

  it('a child process reaches it through childEnv(): NODE_EXTRA_CA_CERTS (PAT) and the OAuth host alias', async () => {
    const script = `
      import { DBSQLClient } from '@databricks/sql';
      const [host, port, path, token, clientId, clientSecret, oauthHost] = process.argv.slice(1);
      const run = async (options) => {
        const client = new DBSQLClient({ logger: { log() {} } });
        await client.connect({ port: Number(port), path, telemetryEnabled: false, ...options });
        const session = await client.openSession();
        const op = await session.executeStatement('SELECT 1');
        const rows = await op.fetchAll();
        await op.close();
        await session.close();
        await client.close();
        return rows;
      };
      const pat = await run({ host, token });
      const oauth = oauthHost === '-' ? null : await run({ host: oauthHost, authType: 'databricks-oauth', oauthClientId: clientId, oauthClientSecret: clientSecret });
      console.log(JSON.stringify({ pat, oauth }));
    `;
    const oauthHost = wh.oauth.unavailable ? '-' : wh.oauth.host;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', script, wh.host, String(wh.port), wh.httpPath, wh.token, wh.oauth.clientId, wh.oauth.clientSecret, oauthHost],
      { cwd: new URL('../..', import.meta.url), env: { ...process.env, ...wh.childEnv() }, timeout: 20_000 },
    );
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!);
    assert.deepEqual(result.pat, [{ '1': 1 }]);
    if (!wh.oauth.unavailable) assert.deepEqual(result.oauth, [{ '1': 1 }]);
  });

  it('the connector with telemetry off sends nothing but Thrift and OAuth requests', () => {
    assert.deepEqual(wh.requests.filter((r) => r.url !== wh.httpPath && !r.url.startsWith('/oidc/')), []);
  });
});

describe('test warehouse lifecycle', () => {
  it('close() stops listening and removes its certificate directory', async () => {
    const wh = await startTestWarehouse({ token: 'dapi-fixed' });
    assert.equal(wh.token, 'dapi-fixed');
    assert.equal(wh.host, '127.0.0.1');
    assert.equal(wh.httpPath, '/sql/1.0/warehouses/testwh');
    assert.ok(existsSync(wh.caCertPath));
    await wh.close();
    assert.ok(!existsSync(wh.caCertPath));
    const client = new DBSQLClient({ logger: quiet });
    await client.connect({ host: wh.host, port: wh.port, path: wh.httpPath, token: wh.token, telemetryEnabled: false });
    await assert.rejects(client.openSession(), /ECONNREFUSED/);
    await client.close();
  });
});
