import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { TokenStore } from './auth/tokens.js';
import { describeStartError } from './config/start-error.js';
import { lockDir } from './spool/dir-lock.js';
import { spoolDirOf } from './config/derived-paths.js';
import type { Config } from './config/schema.js';
import { diskFullMessage } from './fs/durable.js';
import { decodeSpooled } from './rows/decode.js';
import { DeadLetters } from './export/dead-letter.js';
import { ExportLoop } from './export/export-loop.js';
import { ExportProgress } from './export/progress.js';
import { ServiceMetrics } from './observability/metrics.js';
import { attachDashboard } from './insight/index.js';
import { Admission } from './receive/admission.js';
import { buildApp } from './receive/app.js';
import { WriteHealth } from './receive/readiness.js';
import { requestsGraceMs, stopReceiving } from './receive/stop.js';
import { BackgroundMaintenance } from './sinks/delta/background.js';
import { LocalDeltaSink } from './sinks/delta/local-delta-sink.js';
import type { Sink } from './sinks/sink.js';
import { DiskSpool } from './spool/disk-spool.js';

export interface Service {
  app: FastifyInstance;
  sink: Sink;
  /** The URL it listens on, e.g. `http://127.0.0.1:4318`. */
  address: { host: string; port: number };
  /**
   * Re-reads the tokens file (on SIGHUP); a file that does not validate leaves the previous tokens
   * in force. Logs the outcome either way.
   */
  reloadTokens(): Promise<void>;
  /** Stops taking requests, exports what the grace period allows, keeps the rest spooled. */
  close(): Promise<{ left: number }>;
}

/**
 * The sink the settings ask for: the SQL warehouse when DATABRICKS_HOST and DATABRICKS_HTTP_PATH
 * are set, local Delta tables under the data directory otherwise. The warehouse sink (and with it
 * `@databricks/sql`) is loaded only when used.
 */
export async function createSink(config: Config, logger: () => FastifyBaseLogger | undefined = () => undefined): Promise<Sink> {
  if (!config.databricks) return new LocalDeltaSink(resolve(config.dataDir), { encodeWorkers: config.encodeWorkers });
  const { DatabricksSink } = await import('./sinks/databricks/index.js');
  return new DatabricksSink(config.databricks, {
    logger: {
      debug: (obj, msg) => logger()?.debug(obj, msg),
      info: (obj, msg) => logger()?.info(obj, msg),
      warn: (obj, msg) => logger()?.warn(obj, msg),
    },
  });
}

/**
 * Puts the service together: the spool (recovered first, so that what an earlier run acknowledged
 * is exported before anything new), the sink, the export loop and the HTTP app; then listens.
 */
export async function startService(config: Config, options: { sink?: Sink } = {}): Promise<Service> {
  // What the start has opened, undone in reverse if a later step fails: a failed start must leave
  // no lock held and nothing running (so that the process exits and a supervisor restarts it).
  const opened: Array<() => unknown> = [];
  try {
    return await start(config, options, opened);
  } catch (error) {
    for (const undo of opened.reverse()) await Promise.resolve().then(undo).catch(() => undefined);
    throw describeStartError(error, config);
  }
}

async function start(config: Config, options: { sink?: Sink }, opened: Array<() => unknown>): Promise<Service> {
  // A bad tokens file stops the start before anything is opened.
  const tokenStore = config.tokensFile === undefined ? null : await TokenStore.open(config.tokensFile);
  const spoolDir = spoolDirOf(config);
  if (!config.databricks) await mustBeWritable(resolve(config.dataDir));
  const unlock = await lockDir(spoolDir);
  opened.push(unlock);
  const spool = await DiskSpool.open(spoolDir, { maxBytes: config.spoolMaxBytes, segmentBytes: config.spoolSegmentBytes });
  opened.push(() => spool.close());
  // The app's logger, once the app exists; the sink and the loop log nothing before it.
  let log: FastifyBaseLogger | undefined;
  const sink = options.sink ?? (await createSink(config, () => log));
  opened.push(() => sink.close());
  const admission = new Admission(config);
  opened.push(() => admission.close());
  const writeHealth = new WriteHealth();
  // Compaction, retention and vacuum of local tables, off the event loop (sinks/delta/background.ts).
  const maintenance: BackgroundMaintenance | null = config.databricks ? null : startMaintenance(config, () => metrics, () => log);
  if (maintenance !== null) opened.push(() => maintenance.close());
  // Assigned below; the gauges read it lazily.
  let loop: ExportLoop | undefined;
  const metrics: ServiceMetrics = new ServiceMetrics({
    spool: () => spool.stats(),
    pending: () => loop?.pending() ?? { records: 0, oldestMs: null },
    inFlightBytes: () => admission.inFlightBytes(),
    exportLag: () => ({ ms: loop?.lag() ?? 0, limitMs: config.maxExportLagMs, refusals: admission.lagRefusals() }),
    tables: () => maintenance?.tableSizes() ?? new Map(),
  });
  loop = new ExportLoop({
    spool,
    sink,
    deadLetters: new DeadLetters(join(spoolDir, 'dead-letter')),
    progress: new ExportProgress(join(spoolDir, 'progress.json')),
    rowsOf: decodeSpooled,
    // Each warehouse flush is an INSERT that keeps the warehouse awake: it gets its own, longer age.
    limits: { maxRows: config.batchMaxRows, maxBytes: config.batchMaxBytes, maxAgeMs: config.databricks ? config.warehouseBatchMaxAgeMs : config.batchMaxAgeMs },
    // Two batches ahead per encode thread: one encoding while the one before it waits for its
    // fsync and its turn to commit (a batch ready by then joins the commit before it). Measured at
    // the maximum rate of `npm run bench` on 2 cores: 8% more batches committed than one per thread.
    prepareDepth: 2 * Math.max(1, config.encodeWorkers),
    concurrency: config.exportConcurrency,
    backoff: { initialMs: config.exportRetryInitialMs, maxMs: config.exportRetryMaxMs },
    events: {
      committed: (table, rows, seconds) => {
        writeHealth.succeeded('table');
        metrics.rowsCommitted.inc({ table }, rows);
        metrics.exportSeconds.observe({ table }, seconds);
        maintenance?.noteCommit(table);
      },
      retrying: (table, attempt, delayMs, error) => {
        // A sink outage is the sink's readiness; a full local disk is a write that cannot succeed.
        if (diskFullMessage(error) !== null) writeHealth.failed('table', error);
        metrics.exportRetries.inc({ table });
        log?.warn({ table, attempt, delayMs, err: error }, 'export failed; retrying');
      },
      deadLettered: (table, rows, error, path) => {
        metrics.deadLetterRows.inc({ table }, rows);
        log?.error({ table, rows, err: error, path }, 'export failed for good; batch moved to the dead letters (requeue with `otlp-delta requeue`)');
      },
      skippedCommitted: (table, records) => log?.info({ table, records }, 'spooled records already in the table; skipped'),
    },
  });
  admission.watchExportLag(() => loop.lag());
  const server = buildApp({
    config,
    sink,
    intake: loop,
    admission,
    metrics,
    spoolHasRoom: () => spool.hasRoom(),
    writeHealth,
    diskDirs: config.databricks ? [spoolDir] : [spoolDir, resolve(config.dataDir)],
    tokens: () => tokenStore?.current ?? null,
  });
  opened.push(() => loop.stop(), () => server.close());
  log = server.log;
  const dashboard = await attachDashboard(server, config, () => tokenStore?.current ?? null);
  const { replay, ...recovered } = await loop.recover();
  if (recovered.records > 0) log.info(recovered, 'recovered spooled requests from the last run');
  metrics.spoolDamage.inc({ kind: 'torn_tail' }, replay.tornTails);
  metrics.spoolDamage.inc({ kind: 'corrupt_record' }, replay.corruptRecords);
  // A torn tail is a write that a crash interrupted, never acknowledged; a corrupt record in the
  // middle was acknowledged and is lost, which only a failing disk explains.
  if (replay.corruptRecords > 0) log.error(replay, 'the spool is damaged: corrupt records were skipped');
  else if (replay.tornTails > 0) log.warn(replay, 'cut the unfinished write a crash left at the end of the spool');
  await server.listen({ port: config.port, host: config.host });
  const bound = server.server.address();
  const port = typeof bound === 'object' && bound ? bound.port : config.port;

  return {
    app: server,
    sink,
    address: { host: config.host, port },
    async reloadTokens() {
      if (tokenStore === null) {
        server.log.warn('SIGHUP: no tokens file is configured; nothing to reload');
        return;
      }
      try {
        const tokens = await tokenStore.reload();
        server.log.info({ tokensFile: tokenStore.path, callers: tokens.size }, 'SIGHUP: reloaded the tokens file');
      } catch (error) {
        server.log.error(
          { tokensFile: tokenStore.path, problem: (error as Error).message },
          'SIGHUP: the tokens file is invalid; keeping the previous tokens',
        );
      }
    },
    async close() {
      // One budget for the whole shutdown (it must fit in a container's stop timeout): requests in
      // flight first, then the drain gets what is left.
      const deadline = Date.now() + config.shutdownGraceMs;
      await stopReceiving(server, requestsGraceMs(config.shutdownGraceMs));
      await dashboard.close();
      const result = await loop.drain(Math.max(0, deadline - Date.now()));
      if (result.left > 0) server.log.warn(result, 'left in the spool for the next start');
      admission.close();
      await maintenance?.close();
      await spool.close();
      await sink.close();
      await unlock();
      return result;
    },
  };
}

/**
 * The data directory, created if missing, must be writable: checked at the start so that a
 * root-owned bind mount fails here, with a message naming the directory, and not at the first
 * table a request creates.
 */
async function mustBeWritable(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await access(dir, constants.W_OK);
}

function startMaintenance(config: Config, metrics: () => ServiceMetrics, log: () => FastifyBaseLogger | undefined): BackgroundMaintenance {
  return new BackgroundMaintenance(
    {
      dataDir: resolve(config.dataDir),
      autoCompact: config.autoCompact,
      minSmallFiles: config.autoCompactMinFiles,
      targetFileBytes: config.compactTargetFileBytes,
      maxRowsPerFile: config.compactMaxRowsPerFile,
      retentionDays: config.retentionDays,
    },
    {
      optimized: (table, r) => {
        metrics().compactions.inc({ table, outcome: r.status });
        metrics().filesCompacted.inc({ table }, r.filesRemoved);
        log()?.info({ table, ...r }, r.status === 'committed' ? 'compacted the table' : 'compaction gave way to a concurrent commit');
      },
      vacuumed: (table, r) => {
        metrics().vacuumedFiles.inc({ table }, r.files);
        metrics().vacuumedBytes.inc({ table }, r.bytes);
        log()?.info({ table, ...r }, 'vacuumed the table');
      },
      failed: (table, error) => log()?.warn({ table, err: error }, 'table maintenance failed; it is tried again after the next commit'),
    },
  );
}
