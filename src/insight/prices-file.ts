import { readFile } from 'node:fs/promises';
import { ConfigError } from '../config/load.js';
import { PriceListSchema, SHIPPED_PRICES, type PriceList } from './model/index.js';

/**
 * The price list in force: the file named by `OTLP_DELTA_PRICES_FILE` (`--prices-file`) when set,
 * the shipped one otherwise. A file that does not validate stops the command with a message that
 * names the problem, as every other setting does.
 */
export async function loadPrices(path: string | undefined): Promise<PriceList> {
  if (path === undefined) return SHIPPED_PRICES;
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`cannot read the price list ${path}: ${(error as Error).message}`);
  }
  const parsed = PriceListSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`the price list ${path} at ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  return parsed.data;
}
