import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Tokens } from '../auth/tokens.js';
import { DuckDbEngine } from './duckdb-engine.js';
import { loadPrices } from './prices-file.js';
import { registerDashboard } from './routes.js';

/**
 * The usage dashboard on an app: the local DuckDB engine over every v1 table under the data dir,
 * the JSON API and the page. Returns what closes the engine.
 */
export async function attachDashboard(
  app: FastifyInstance,
  config: { dataDir: string; pricesFile?: string },
  tokens: () => Tokens | null,
): Promise<{ close(): Promise<void> }> {
  const engine = new DuckDbEngine(resolve(config.dataDir), { prices: await loadPrices(config.pricesFile) });
  registerDashboard(app, { engine, tokens });
  return { close: () => engine.close() };
}
