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
  const stopSignal = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
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
  try {
    service = await startService(config);
  } catch (error) {
    if (error instanceof TokensFileError) throw new ConfigError(error.message);
    throw error;
  }
  if (hangupPending) onHangup();
  printBanner(config, service.sink.description, baseUrlFor(config.host, service.address.port));
  const signal = await stopSignal;
  service.app.log.info({ signal }, 'stopping: no new requests, exporting what is spooled');
  process.off('SIGHUP', onHangup);
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

function printBanner(config: Config, sinkDescription: string, baseUrl: string): void {
  const metricsTable = config.defaultMetricsTable ?? '<catalog>.<schema>.<prefix>_otel_metrics';
  const logsTable = config.defaultLogsTable ?? '<catalog>.<schema>.<prefix>_otel_logs';
  const spansTable = config.defaultSpansTable ?? '<catalog>.<schema>.<prefix>_otel_spans';
  process.stdout.write(
    [
      `otlp-delta listening on ${baseUrl}`,
      `writing to ${sinkDescription}`,
      ...(config.autoCreate ? [] : ['missing tables are not created on first write (auto-create off): requests for them get 404 until bootstrap creates them']),
      'point OpenTelemetry exporters at it with:',
      `  OTEL_EXPORTER_OTLP_METRICS_ENDPOINT=${baseUrl}/api/2.0/otel/v1/metrics`,
      `  OTEL_EXPORTER_OTLP_METRICS_HEADERS=X-Databricks-UC-Table-Name=${metricsTable}`,
      `  OTEL_EXPORTER_OTLP_LOGS_ENDPOINT=${baseUrl}/api/2.0/otel/v1/logs`,
      `  OTEL_EXPORTER_OTLP_LOGS_HEADERS=X-Databricks-UC-Table-Name=${logsTable}`,
      `  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=${baseUrl}/api/2.0/otel/v1/traces`,
      `  OTEL_EXPORTER_OTLP_TRACES_HEADERS=X-Databricks-UC-Table-Name=${spansTable}`,
      `  (\`otlp-delta bootstrap --catalog C --schema S --prefix P\` creates the tables and prints Claude Code's settings)`,
      '',
    ].join('\n'),
  );
}
