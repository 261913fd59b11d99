import { resolve } from 'node:path';
import type { Config } from '../config/schema.js';
import { Batcher } from '../export/batcher.js';
import { baseUrlFor } from '../exporter-settings.js';
import { buildApp } from '../receive/app.js';
import { LocalDeltaSink } from '../sinks/delta/local-delta-sink.js';

/**
 * Runs the service until SIGTERM or SIGINT, then stops taking requests, commits what it holds and
 * exits 0.
 */
export async function serve(config: Config): Promise<void> {
  const sink = new LocalDeltaSink(resolve(config.dataDir));
  const batcher = new Batcher(
    sink,
    { maxRows: config.batchMaxRows, maxBytes: config.batchMaxBytes, maxAgeMs: config.batchMaxAgeMs },
    config.exportConcurrency,
  );
  const app = buildApp({ config, sink, batcher });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  printBanner(config, sink.description, baseUrlFor(config.host, port));

  await new Promise<void>((done) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      app.log.info({ signal }, 'stopping: no new requests, committing what is pending');
      // app.close() waits for the requests in flight, which wait for their commits.
      void app
        .close()
        .then(() => batcher.close())
        .then(() => sink.close())
        .then(done);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}

function printBanner(config: Config, sinkDescription: string, baseUrl: string): void {
  const metricsTable = config.defaultMetricsTable ?? '<catalog>.<schema>.<prefix>_otel_metrics';
  const logsTable = config.defaultLogsTable ?? '<catalog>.<schema>.<prefix>_otel_logs';
  process.stdout.write(
    [
      `otlp-delta listening on ${baseUrl}`,
      `writing to ${sinkDescription}`,
      'point OpenTelemetry exporters at it with:',
      `  OTEL_EXPORTER_OTLP_METRICS_ENDPOINT=${baseUrl}/api/2.0/otel/v1/metrics`,
      `  OTEL_EXPORTER_OTLP_METRICS_HEADERS=X-Databricks-UC-Table-Name=${metricsTable}`,
      `  OTEL_EXPORTER_OTLP_LOGS_ENDPOINT=${baseUrl}/api/2.0/otel/v1/logs`,
      `  OTEL_EXPORTER_OTLP_LOGS_HEADERS=X-Databricks-UC-Table-Name=${logsTable}`,
      `  (\`otlp-delta bootstrap --catalog C --schema S --prefix P\` creates the tables and prints Claude Code's settings)`,
      '',
    ].join('\n'),
  );
}
