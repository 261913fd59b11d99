import { dialectOf, type Dialect } from './dialect.js';
import { costCtes } from './cost.js';
import { normalisingCtes } from './normalise.js';
import { SHIPPED_PRICES } from './prices.js';
import type { Ctx, RenderOptions, Sources } from './types.js';

/** The rendering context of one view. */
export function context(dialect: Dialect, sources: Sources, options?: RenderOptions): Ctx {
  return { d: dialectOf(dialect), sources, prices: options?.prices ?? SHIPPED_PRICES, materialised: options?.materialised };
}

/** The relations views read; `per-file.ts` defines them as `<prefix><name>` for the local engine. */
export const BASE_RELATIONS = ['mp', 'ev', 'mraw', 'ev0', 'price_of', 'spend'] as const;

/** `WITH <normalising CTEs>, <spend>, <extra> <select>`, or over the materialised tables. */
export function withModel(ctx: Ctx, extra: readonly string[], select: string): string {
  const prefix = ctx.materialised;
  const base = prefix === undefined ? [...normalisingCtes(ctx), ...costCtes(ctx)] : BASE_RELATIONS.map((r) => `${r} AS (SELECT * FROM ${prefix}${r})`);
  return `WITH ${[...base, ...extra].join(',\n')}\n${select}`;
}

/** A count or sum as an integer, 0 when nothing was counted. */
export function int(x: string): string {
  return `CAST(round(COALESCE(${x}, 0)) AS BIGINT)`;
}

/** `num / den`, NULL when the denominator is 0 or NULL. */
export function ratio(num: string, den: string): string {
  return `CAST(${num} AS DOUBLE) / NULLIF(CAST(${den} AS DOUBLE), 0)`;
}
