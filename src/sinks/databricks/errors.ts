import { formatTableName, type TableName } from '../../route/table-name.js';

/**
 * What a failed call to the warehouse means for the batch. The connector never retries
 * ExecuteStatement (nor OpenSession) itself, and its own backoff cannot honour Retry-After, so
 * every decision is made here and the export loop does the waiting.
 *
 * Errors reach us in a few shapes, read by duck typing because the connector does not export its
 * error classes:
 * - `THTTPException` (`statusCode`, `response.headers`): the HTTP request got a non-200 answer;
 * - `StatusError` (name `Status Error`): a Thrift call answered ERROR_STATUS; only the message
 *   survives, which on Databricks starts with the error class, e.g. `[TABLE_OR_VIEW_NOT_FOUND]`;
 * - `OperationStateError` (`errorCode`, `response.sqlState`, `response.errorMessage`): the
 *   statement ran and failed;
 * - node-fetch `FetchError` (`type`, `code`), `RetryError`, OAuth errors, our own timeout.
 */
export type FailureCategory =
  | 'network'
  | 'http'
  | 'timeout'
  | 'auth'
  | 'busy'
  | 'session'
  | 'missing-table'
  | 'missing-schema'
  | 'permission'
  | 'schema-mismatch'
  | 'bad-statement'
  | 'sql'
  | 'unknown';

export interface Failure {
  category: FailureCategory;
  retryable: boolean;
  /** The warehouse's (or the network's) own words. */
  message: string;
  errorClass?: string;
  sqlState?: string;
  httpStatus?: number;
  /** A wait the server asked for (Retry-After), in milliseconds. */
  afterMs?: number;
  /** The session may be unusable (transport failure, timeout, expired handle): open another. */
  dropSession: boolean;
  /** The session handle is no longer known to the server: the statement never started. */
  sessionExpired: boolean;
}

/** A statement that took longer than `databricksStatementTimeoutMs`. */
export class StatementTimeoutError extends Error {
  override name = 'StatementTimeoutError';
}

/** A warehouse that cannot take our statements at all (e.g. no named parameters). */
export class WarehouseUnsupportedError extends Error {
  override name = 'WarehouseUnsupportedError';
}

// Error classes (https://docs.databricks.com/en/error-messages/) by what they mean for a batch.
const MISSING_TABLE = new Set(['TABLE_OR_VIEW_NOT_FOUND', 'DELTA_TABLE_NOT_FOUND', 'DELTA_MISSING_DELTA_TABLE', 'TABLE_NOT_FOUND']);
const MISSING_SCHEMA = new Set(['SCHEMA_NOT_FOUND', 'NO_SUCH_CATALOG_EXCEPTION', 'CATALOG_NOT_FOUND']);
const PERMISSION = new Set(['PERMISSION_DENIED', 'INSUFFICIENT_PERMISSIONS', 'INSUFFICIENT_PRIVILEGES', 'UNAUTHORIZED_ACCESS']);
const SCHEMA_MISMATCH_PREFIXES = [
  'INCOMPATIBLE_DATA_FOR_TABLE',
  'INSERT_COLUMN_ARITY_MISMATCH',
  'DELTA_SCHEMA_CHANGE',
  'DELTA_SCHEMA_MISMATCH',
  'DELTA_FAILED_TO_MERGE_FIELDS',
  'DELTA_COLUMN_NOT_FOUND',
  'DELTA_NOT_NULL_CONSTRAINT_VIOLATED',
  'DELTA_VIOLATE_CONSTRAINT',
  'DELTA_INSERT_COLUMN_ARITY_MISMATCH',
  'DATATYPE_MISMATCH',
  'CAST_INVALID_INPUT',
  'CAST_OVERFLOW',
  'MALFORMED_RECORD_IN_PARSING',
  'UNRESOLVED_COLUMN',
  'FIELD_NOT_FOUND',
];
const BAD_STATEMENT = new Set(['PARSE_SYNTAX_ERROR', 'UNBOUND_SQL_PARAMETER', 'INVALID_SQL_SYNTAX', 'UNRESOLVED_ROUTINE']);
const BUSY_PREFIXES = ['TEMPORARILY_UNAVAILABLE', 'RESOURCE_EXHAUSTED', 'DELTA_CONCURRENT', 'CONCURRENT_', 'WAREHOUSE_', 'CLUSTER_', 'SERVICE_UNAVAILABLE'];
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

type Loose = Record<string, unknown> | undefined;

function field(value: unknown, name: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[name] : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `[ERROR_CLASS]` or `[ERROR_CLASS.SUB_CLASS]` at the start of (or inside) a Databricks message. */
export function errorClassOf(message: string): string | undefined {
  return /\[([A-Z][A-Z0-9_]*(?:\.[A-Z0-9_]+)*)\]/.exec(message)?.[1];
}

/** `SQLSTATE: 42P01` as Databricks appends it to messages. */
function sqlStateIn(message: string): string | undefined {
  return /SQLSTATE:\s*([0-9A-Z]{5})\b/.exec(message)?.[1];
}

/** Retry-After as delta-seconds or an HTTP date, in milliseconds (capped at 10 minutes). */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  let ms: number;
  if (/^\d+$/.test(trimmed)) ms = Number(trimmed) * 1000;
  else {
    const at = Date.parse(trimmed);
    if (Number.isNaN(at)) return undefined;
    ms = at - now;
  }
  return Math.min(Math.max(ms, 0), 10 * 60_000);
}

function retryAfterOf(response: unknown): number | undefined {
  const headers = field(response, 'headers');
  const get = field(headers, 'get');
  if (typeof get === 'function') return parseRetryAfter((get as (name: string) => string | null).call(headers, 'retry-after'));
  return undefined;
}

/** Reads the facts out of whatever the connector threw. */
export function classifyError(error: unknown): Failure {
  const base = (category: FailureCategory, retryable: boolean, message: string, extra: Partial<Failure> = {}): Failure => ({
    category,
    retryable,
    message,
    dropSession: false,
    sessionExpired: false,
    ...extra,
  });
  const message = text(field(error, 'message')) ?? String(error);
  const name = text(field(error, 'name'));

  if (error instanceof StatementTimeoutError) return base('timeout', true, message, { dropSession: true });
  if (error instanceof WarehouseUnsupportedError) return base('bad-statement', true, message, { dropSession: true });

  // THTTPException: the HTTP exchange itself failed (429/503 when the warehouse is busy or starting).
  const status = field(error, 'statusCode');
  if (typeof status === 'number') {
    const afterMs = retryAfterOf(field(error, 'response'));
    const why =
      status === 429 ? 'the warehouse is rate limiting requests (HTTP 429)'
      : status === 503 ? 'the warehouse is unavailable or starting (HTTP 503)'
      : status === 401 || status === 403 ? `the warehouse refused the credentials (HTTP ${status}): check DATABRICKS_TOKEN or DATABRICKS_CLIENT_ID/DATABRICKS_CLIENT_SECRET`
      : status === 404 ? 'the warehouse endpoint was not found (HTTP 404): check DATABRICKS_HOST and DATABRICKS_HTTP_PATH'
      : `the warehouse answered HTTP ${status}`;
    return base(status === 401 || status === 403 ? 'auth' : status === 429 || status === 503 ? 'busy' : 'http', true, why, {
      httpStatus: status,
      afterMs,
      dropSession: status !== 429 && status !== 503,
    });
  }

  // Transport failures before any answer.
  const code = text(field(error, 'code')) ?? text(field(error, 'errno'));
  const looksSql = errorClassOf(message) !== undefined || name === 'Status Error' || field(error, 'response') !== undefined;
  if (
    (code && NETWORK_CODES.has(code)) ||
    name === 'FetchError' ||
    (!looksSql && /socket hang up|premature close|ECONN|request timed out|network timeout|aborted/i.test(message))
  ) {
    return base(/timed? ?out/i.test(message) ? 'timeout' : 'network', true, message, { dropSession: true });
  }

  // The connector's own polling retries ran out (RetryError): still a transient condition.
  const retryCode = text(field(error, 'errorCode'));
  if (retryCode === 'ATTEMPTS_EXCEEDED' || retryCode === 'TIMEOUT_EXCEEDED') {
    const payload = field(error, 'payload');
    const response = field(payload, 'response');
    const httpStatus = field(response, 'status');
    return base('busy', true, `${message}${typeof httpStatus === 'number' ? ` (HTTP ${httpStatus})` : ''}`, {
      httpStatus: typeof httpStatus === 'number' ? httpStatus : undefined,
      afterMs: retryAfterOf(response),
      dropSession: true,
    });
  }

  // OAuth: the token endpoint failed or refused the client.
  if (name === 'AuthenticationError' || name === 'OPError' || name === 'RPError' || (!looksSql && /oauth|access token/i.test(message))) {
    return base('auth', true, `OAuth failed: ${message} (check DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET)`, { dropSession: true });
  }

  // SQL errors: OperationStateError carries the GetOperationStatus answer, StatusError only its message.
  const response = field(error, 'response') as Loose;
  const sqlMessage = text(field(response, 'errorMessage')) ?? text(field(response, 'displayMessage')) ?? message;
  const errorClass = errorClassOf(sqlMessage) ?? errorClassOf(message);
  const sqlState = text(field(response, 'sqlState')) ?? text(field(error, 'sqlState')) ?? sqlStateIn(sqlMessage);
  const sql = (category: FailureCategory, retryable: boolean, extra: Partial<Failure> = {}) =>
    base(category, retryable, sqlMessage, { errorClass, sqlState, ...extra });
  const top = errorClass?.split('.')[0];

  if (/invalid\s*session\s*handle|session\s*(handle\s*)?(is\s*)?(not\s*found|expired|closed|invalid)|INVALID_HANDLE\.SESSION|SESSION_NOT_FOUND|SESSION_EXPIRED/i.test(sqlMessage)) {
    return sql('session', true, { dropSession: true, sessionExpired: true });
  }
  // The operation is gone (its session closed under it): the statement may or may not have run.
  if (/invalid\s*operation\s*handle|INVALID_HANDLE/i.test(sqlMessage)) return sql('session', true, { dropSession: true });
  if (top && MISSING_TABLE.has(top)) return sql('missing-table', false);
  if (top && MISSING_SCHEMA.has(top)) return sql('missing-schema', false);
  if (top && PERMISSION.has(top)) return sql('permission', false);
  if (top && SCHEMA_MISMATCH_PREFIXES.some((p) => top.startsWith(p))) return sql('schema-mismatch', false);
  if (top && BAD_STATEMENT.has(top)) return sql('bad-statement', false);
  if (top && BUSY_PREFIXES.some((p) => top.startsWith(p))) return sql('busy', true);
  if (/warehouse.*(starting|stopped|not running)|temporarily unavailable|try again later/i.test(sqlMessage)) return sql('busy', true);
  if (sqlState) {
    if (sqlState === '42P01') return sql('missing-table', false);
    if (sqlState === '3F000' || sqlState === '42704') return sql('missing-schema', false);
    if (sqlState === '42501') return sql('permission', false);
    if (sqlState === '42601') return sql('bad-statement', false);
    if (sqlState === '42804' || sqlState === '42802' || sqlState === '42703' || sqlState.startsWith('22') || sqlState.startsWith('23')) {
      return sql('schema-mismatch', false);
    }
    // 08 connection, 40 transaction rollback (a concurrent commit), 53 resources, 57 operator
    // intervention, 58 system error, HY/XX internal: the same statement may succeed later.
    if (/^(08|40|53|57|58|HY|XX)/.test(sqlState)) return sql('busy', true);
    if (sqlState.startsWith('42')) return sql('sql', false);
  }
  if (errorClass || field(error, 'response') !== undefined || name === 'Status Error') {
    // A SQL error we do not know: retrying is the choice that loses nothing (the lane waits, visibly,
    // in the retry counter and the log) rather than moving data aside for a cause we cannot name.
    return sql('sql', true);
  }
  return base('unknown', true, message, { dropSession: true });
}

/** What to do about a permanent failure on `table`, for the log line and the dead letter. */
export function fixFor(category: FailureCategory, table: TableName): string {
  const name = formatTableName(table);
  const bootstrap = `otlp-delta bootstrap --catalog ${table.catalog} --schema ${table.schema} --prefix <prefix>`;
  switch (category) {
    case 'missing-table':
      return `create the table with \`${bootstrap}\` (tables <prefix>_otel_metrics, <prefix>_otel_logs, <prefix>_otel_spans), then \`otlp-delta requeue\``;
    case 'missing-schema':
      return `create the catalog and schema (\`CREATE SCHEMA IF NOT EXISTS \`${table.catalog}\`.\`${table.schema}\`\`), then \`${bootstrap}\`, then \`otlp-delta requeue\``;
    case 'permission':
      return `let this service's principal write the table: \`GRANT USE CATALOG ON CATALOG \`${table.catalog}\` TO <principal>; GRANT USE SCHEMA ON SCHEMA \`${table.catalog}\`.\`${table.schema}\` TO <principal>; GRANT SELECT, MODIFY ON TABLE \`${table.catalog}\`.\`${table.schema}\`.\`${table.table}\` TO <principal>\`, then \`otlp-delta requeue\``;
    case 'schema-mismatch':
      return `${name} does not have the columns of sql/ (the OpenTelemetry v1 schema): write to a table created by \`${bootstrap}\`, or alter ${name} to match, then \`otlp-delta requeue\``;
    case 'bad-statement':
    case 'sql':
      return 'the warehouse refused the statement; this is a bug or an unsupported warehouse: please report it with this message; `otlp-delta requeue` retries the batch';
    default:
      return 'it is retried with backoff';
  }
}
