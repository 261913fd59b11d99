import { exposureProblem } from '../auth/exposure.js';
import { TokensFileError } from '../auth/tokens.js';
import { ConfigError } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { baseUrlFor } from '../exporter-settings.js';
import { startService, type Service } from '../service.js';

/**
 * Runs the service until SIGTERM or SIGINT, then stops taking requests, exports what the grace
 * period allows (the rest stays spooled for the next start) and exits 0.
 */
export async function serve(config: Config): Promise<void> {
  const problem = exposureProblem(config);
  if (problem !== null) throw new ConfigError(problem);
  // Handlers go in before anything is announced: a signal that arrives before its handler is
  // installed kills the process outright, and a client may act on the banner at once.
  let onStop: (signal: NodeJS.Signals) => void = () => undefined;
  const stopSignal = new Promise<NodeJS.Signals>((resolve) => (onStop = resolve));
  process.once('SIGTERM', onStop);
  process.once('SIGINT', onStop);
  // SIGHUP re-reads the tokens file (and no longer ends the process); one that arrives during the
  // start is served once the service is up.
  let service: Service | undefined;
  let hangupPending = false;
  let reloading = Promise.resolve();
  const onHangup = () => {
    if (service === undefined) hangupPending = true;
    else reloading = reloading.then(() => service!.reloadTokens());
  };
  process.on('SIGHUP', onHangup);
  const parentWatch = watchParent(() => onStop('SIGTERM'));
  try {
    service = await startService(config);
  } catch (error) {
    // Nothing is running to stop: a signal from now on ends the process as it normally would.
    process.off('SIGTERM', onStop).off('SIGINT', onStop).off('SIGHUP', onHangup);
    clearInterval(parentWatch);
    if (error instanceof TokensFileError) throw new ConfigError(error.message);
    throw error;
  }
  if (hangupPending) onHangup();
  printBanner(config, service.sink.description, baseUrlFor(config.host, service.address.port));
  const signal = await stopSignal;
  service.app.log.info({ signal }, 'stopping: no new requests, exporting what is spooled');
  process.off('SIGHUP', onHangup);
  clearInterval(parentWatch);
  // The shutdown keeps to its grace by itself; this is the backstop for what it cannot bound (a
  // handle that keeps the process alive after it, a close that hangs): exit anyway, shortly after.
  // What was not exported stays in the spool. Unref'd: it never delays a clean exit.
  const log = service.app.log;
  setTimeout(() => {
    log.warn({ shutdownGraceMs: config.shutdownGraceMs }, 'shutdown overran its grace; exiting now (unexported rows stay in the spool)');
    process.exit(0);
  }, config.shutdownGraceMs + BACKSTOP_MS).unref();
  await reloading;
  await service.close();
}

/** How far past the shutdown grace the process may live before it exits regardless. */
const BACKSTOP_MS = 1_000;

/** How often a service started by npm checks that npm is still there. */
const PARENT_CHECK_MS = 500;

/**
 * Started through `npm start` (npm sets `npm_lifecycle_event`), the service is npm's grandchild
 * when the script's shell does not exec it, and a SIGTERM sent to npm stops npm and the shell but
 * never reaches it. The package's start script execs (so that npm, which forwards SIGTERM to its
 * child, signals the service itself); this covers the rest (another script shell, npm killed
 * outright): once the parent is gone, the service stops as on SIGTERM. `process.ppid` is read once
 * at start in Node, so the check is whether that process still exists.
 */
function watchParent(onOrphaned: () => void): NodeJS.Timeout | undefined {
  if (process.env.npm_lifecycle_event === undefined) return undefined;
  const parent = process.ppid;
  const timer = setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EPERM') return; // alive, another user's (pid reused)
      clearInterval(timer);
      onOrphaned();
    }
  }, PARENT_CHECK_MS);
  timer.unref();
  return timer;
}

function printBanner(config: Config, sinkDescription: string, baseUrl: string): void {
  process.stdout.write([`otlp-delta listening on ${baseUrl}`, `writing to ${sinkDescription}`, ...bannerLines(config, baseUrl), ''].join('\n'));
}

/**
 * The settings that point exporters at the service. A signal with a default table needs no table
 * header: the banner says where its requests go and prints no header to set; one without a default
 * needs the header, and the banner shows it.
 */
export function bannerLines(config: Config, baseUrl: string): string[] {
  const signals = [
    { env: 'METRICS', path: 'metrics', table: config.defaultMetricsTable, placeholder: '<catalog>.<schema>.<prefix>_otel_metrics' },
    { env: 'LOGS', path: 'logs', table: config.defaultLogsTable, placeholder: '<catalog>.<schema>.<prefix>_otel_logs' },
    { env: 'TRACES', path: 'traces', table: config.defaultSpansTable, placeholder: '<catalog>.<schema>.<prefix>_otel_spans' },
  ];
  const lines = [
    ...(config.autoCreate ? [] : ['missing tables are not created on first write (auto-create off): requests for them get 404 until bootstrap creates them']),
    ...signals.flatMap((s) =>
      s.table === undefined ? [] : [`${s.path} requests without an X-Databricks-UC-Table-Name header go to ${s.table}`],
    ),
    'point OpenTelemetry exporters at it with:',
  ];
  for (const s of signals) {
    lines.push(`  OTEL_EXPORTER_OTLP_${s.env}_ENDPOINT=${baseUrl}/api/2.0/otel/v1/${s.path}`);
    if (s.table === undefined) lines.push(`  OTEL_EXPORTER_OTLP_${s.env}_HEADERS=X-Databricks-UC-Table-Name=${s.placeholder}`);
  }
  if (signals.some((s) => s.table === undefined)) {
    lines.push("  (`otlp-delta bootstrap --catalog C --schema S --prefix P` creates the tables and prints Claude Code's settings)");
  }
  return lines;
}
