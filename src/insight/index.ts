import { resolve } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Tokens } from '../auth/tokens.js';
import { DuckDbEngine } from './duckdb-engine.js';
import type { UsageEngine } from './engine.js';
import type { PriceList } from './model/index.js';
import { loadPrices } from './prices-file.js';
import { registerDashboard } from './routes.js';

/**
 * The usage dashboard on an app: the JSON API and the page over an engine, by default the local
 * DuckDB engine over every v1 table under the data dir (`engineOf` gives another, e.g. the SQL
 * warehouse's, with the same price list). Returns what closes the engine.
 */
export async function attachDashboard(
  app: FastifyInstance,
  config: { dataDir: string; pricesFile?: string },
  tokens: () => Tokens | null,
  engineOf?: (prices: PriceList) => UsageEngine,
): Promise<{ close(): Promise<void> }> {
  const prices = await loadPrices(config.pricesFile);
  const engine = engineOf ? engineOf(prices) : new DuckDbEngine(resolve(config.dataDir), { prices });
  registerDashboard(app, { engine, tokens });
  return { close: () => engine.close() };
}

/**
 * The dashboard as an app of its own, listening (`otlp-delta dashboard`; `serve` attaches it to its
 * ingest app instead). Returns the bound port and what closes the app, then the engine.
 */
export async function listenDashboard(
  config: { dataDir: string; pricesFile?: string; host: string; logLevel: string },
  port: number,
  tokens: () => Tokens | null,
  engineOf?: (prices: PriceList) => UsageEngine,
): Promise<{ port: number; close(): Promise<void> }> {
  const app = Fastify({ logger: config.logLevel === 'silent' ? false : { level: config.logLevel } });
  const attached = await attachDashboard(app, config, tokens, engineOf);
  await app.listen({ port, host: config.host });
  const bound = app.server.address();
  return {
    port: typeof bound === 'object' && bound ? bound.port : port,
    async close() {
      await app.close();
      await attached.close();
    },
  };
}
