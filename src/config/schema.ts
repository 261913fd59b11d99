import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { parseTableName } from '../route/table-name.js';

const MiB = 1024 * 1024;

/** Where the Databricks SQL warehouse sink connects, resolved from the DATABRICKS_* settings. */
export interface DatabricksSettings {
  /** Host name (no scheme, no port), e.g. `adb-123.4.azuredatabricks.net`. */
  host: string;
  port: number;
  /** The warehouse's HTTP path, e.g. `/sql/1.0/warehouses/abc123`. */
  httpPath: string;
  auth: { kind: 'token'; token: string } | { kind: 'oauth-m2m'; clientId: string; clientSecret: string };
  /** Largest `rows` JSON of one INSERT statement; a batch above it is split into several statements. */
  maxStatementBytes: number;
  /** How long one statement (and each HTTP request of it) may take before it counts as failed. */
  statementTimeoutMs: number;
}

/**
 * `DATABRICKS_HOST` as the Databricks CLI and SDKs take it: a host name, or an `https://` URL, either
 * with an optional port (`adb-1.2.azuredatabricks.net`, `https://dbc-a1.cloud.databricks.com:443/`).
 */
export function parseDatabricksHost(text: string): { ok: true; host: string; port: number } | { ok: false; reason: string } {
  const trimmed = text.trim();
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed);
  if (hasScheme && !/^https:\/\//i.test(trimmed)) {
    return { ok: false, reason: 'must be a host name or an https:// URL (the SQL connector speaks HTTPS only)' };
  }
  let url: URL;
  try {
    url = new URL(hasScheme ? trimmed : `https://${trimmed}`);
  } catch {
    return { ok: false, reason: `${JSON.stringify(text)} is not a host name or an https:// URL` };
  }
  if (url.hostname === '') return { ok: false, reason: 'has no host name' };
  if (url.username !== '' || url.password !== '') return { ok: false, reason: 'must not carry a user name or password' };
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '') {
    return { ok: false, reason: 'must be the workspace host only (the warehouse path goes into DATABRICKS_HTTP_PATH)' };
  }
  return { ok: true, host: url.hostname, port: url.port === '' ? 443 : Number(url.port) };
}

const tableName = z
  .string()
  .refine((s) => parseTableName(s).ok, { message: 'must be catalog.schema.table, each part [A-Za-z0-9_-]' });

/**
 * Every setting of the service, with its default. Validated once at start; the first bad key stops
 * the program with a message that names it (the Collector's createDefaultConfig() + Validate()).
 */
const settingsSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(4318),
  dataDir: z.string().min(1).default('./data'),
  /** The largest request body accepted, after decompression. */
  maxBodyBytes: z.coerce.number().int().min(1024).default(20 * MiB),
  /** Stands in for a missing `X-Databricks-UC-Table-Name` header, per signal. */
  defaultMetricsTable: tableName.optional(),
  defaultLogsTable: tableName.optional(),
  defaultSpansTable: tableName.optional(),
  /**
   * Create a missing table on its first write; when off, such a request is a 404 naming `bootstrap`.
   * Defaults to on for the local sink and off for the warehouse (where creating tables is a
   * privilege an operator grants deliberately).
   */
  autoCreate: z.stringbool().or(z.boolean()).optional(),
  /** A table's spooled rows are committed when any of these is reached. */
  batchMaxRows: z.coerce.number().int().min(1).default(20_000),
  batchMaxBytes: z.coerce.number().int().min(1).default(4 * MiB),
  batchMaxAgeMs: z.coerce.number().int().min(0).default(500),
  /** How many table commits may run at once. */
  exportConcurrency: z.coerce.number().int().min(1).default(2),
  /** Backoff of a batch whose write failed and may succeed later: doubles from initial up to max. */
  exportRetryInitialMs: z.coerce.number().int().min(1).default(250),
  exportRetryMaxMs: z.coerce.number().int().min(1).default(30_000),
  /** The durable spool; defaults to `<dataDir>/.spool`. */
  spoolDir: z.string().min(1).optional(),
  /** The spool's size cap; past it requests get 503 until exports free room. */
  spoolMaxBytes: z.coerce.number().int().min(MiB).default(1024 * MiB),
  spoolSegmentBytes: z.coerce.number().int().min(64 * 1024).default(64 * MiB),
  /** Bytes of request bodies being received and decoded at once; past it requests get 503. */
  maxInFlightBytes: z.coerce.number().int().min(1024).default(16 * MiB),
  /**
   * Worker threads that encode Parquet for the local Delta sink (0: on the main thread). One per
   * core, up to 4: with batch N+1 encoded while batch N commits, a second worker doubled the
   * metrics rate on 2 cores (issue 16); past 4 the commits, one at a time per table, are the limit.
   */
  encodeWorkers: z.coerce.number().int().min(0).max(16).default(Math.min(4, availableParallelism())),
  /**
   * How far behind schedule the export may fall: while the oldest spooled request of a table that
   * is exporting (not one backing off from a failing sink: the spool absorbs outages) has waited
   * this long past its batch age, requests get 503, so that the spool absorbs bursts but never
   * hides a throughput deficit. 500 ms past the local batch age (500 ms) keeps rows readable within
   * about 2 s of their 200 at any sustained load; 0 turns the check off.
   */
  maxExportLagMs: z.coerce.number().int().min(0).default(500),
  /** Resident memory past which requests get 503 (the Collector's memory_limiter); 0 turns it off. */
  memoryLimitBytes: z.coerce.number().int().min(0).default(512 * MiB),
  /**
   * On SIGTERM, how long the whole shutdown may take: requests in flight, then exporting what is
   * spooled; what is left stays in the spool. 8 s fits inside the 10 s stop timeout of docker,
   * podman and Kubernetes, leaving room for the process to exit.
   */
  shutdownGraceMs: z.coerce.number().int().min(0).default(8_000),
  /** Seconds a client is told to wait (`Retry-After`) when the service cannot take its request now. */
  retryAfterSeconds: z.coerce.number().int().min(1).default(5),
  /**
   * The tokens file (`[{ name, token | sha256, tables: [glob] }]`): when set, every OTLP request
   * needs `Authorization: Bearer <token>` and may write only the tables its token's patterns allow.
   */
  tokensFile: z.string().min(1).optional(),
  /** A price list (JSON, the shape of the shipped one) that replaces it for the dashboard's estimated cost. */
  pricesFile: z.string().min(1).optional(),
  /** Let `serve` listen on a non-loopback host without a tokens file (anyone who reaches the port may write). */
  allowUnauthenticated: z.stringbool().or(z.boolean()).default(false),
  /** Time a client has to send the request line and headers; past it the connection is closed. */
  headersTimeoutMs: z.coerce.number().int().min(100).default(10_000),
  /** Time a client has to send a whole request (headers and body), and the longest a socket may sit idle mid-request. */
  requestTimeoutMs: z.coerce.number().int().min(100).default(60_000),
  /** How long an idle keep-alive connection is kept open between requests. */
  keepAliveTimeoutMs: z.coerce.number().int().min(100).default(72_000),
  /** Rows older than this many days (by each table's time column) are removed by `serve` in the background and by `optimize`; unset keeps everything. */
  retentionDays: z.coerce.number().positive().optional(),
  /** Compaction of local tables in `serve`, once a table has `autoCompactMinFiles` small files. */
  autoCompact: z.stringbool().or(z.boolean()).default(true),
  autoCompactMinFiles: z.coerce.number().int().min(2).default(50),
  /** Size compaction packs files up to (by the inputs' compressed sizes). */
  compactTargetFileBytes: z.coerce.number().int().min(64 * 1024).default(64 * MiB),
  /** Rows per compacted file at most: what one rewrite holds in memory. */
  compactMaxRowsPerFile: z.coerce.number().int().min(1000).default(10_000),
  /** Batch age of the SQL warehouse sink (each flush is one INSERT per table, which keeps the warehouse awake). */
  warehouseBatchMaxAgeMs: z.coerce.number().int().min(0).default(30_000),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The Databricks SQL warehouse: when host and HTTP path are set, the service writes there. */
  databricksHost: z.string().optional(),
  databricksHttpPath: z.string().optional(),
  databricksToken: z.string().optional(),
  databricksClientId: z.string().optional(),
  databricksClientSecret: z.string().optional(),
  databricksMaxStatementBytes: z.coerce.number().int().min(64 * 1024).default(8 * MiB),
  databricksStatementTimeoutMs: z.coerce.number().int().min(100).default(5 * 60_000),
});

type Settings = z.output<typeof settingsSchema>;

/**
 * The validated settings, with what depends on several of them resolved: `databricks` is set when
 * the service writes to a SQL warehouse, and `autoCreate` has its sink-dependent default.
 */
export const configSchema = settingsSchema.transform((s, ctx) => {
  if (s.headersTimeoutMs > s.requestTimeoutMs) {
    ctx.addIssue({ code: 'custom', path: ['headersTimeoutMs'], message: `must not exceed requestTimeoutMs (${s.requestTimeoutMs})` });
  }
  const databricks = resolveDatabricks(s, ctx);
  const {
    databricksHost: _host,
    databricksHttpPath: _path,
    databricksToken: _token,
    databricksClientId: _id,
    databricksClientSecret: _secret,
    databricksMaxStatementBytes: _max,
    databricksStatementTimeoutMs: _timeout,
    ...rest
  } = s;
  return { ...rest, autoCreate: s.autoCreate ?? databricks === undefined, databricks };
});

export type Config = Readonly<z.output<typeof configSchema>>;

function resolveDatabricks(s: Settings, ctx: z.RefinementCtx): DatabricksSettings | undefined {
  const fail = (path: keyof Settings, message: string) => {
    ctx.addIssue({ code: 'custom', path: [path], message });
    return undefined;
  };
  const host = s.databricksHost?.trim();
  const httpPath = s.databricksHttpPath?.trim();
  if (!host && !httpPath) return undefined;
  if (!host) return fail('databricksHost', 'is not set, but DATABRICKS_HTTP_PATH is: set the workspace host to write to the SQL warehouse, or unset DATABRICKS_HTTP_PATH to write local Delta tables');
  if (!httpPath) {
    return fail('databricksHttpPath', "is not set, but DATABRICKS_HOST is: set the SQL warehouse's HTTP path (/sql/1.0/warehouses/<id>, on the warehouse's Connection details tab), or unset DATABRICKS_HOST to write local Delta tables");
  }
  const parsedHost = parseDatabricksHost(host);
  if (!parsedHost.ok) return fail('databricksHost', parsedHost.reason);
  if (/\s/.test(httpPath) || httpPath.includes('://')) return fail('databricksHttpPath', 'must be a path such as /sql/1.0/warehouses/<id>');
  const token = s.databricksToken?.trim();
  const clientId = s.databricksClientId?.trim();
  const clientSecret = s.databricksClientSecret?.trim();
  let auth: DatabricksSettings['auth'];
  if (token && (clientId || clientSecret)) {
    return fail('databricksToken', 'and DATABRICKS_CLIENT_ID/DATABRICKS_CLIENT_SECRET are both set: choose one way to authenticate (a personal access token, or OAuth M2M for a service principal)');
  } else if (token) {
    auth = { kind: 'token', token };
  } else if (clientId && clientSecret) {
    auth = { kind: 'oauth-m2m', clientId, clientSecret };
  } else if (clientId) {
    return fail('databricksClientSecret', 'is not set, but DATABRICKS_CLIENT_ID is: OAuth M2M needs both');
  } else if (clientSecret) {
    return fail('databricksClientId', 'is not set, but DATABRICKS_CLIENT_SECRET is: OAuth M2M needs both');
  } else {
    return fail('databricksToken', 'is not set: the SQL warehouse needs DATABRICKS_TOKEN (a personal access token) or DATABRICKS_CLIENT_ID + DATABRICKS_CLIENT_SECRET (OAuth M2M)');
  }
  return {
    host: parsedHost.host,
    port: parsedHost.port,
    httpPath: httpPath.startsWith('/') ? httpPath : `/${httpPath}`,
    auth,
    maxStatementBytes: s.databricksMaxStatementBytes,
    statementTimeoutMs: s.databricksStatementTimeoutMs,
  };
}

/** Environment variable of each setting. Flags of the same meaning override them. */
export const ENV_NAMES: Record<keyof z.input<typeof settingsSchema>, string> = {
  host: 'OTLP_DELTA_HOST',
  port: 'OTLP_DELTA_PORT',
  dataDir: 'OTLP_DELTA_DATA_DIR',
  maxBodyBytes: 'OTLP_DELTA_MAX_BODY_BYTES',
  defaultMetricsTable: 'OTLP_DELTA_DEFAULT_METRICS_TABLE',
  defaultLogsTable: 'OTLP_DELTA_DEFAULT_LOGS_TABLE',
  defaultSpansTable: 'OTLP_DELTA_DEFAULT_SPANS_TABLE',
  autoCreate: 'OTLP_DELTA_AUTO_CREATE',
  batchMaxRows: 'OTLP_DELTA_BATCH_MAX_ROWS',
  batchMaxBytes: 'OTLP_DELTA_BATCH_MAX_BYTES',
  batchMaxAgeMs: 'OTLP_DELTA_BATCH_MAX_AGE_MS',
  exportConcurrency: 'OTLP_DELTA_EXPORT_CONCURRENCY',
  exportRetryInitialMs: 'OTLP_DELTA_EXPORT_RETRY_INITIAL_MS',
  exportRetryMaxMs: 'OTLP_DELTA_EXPORT_RETRY_MAX_MS',
  spoolDir: 'OTLP_DELTA_SPOOL_DIR',
  spoolMaxBytes: 'OTLP_DELTA_SPOOL_MAX_BYTES',
  spoolSegmentBytes: 'OTLP_DELTA_SPOOL_SEGMENT_BYTES',
  maxInFlightBytes: 'OTLP_DELTA_MAX_IN_FLIGHT_BYTES',
  encodeWorkers: 'OTLP_DELTA_ENCODE_WORKERS',
  memoryLimitBytes: 'OTLP_DELTA_MEMORY_LIMIT_BYTES',
  maxExportLagMs: 'OTLP_DELTA_MAX_EXPORT_LAG_MS',
  shutdownGraceMs: 'OTLP_DELTA_SHUTDOWN_GRACE_MS',
  retryAfterSeconds: 'OTLP_DELTA_RETRY_AFTER_SECONDS',
  tokensFile: 'OTLP_DELTA_TOKENS_FILE',
  pricesFile: 'OTLP_DELTA_PRICES_FILE',
  allowUnauthenticated: 'OTLP_DELTA_ALLOW_UNAUTHENTICATED',
  headersTimeoutMs: 'OTLP_DELTA_HEADERS_TIMEOUT_MS',
  requestTimeoutMs: 'OTLP_DELTA_REQUEST_TIMEOUT_MS',
  keepAliveTimeoutMs: 'OTLP_DELTA_KEEP_ALIVE_TIMEOUT_MS',
  retentionDays: 'OTLP_DELTA_RETENTION_DAYS',
  autoCompact: 'OTLP_DELTA_AUTO_COMPACT',
  autoCompactMinFiles: 'OTLP_DELTA_AUTO_COMPACT_MIN_FILES',
  compactTargetFileBytes: 'OTLP_DELTA_COMPACT_TARGET_FILE_BYTES',
  compactMaxRowsPerFile: 'OTLP_DELTA_COMPACT_MAX_ROWS_PER_FILE',
  warehouseBatchMaxAgeMs: 'OTLP_DELTA_WAREHOUSE_BATCH_MAX_AGE_MS',
  logLevel: 'OTLP_DELTA_LOG_LEVEL',
  // The names the Databricks CLI and SDKs use.
  databricksHost: 'DATABRICKS_HOST',
  databricksHttpPath: 'DATABRICKS_HTTP_PATH',
  databricksToken: 'DATABRICKS_TOKEN',
  databricksClientId: 'DATABRICKS_CLIENT_ID',
  databricksClientSecret: 'DATABRICKS_CLIENT_SECRET',
  databricksMaxStatementBytes: 'OTLP_DELTA_DATABRICKS_MAX_STATEMENT_BYTES',
  databricksStatementTimeoutMs: 'OTLP_DELTA_DATABRICKS_STATEMENT_TIMEOUT_MS',
};
