import { z } from 'zod';

/**
 * The price list behind estimated cost. Codex and Gemini CLI report tokens but no cost, so their
 * spend is estimated from list prices and always labelled `"estimated"`; Claude Code reports its
 * own cost, and its prices here only value what caching saved. USD per million tokens. A model
 * matches an entry when its name equals the entry's or starts with the entry's name followed by
 * `-` (dated and suffixed builds); the longest entry wins. Override the whole list with a file of
 * the same shape (`OTLP_DELTA_PRICES_FILE`).
 */
export const PriceEntrySchema = z.object({
  model: z.string().regex(/^[A-Za-z0-9_.:/@+-]{1,200}$/, 'a model name: letters, digits and _ . : / @ + -'),
  input: z.number().nonnegative(),
  cached_input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  /** Extra charge for writing the cache, when the vendor bills it apart from input. */
  cache_write: z.number().nonnegative().optional(),
});

export const PriceListSchema = z.object({
  /** The day the prices are valid for. */
  as_of: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD'),
  currency: z.literal('USD'),
  unit: z.literal('per_million_tokens'),
  models: z.array(PriceEntrySchema),
});

export type PriceEntry = z.infer<typeof PriceEntrySchema>;
export type PriceList = z.infer<typeof PriceListSchema>;

/**
 * Standard-tier list prices (prompts up to 200k tokens) as of the date below, from the vendors'
 * public price pages; they change, so check them and override with a file when they do.
 */
export const SHIPPED_PRICES: PriceList = {
  as_of: '2025-10-01',
  currency: 'USD',
  unit: 'per_million_tokens',
  models: [
    { model: 'gpt-5', input: 1.25, cached_input: 0.125, output: 10 },
    { model: 'gpt-5-codex', input: 1.25, cached_input: 0.125, output: 10 },
    { model: 'gpt-5-mini', input: 0.25, cached_input: 0.025, output: 2 },
    { model: 'gpt-5-nano', input: 0.05, cached_input: 0.005, output: 0.4 },
    { model: 'gpt-4.1', input: 2, cached_input: 0.5, output: 8 },
    { model: 'gpt-4.1-mini', input: 0.4, cached_input: 0.1, output: 1.6 },
    { model: 'o3', input: 2, cached_input: 0.5, output: 8 },
    { model: 'o4-mini', input: 1.1, cached_input: 0.275, output: 4.4 },
    { model: 'codex-mini-latest', input: 1.5, cached_input: 0.375, output: 6 },
    { model: 'gemini-2.5-pro', input: 1.25, cached_input: 0.31, output: 10 },
    { model: 'gemini-2.5-flash', input: 0.3, cached_input: 0.075, output: 2.5 },
    { model: 'gemini-2.5-flash-lite', input: 0.1, cached_input: 0.025, output: 0.4 },
    { model: 'gemini-2.0-flash', input: 0.1, cached_input: 0.025, output: 0.4 },
    { model: 'claude-sonnet-4', input: 3, cached_input: 0.3, output: 15, cache_write: 3.75 },
    { model: 'claude-sonnet-4-5', input: 3, cached_input: 0.3, output: 15, cache_write: 3.75 },
    { model: 'claude-opus-4', input: 15, cached_input: 1.5, output: 75, cache_write: 18.75 },
    { model: 'claude-opus-4-1', input: 15, cached_input: 1.5, output: 75, cache_write: 18.75 },
    { model: 'claude-3-5-haiku', input: 0.8, cached_input: 0.08, output: 4, cache_write: 1 },
    { model: 'claude-haiku-4-5', input: 1, cached_input: 0.1, output: 5, cache_write: 1.25 },
  ],
};
