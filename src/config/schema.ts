import { z } from 'zod';
import { parseTableName } from '../route/table-name.js';

const MiB = 1024 * 1024;

const tableName = z
  .string()
  .refine((s) => parseTableName(s).ok, { message: 'must be catalog.schema.table, each part [A-Za-z0-9_-]' });

/**
 * Every setting of the service, with its default. Validated once at start; the first bad key stops
 * the program with a message that names it (the Collector's createDefaultConfig() + Validate()).
 */
export const configSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(4318),
  dataDir: z.string().min(1).default('./data'),
  /** The largest request body accepted, after decompression. */
  maxBodyBytes: z.coerce.number().int().min(1024).default(20 * MiB),
  /** Stands in for a missing `X-Databricks-UC-Table-Name` header, per signal. */
  defaultMetricsTable: tableName.optional(),
  defaultLogsTable: tableName.optional(),
  defaultSpansTable: tableName.optional(),
  /** Create a missing table on its first write (local sink); when off, such a request is a 404. */
  autoCreate: z.stringbool().or(z.boolean()).default(true),
  /** A table's spooled rows are committed when any of these is reached. */
  batchMaxRows: z.coerce.number().int().min(1).default(20_000),
  batchMaxBytes: z.coerce.number().int().min(1).default(8 * MiB),
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
  maxInFlightBytes: z.coerce.number().int().min(1024).default(32 * MiB),
  /** Request bytes whose decoded rows stay in memory until exported; the rest are decoded again. */
  rowCacheBytes: z.coerce.number().int().min(0).default(16 * MiB),
  /** Resident memory past which requests get 503 (the Collector's memory_limiter); 0 turns it off. */
  memoryLimitBytes: z.coerce.number().int().min(0).default(512 * MiB),
  /** On SIGTERM, how long to keep exporting before leaving the rest in the spool. */
  shutdownGraceMs: z.coerce.number().int().min(0).default(10_000),
  /** Seconds a client is told to wait (`Retry-After`) when the service cannot take its request now. */
  retryAfterSeconds: z.coerce.number().int().min(1).default(5),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = Readonly<z.infer<typeof configSchema>>;

/** Environment variable of each setting. Flags of the same meaning override them. */
export const ENV_NAMES: Record<keyof z.input<typeof configSchema>, string> = {
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
  rowCacheBytes: 'OTLP_DELTA_ROW_CACHE_BYTES',
  memoryLimitBytes: 'OTLP_DELTA_MEMORY_LIMIT_BYTES',
  shutdownGraceMs: 'OTLP_DELTA_SHUTDOWN_GRACE_MS',
  retryAfterSeconds: 'OTLP_DELTA_RETRY_AFTER_SECONDS',
  logLevel: 'OTLP_DELTA_LOG_LEVEL',
};
