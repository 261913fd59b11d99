import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DatabricksSettings } from '../../../src/config/schema.js';
import { OtlpDeltaError } from '../../../src/errors.js';
import { checkTable } from '../../../src/receive/table-check.js';
import type { Row } from '../../../src/rows/row.js';
import { parseTableName, type TableName } from '../../../src/route/table-name.js';
import { TABLE_SCHEMAS } from '../../../src/schema/tables.js';
import type { TableKind } from '../../../src/schema/types.js';
import { WarehouseError, type RunOptions, type WarehouseConnection } from '../../../src/sinks/databricks/connection.js';
import { DatabricksSink } from '../../../src/sinks/databricks/databricks-sink.js';
import { classifyError } from '../../../src/sinks/databricks/errors.js';
import { sqlType } from '../../../src/sinks/databricks/statements.js';
import { decodeRows } from './decode-rows.js';
import { batchOf } from '../../helpers/batch.js';

/**
 * The sink's decisions, against a scripted connection: table checks and their cache, the
 * statements of a batch, a split batch whose retry skips what landed, and the outcomes.
 */

const SETTINGS: DatabricksSettings = {
  host: 'dbc-1.cloud.databricks.com',
  port: 443,
  httpPath: '/sql/1.0/warehouses/abc',
  auth: { kind: 'token', token: 'dapi-x' },
  maxStatementBytes: 64 * 1024,
  statementTimeoutMs: 1000,
};

function name(text: string): TableName {
  const parsed = parseTableName(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.name;
}

type Answer = object[] | Error | (() => Promise<object[]>);

/** A connection that records statements and answers from a script (default: success, no rows). */
class ScriptedConnection {
  readonly statements: Array<{ sql: string; rows?: string }> = [];
  readonly answers: Array<{ match: RegExp; answer: Answer; times: number }> = [];
  reachableNow = true;
  closed = false;

  on(match: RegExp, answer: Answer, times = Infinity): this {
    this.answers.push({ match, answer, times });
    return this;
  }

  async run(sql: string, options: RunOptions = {}): Promise<object[]> {
    this.statements.push({ sql, rows: options.rows });
    const found = this.answers.find((a) => a.times > 0 && a.match.test(sql));
    if (!found) return [];
    found.times--;
    const answer = typeof found.answer === 'function' ? await found.answer() : found.answer;
    if (answer instanceof Error) throw new WarehouseError(classifyError(answer), answer);
    return answer;
  }

  reachable(): boolean {
    return this.reachableNow;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

function describeRows(kind: TableKind): object[] {
  // As Spark prints them: lower-case catalog strings, then the details section.
  const spark = (t: string) => t.replace(/`/g, '').replace(/\bLONG\b/g, 'bigint').replace(/: /g, ':').replace(/, /g, ',').toLowerCase();
  return [
    ...TABLE_SCHEMAS[kind].columns.map((c) => ({ col_name: c.name, data_type: spark(sqlType(c.type)), comment: null })),
    { col_name: '', data_type: '', comment: '' },
    { col_name: '# Detailed Table Information', data_type: '', comment: '' },
  ];
}

const sqlError = (message: string, sqlState: string) => Object.assign(new Error(message), { response: { errorMessage: message, sqlState } });
const NOT_FOUND = () => sqlError('[TABLE_OR_VIEW_NOT_FOUND] The table or view cannot be found. SQLSTATE: 42P01', '42P01');
const http503 = () => Object.assign(new Error('Received a response with a bad HTTP status code: 503'), { statusCode: 503, response: { headers: new Headers({ 'retry-after': '4' }) } });

function sink(connection: ScriptedConnection, extra: Partial<ConstructorParameters<typeof DatabricksSink>[1]> = {}) {
  return new DatabricksSink(SETTINGS, { connection: connection as unknown as WarehouseConnection, ...extra });
}

const LOG_ROW: Row = {
  event_name: 'e',
  trace_id: null,
  span_id: null,
  time_unix_nano: 2n ** 62n + 1n,
  observed_time_unix_nano: 0n,
  severity_number: 'SEVERITY_NUMBER_INFO',
  severity_text: 'INFO',
  body: 'x'.repeat(1000),
  attributes: [['k', 'v']],
  dropped_attributes_count: 0,
  flags: 0,
  resource: { attributes: [], dropped_attributes_count: 0 },
  resource_schema_url: '',
  instrumentation_scope: { name: 's', version: '', attributes: [], dropped_attributes_count: 0 },
  log_schema_url: '',
};

const T = name('main.tele.claude_otel_logs');

describe('DatabricksSink table checks', () => {
  test('an existing table is described once and cached; its kind decides ok or wrong-kind', async () => {
    const c = new ScriptedConnection().on(/^DESCRIBE/, describeRows('logs'));
    const s = sink(c);
    assert.deepEqual(await s.prepareTable(T, 'logs', false), { status: 'ok' });
    assert.deepEqual(await s.prepareTable(T, 'logs', false), { status: 'ok' });
    assert.deepEqual(await s.prepareTable(T, 'metrics', false), { status: 'wrong-kind', actual: 'logs' });
    assert.deepEqual(c.statements.map((x) => x.sql), ['DESCRIBE TABLE `main`.`tele`.`claude_otel_logs`']);
  });

  test('concurrent first requests share one DESCRIBE', async () => {
    const c = new ScriptedConnection().on(/^DESCRIBE/, async () => {
      await new Promise((r) => setTimeout(r, 20));
      return describeRows('logs');
    });
    const s = sink(c);
    const checks = await Promise.all(Array.from({ length: 5 }, () => s.prepareTable(T, 'logs', false)));
    assert.ok(checks.every((x) => x.status === 'ok'));
    assert.equal(c.statements.length, 1);
  });

  test('a table with other columns is `other`, asked again after a while (it may be fixed)', async () => {
    const rows = describeRows('logs');
    (rows[3] as { data_type: string }).data_type = 'timestamp';
    const c = new ScriptedConnection().on(/^DESCRIBE/, rows, 1).on(/^DESCRIBE/, describeRows('logs'));
    const s = sink(c, { recheckMs: 30 });
    assert.deepEqual(await s.prepareTable(T, 'logs', false), { status: 'wrong-kind', actual: 'other' });
    assert.deepEqual(await s.prepareTable(T, 'logs', false), { status: 'wrong-kind', actual: 'other' });
    await new Promise((r) => setTimeout(r, 40));
    assert.deepEqual(await s.prepareTable(T, 'logs', false), { status: 'ok' });
  });

  test('missing with auto-create off: `missing`, believed for the TTL, then asked again', async () => {
    const c = new ScriptedConnection().on(/^DESCRIBE/, NOT_FOUND());
    const s = sink(c, { recheckMs: 50 });
    assert.deepEqual(await s.prepareTable(T, 'logs', false), { status: 'missing' });
    assert.deepEqual(await s.prepareTable(T, 'logs', false), { status: 'missing' });
    assert.equal(c.statements.length, 1);
    await new Promise((r) => setTimeout(r, 60));
    assert.deepEqual(await s.prepareTable(T, 'logs', false), { status: 'missing' });
    assert.equal(c.statements.length, 2);
    assert.ok(c.statements.every((x) => !/^CREATE/.test(x.sql)), 'never creates');
  });

  test('missing with auto-create on: CREATE TABLE IF NOT EXISTS from sql/, then DESCRIBE again', async () => {
    const c = new ScriptedConnection().on(/^DESCRIBE/, NOT_FOUND(), 1).on(/^DESCRIBE/, describeRows('logs'));
    const s = sink(c);
    assert.deepEqual(await s.prepareTable(T, 'logs', true), { status: 'ok' });
    assert.deepEqual(c.statements.map((x) => x.sql.split('\n')[0]), [
      'DESCRIBE TABLE `main`.`tele`.`claude_otel_logs`',
      'CREATE TABLE IF NOT EXISTS `main`.`tele`.`claude_otel_logs` (',
      'DESCRIBE TABLE `main`.`tele`.`claude_otel_logs`',
    ]);
  });

  test('a warehouse that cannot answer lets the request through (not cached); strict mode (bootstrap) throws', async () => {
    const c = new ScriptedConnection().on(/^DESCRIBE/, http503(), 1).on(/^DESCRIBE/, describeRows('metrics'));
    const s = sink(c);
    assert.deepEqual(await s.prepareTable(T, 'logs', false), { status: 'ok' });
    assert.deepEqual(await s.prepareTable(T, 'logs', false), { status: 'wrong-kind', actual: 'metrics' }, 'checked again');
    const strict = sink(new ScriptedConnection().on(/^DESCRIBE/, http503()), { strict: true });
    await assert.rejects(strict.prepareTable(T, 'logs', true), /could not check or create main\.tele\.claude_otel_logs on the warehouse: .*503/);
  });

  test('a slow check does not hold the request; its answer fills the cache later', async () => {
    const c = new ScriptedConnection().on(/^DESCRIBE/, async () => {
      await new Promise((r) => setTimeout(r, 80));
      return describeRows('metrics');
    });
    const s = sink(c, { checkWaitMs: 10 });
    assert.deepEqual(await s.prepareTable(T, 'logs', false), { status: 'ok' });
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(await s.prepareTable(T, 'logs', false), { status: 'wrong-kind', actual: 'metrics' });
  });

  test('permission denied on the check: 503 for the client, the log names the grant', async () => {
    const warnings: object[] = [];
    const logger = { debug() {}, info() {}, warn: (obj: object) => warnings.push(obj) };
    const c = new ScriptedConnection().on(/^DESCRIBE/, sqlError('[PERMISSION_DENIED] no SELECT. SQLSTATE: 42501', '42501'));
    const s = sink(c, { logger });
    await assert.rejects(checkTable(s, T, 'logs', false), (e: unknown) => e instanceof OtlpDeltaError && e.status === 503);
    assert.match(JSON.stringify(warnings), /GRANT SELECT, MODIFY ON TABLE/);
    await assert.rejects(checkTable(s, T, 'logs', false), (e: unknown) => e instanceof OtlpDeltaError && e.status === 503);
    assert.equal(c.statements.length, 1, 'the refusal is remembered for a while: one DESCRIBE, one log line');
    assert.equal(warnings.length, 1);
  });
});

describe('DatabricksSink writes', () => {
  const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ ...LOG_ROW, observed_time_unix_nano: BigInt(i) }));

  test('a batch is one INSERT with the rows as the :rows JSON', async () => {
    const c = new ScriptedConnection();
    const batch = rows(3);
    assert.deepEqual(await sink(c).write(T, 'logs', batchOf(batch), { appId: 'a', version: 1 }), { status: 'success' });
    assert.equal(c.statements.length, 1);
    assert.match(c.statements[0].sql, /^INSERT INTO `main`\.`tele`\.`claude_otel_logs` SELECT inline\(from_json\(:rows, 'ARRAY<STRUCT</);
    assert.deepStrictEqual(decodeRows('logs', c.statements[0].rows!), batch);
  });

  test('a large batch is split; all parts must land; a retry skips the parts that did', async () => {
    const c = new ScriptedConnection();
    const s = sink(c);
    const batch = rows(200); // ~1.3 KB each: about 5 statements of 64 KiB
    let inserts = 0;
    c.on(/^INSERT/, async () => {
      inserts++;
      if (inserts === 3) throw http503();
      return [];
    });
    const first = await s.write(T, 'logs', batchOf(batch), { appId: 'a', version: 7 });
    assert.equal(first.status, 'retryable');
    assert.equal(first.status === 'retryable' && first.afterMs, 4000, 'Retry-After honoured');
    assert.match(first.status === 'retryable' ? first.error.message : '', /statement 3 of \d+ of the batch/);
    const parts = c.statements.length;
    const second = await s.write(T, 'logs', batchOf(batch), { appId: 'a', version: 7 });
    assert.deepEqual(second, { status: 'success' });
    const landed = [...c.statements.slice(0, 2), ...c.statements.slice(parts)];
    assert.ok(landed.length > 3, 'split into several statements');
    for (const st of c.statements) assert.ok(Buffer.byteLength(st.rows!) <= SETTINGS.maxStatementBytes);
    assert.deepStrictEqual(landed.flatMap((st) => decodeRows('logs', st.rows!)), batch, 'every row once, in order');
  });

  test('a permanent error: the message names the fix and what had landed; the table is checked again', async () => {
    const c = new ScriptedConnection().on(/^DESCRIBE/, describeRows('logs'));
    const s = sink(c);
    await s.prepareTable(T, 'logs', false);
    c.on(/^INSERT/, [], 1).on(/^INSERT/, NOT_FOUND(), 1);
    const outcome = await s.write(T, 'logs', batchOf(rows(200)), { appId: 'a', version: 9 });
    assert.equal(outcome.status, 'permanent');
    const message = outcome.status === 'permanent' ? outcome.error.message : '';
    assert.match(message, /failed for good: \[TABLE_OR_VIEW_NOT_FOUND\]/);
    assert.match(message, /otlp-delta bootstrap --catalog main --schema tele --prefix <prefix>/);
    assert.match(message, /1 earlier statement\(s\) of this batch had landed/);
    const describes = c.statements.filter((x) => x.sql.startsWith('DESCRIBE')).length;
    await s.prepareTable(T, 'logs', false);
    assert.equal(c.statements.filter((x) => x.sql.startsWith('DESCRIBE')).length, describes + 1, 'cache forgotten');
  });

  test('an INSERT that reports fewer rows inserted than sent is set aside, not acknowledged', async () => {
    const c = new ScriptedConnection().on(/^INSERT/, [{ num_affected_rows: 0, num_inserted_rows: 0 }], 1).on(/^INSERT/, [{ num_affected_rows: 2n, num_inserted_rows: 2n }]);
    const s = sink(c);
    const lost = await s.write(T, 'logs', batchOf(rows(2)), { appId: 'a', version: 11 });
    assert.equal(lost.status, 'permanent');
    assert.match(lost.status === 'permanent' ? lost.error.message : '', /reported 0 rows inserted, not the 2 sent/);
    assert.deepEqual(await s.write(T, 'logs', batchOf(rows(2)), { appId: 'a', version: 12 }), { status: 'success' }, 'matching counts (bigint) are fine');
  });

  test('committedVersion is null (at least once); ready follows the connection; close closes it', async () => {
    const c = new ScriptedConnection();
    const s = sink(c);
    assert.equal(await s.committedVersion(), null);
    assert.equal(await s.ready(), true);
    c.reachableNow = false;
    assert.equal(await s.ready(), false);
    await s.close();
    assert.ok(c.closed);
    assert.match(s.description, /SQL warehouse https:\/\/dbc-1\.cloud\.databricks\.com\/sql\/1\.0\/warehouses\/abc \(at least once\)/);
  });
});
