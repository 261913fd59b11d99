import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { parseTableName, type TableName } from '../../../src/route/table-name.js';
import { classifyError, errorClassOf, fixFor, parseRetryAfter, StatementTimeoutError, type FailureCategory } from '../../../src/sinks/databricks/errors.js';

/**
 * The classification table: the errors are built with the connector's own classes (loaded from its
 * package, as the connector throws them), with the messages Databricks writes.
 */

const require = createRequire(import.meta.url);
type Ctor = new (...args: never[]) => unknown;
const load = (path: string): Ctor => (require(`@databricks/sql/dist/${path}`) as { default: Ctor }).default;
const StatusError = load('errors/StatusError.js') as new (status: object) => unknown;
const OperationStateError = load('errors/OperationStateError.js') as new (code: string, response?: object) => unknown;
const RetryError = load('errors/RetryError.js') as new (code: string, payload?: unknown) => unknown;
const { THTTPException } = require('@databricks/sql/dist/connection/connections/ThriftHttpConnection.js') as {
  THTTPException: new (response: object) => unknown;
};
const { FetchError } = require(require.resolve('node-fetch', { paths: [require.resolve('@databricks/sql')] })) as {
  FetchError: new (message: string, type: string, system?: object) => unknown;
};
const { Thrift } = require('thrift') as { Thrift: { TApplicationException: new (type: number, message: string) => unknown } };

const http = (status: number, headers: Record<string, string> = {}) => new THTTPException({ status, headers: new Headers(headers) });
const statusError = (errorMessage: string, sqlState?: string) => new StatusError({ statusCode: 3, errorMessage, sqlState });
const operationError = (errorMessage: string, sqlState?: string) =>
  new OperationStateError('ERROR', { status: { statusCode: 0 }, operationState: 5, errorMessage, displayMessage: errorMessage, sqlState });

const NOT_FOUND = '[TABLE_OR_VIEW_NOT_FOUND] The table or view `main`.`t`.`x_otel_logs` cannot be found. Verify the spelling. SQLSTATE: 42P01';

interface Case {
  what: string;
  error: unknown;
  category: FailureCategory;
  retryable: boolean;
  afterMs?: number;
  dropSession?: boolean;
  sessionExpired?: boolean;
}

const CASES: Case[] = [
  { what: 'HTTP 503 with Retry-After seconds', error: http(503, { 'retry-after': '7' }), category: 'busy', retryable: true, afterMs: 7000 },
  { what: 'HTTP 429 with Retry-After', error: http(429, { 'Retry-After': '2' }), category: 'busy', retryable: true, afterMs: 2000 },
  { what: 'HTTP 503 without Retry-After', error: http(503), category: 'busy', retryable: true },
  { what: 'HTTP 502', error: http(502), category: 'http', retryable: true, dropSession: true },
  { what: 'HTTP 401 (bad token)', error: http(401), category: 'auth', retryable: true },
  { what: 'connection refused', error: new FetchError('request to https://h/ failed, reason: connect ECONNREFUSED 127.0.0.1:1', 'system', { code: 'ECONNREFUSED' }), category: 'network', retryable: true, dropSession: true },
  { what: 'socket reset', error: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), category: 'network', retryable: true, dropSession: true },
  { what: 'request timed out (connector)', error: new Thrift.TApplicationException(7, 'Request timed out'), category: 'timeout', retryable: true, dropSession: true },
  { what: 'our statement deadline', error: new StatementTimeoutError('did not finish'), category: 'timeout', retryable: true, dropSession: true },
  { what: 'polling retries exhausted', error: new RetryError('ATTEMPTS_EXCEEDED', { response: { status: 503, headers: new Headers({ 'retry-after': '3' }) } }), category: 'busy', retryable: true, afterMs: 3000 },
  { what: 'warehouse starting (error class)', error: statusError('[TEMPORARILY_UNAVAILABLE] The service is temporarily unavailable.'), category: 'busy', retryable: true },
  { what: 'concurrent append', error: operationError('[DELTA_CONCURRENT_APPEND] Files were added by a concurrent update.', '2D521'), category: 'busy', retryable: true },
  { what: 'expired session', error: statusError('Invalid SessionHandle: SessionHandle [1b4e28ba-2fa1-11d2-883f-0016d3cca427]'), category: 'session', retryable: true, dropSession: true, sessionExpired: true },
  { what: 'operation gone (its session closed under it): may have run', error: statusError('Invalid OperationHandle: OperationHandle [opType=EXECUTE_STATEMENT, getHandleIdentifier()=1d37c994]'), category: 'session', retryable: true, dropSession: true, sessionExpired: false },
  { what: 'table missing (ExecuteStatement status)', error: statusError(NOT_FOUND), category: 'missing-table', retryable: false },
  { what: 'table missing (operation state)', error: operationError(NOT_FOUND, '42P01'), category: 'missing-table', retryable: false },
  { what: 'table missing by SQLSTATE only', error: operationError('The table does not exist', '42P01'), category: 'missing-table', retryable: false },
  { what: 'schema missing', error: operationError('[SCHEMA_NOT_FOUND] The schema `main`.`t` cannot be found. SQLSTATE: 42704', '42704'), category: 'missing-schema', retryable: false },
  { what: 'permission denied', error: operationError('[PERMISSION_DENIED] User does not have MODIFY on Table main.t.x. SQLSTATE: 42501', '42501'), category: 'permission', retryable: false },
  { what: 'insufficient permissions', error: statusError('[INSUFFICIENT_PERMISSIONS] Insufficient privileges: User does not have permission MODIFY on table.'), category: 'permission', retryable: false },
  { what: 'incompatible data', error: operationError('[INCOMPATIBLE_DATA_FOR_TABLE.CANNOT_FIND_DATA] Cannot write incompatible data for the table `x`: Cannot find data for the output column `name`.', 'KD000'), category: 'schema-mismatch', retryable: false },
  { what: 'arity mismatch', error: operationError('[INSERT_COLUMN_ARITY_MISMATCH.TOO_MANY_DATA_COLUMNS] Cannot write to `x`, the reason is too many data columns. SQLSTATE: 21S01', '21S01'), category: 'schema-mismatch', retryable: false },
  { what: 'Delta schema change', error: operationError('[DELTA_SCHEMA_CHANGED_WITH_VERSION] Detected schema change', 'KD007'), category: 'schema-mismatch', retryable: false },
  { what: 'from_json FAILFAST', error: operationError('[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record parsing. SQLSTATE: 22023', '22023'), category: 'schema-mismatch', retryable: false },
  { what: 'syntax error', error: operationError('[PARSE_SYNTAX_ERROR] Syntax error at or near. SQLSTATE: 42601', '42601'), category: 'bad-statement', retryable: false },
  { what: 'unbound parameter (server without named parameters)', error: statusError('[UNBOUND_SQL_PARAMETER] Found the unbound parameter: rows. SQLSTATE: 42P02'), category: 'bad-statement', retryable: false },
  { what: 'internal error', error: operationError('[INTERNAL_ERROR] Something broke. SQLSTATE: XX000', 'XX000'), category: 'busy', retryable: true },
  { what: 'an unknown SQL error without class', error: operationError('something odd happened'), category: 'sql', retryable: true },
  { what: 'an OAuth failure', error: Object.assign(new Error('invalid_client (Client authentication failed)'), { name: 'OPError' }), category: 'auth', retryable: true },
  { what: 'anything else', error: new Error('boom'), category: 'unknown', retryable: true },
];

function name(text: string): TableName {
  const parsed = parseTableName(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.name;
}

describe('error classification', () => {
  for (const c of CASES) {
    test(c.what, () => {
      const failure = classifyError(c.error);
      assert.equal(failure.category, c.category, `category; message: ${failure.message}`);
      assert.equal(failure.retryable, c.retryable, 'retryable');
      if ('afterMs' in c) assert.equal(failure.afterMs, c.afterMs, 'afterMs');
      if (c.dropSession !== undefined) assert.equal(failure.dropSession, c.dropSession, 'dropSession');
      assert.equal(failure.sessionExpired, c.sessionExpired ?? false, 'sessionExpired');
    });
  }

  test('SQL errors keep the warehouse message, error class and SQLSTATE', () => {
    const failure = classifyError(operationError(NOT_FOUND, '42P01'));
    assert.equal(failure.message, NOT_FOUND);
    assert.equal(failure.errorClass, 'TABLE_OR_VIEW_NOT_FOUND');
    assert.equal(failure.sqlState, '42P01');
    assert.equal(errorClassOf('[INCOMPATIBLE_DATA_FOR_TABLE.CANNOT_FIND_DATA] x'), 'INCOMPATIBLE_DATA_FOR_TABLE.CANNOT_FIND_DATA');
  });

  test('Retry-After: seconds or an HTTP date, capped', () => {
    assert.equal(parseRetryAfter('5'), 5000);
    assert.equal(parseRetryAfter(new Date(1_000_000 + 3000).toUTCString(), 1_000_000), 3000);
    assert.equal(parseRetryAfter('99999'), 600_000);
    assert.equal(parseRetryAfter('soon'), undefined);
    assert.equal(parseRetryAfter(null), undefined);
  });

  test('the fix for each permanent failure names the command or the grant', () => {
    const t = name('main.tele.claude_otel_logs');
    assert.match(fixFor('missing-table', t), /otlp-delta bootstrap --catalog main --schema tele --prefix <prefix>/);
    assert.match(fixFor('permission', t), /GRANT SELECT, MODIFY ON TABLE `main`\.`tele`\.`claude_otel_logs` TO <principal>/);
    assert.match(fixFor('permission', t), /GRANT USE CATALOG ON CATALOG `main`/);
    assert.match(fixFor('missing-schema', t), /CREATE SCHEMA IF NOT EXISTS `main`\.`tele`/);
    assert.match(fixFor('schema-mismatch', t), /columns of sql\//);
    for (const category of ['missing-table', 'permission', 'schema-mismatch', 'missing-schema'] as const) {
      assert.match(fixFor(category, t), /otlp-delta requeue/);
    }
  });
});
