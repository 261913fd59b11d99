import Fastify from 'fastify';
import { exposureProblem } from '../auth/exposure.js';
import { TokensFileError, TokenStore } from '../auth/tokens.js';
import { ConfigError } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { baseUrlFor } from '../exporter-settings.js';
import { attachDashboard } from '../insight/index.js';

/** `otlp-delta dashboard`'s own port, beside `serve`'s 4318. */
export const DASHBOARD_PORT = 4319;

/**
 * The usage dashboard on its own: read-only over the tables under the data dir. It takes no
 * spool lock and writes nothing, so it runs beside a `serve` of the same data dir. Listens where
 * `serve` may (loopback, or a tokens file, or the explicit opt-in). Runs until SIGTERM/SIGINT.
 */
export async function dashboard(config: Config, options: { port: number }): Promise<void> {
  const problem = exposureProblem(config);
  if (problem !== null) throw new ConfigError(problem.replace('could write any table', 'could read every table'));
  const stopSignal = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  let tokenStore: TokenStore | null = null;
  try {
    tokenStore = config.tokensFile === undefined ? null : await TokenStore.open(config.tokensFile);
  } catch (error) {
    if (error instanceof TokensFileError) throw new ConfigError(error.message);
    throw error;
  }
  const onHangup = () => void tokenStore?.reload().catch(() => undefined);
  process.on('SIGHUP', onHangup);
  const app = Fastify({ logger: config.logLevel === 'silent' ? false : { level: config.logLevel } });
  const attached = await attachDashboard(app, config, () => tokenStore?.current ?? null);
  await app.listen({ port: options.port, host: config.host });
  const bound = app.server.address();
  const port = typeof bound === 'object' && bound ? bound.port : options.port;
  const base = baseUrlFor(config.host, port);
  process.stdout.write(
    `otlp-delta dashboard listening on ${base}\n  page: ${base}/dashboard\n  API:  ${base}/api/usage/summary\n` +
      `reading every v1 table under ${config.dataDir} (read-only)\n`,
  );
  await stopSignal;
  process.off('SIGHUP', onHangup);
  await app.close();
  await attached.close();
}
