import { dialectOf, type Dialect } from './dialect.js';
import { costCtes } from './cost.js';
import { normalisingCtes } from './normalise.js';
import { SHIPPED_PRICES } from './prices.js';
import type { Ctx, RenderOptions, Sources } from './types.js';

/** The rendering context of one view. */
export function context(dialect: Dialect, sources: Sources, options?: RenderOptions): Ctx {
  return { d: dialectOf(dialect), sources, prices: options?.prices ?? SHIPPED_PRICES, materialised: options?.materialised };
}

/** The relations views read, in the order `materialise()` builds them. */
export const BASE_RELATIONS = ['mp', 'ev', 'mraw', 'ev0', 'price_of', 'spend'] as const;

/** `WITH <normalising CTEs>, <spend>, <extra> <select>`, or over the materialised tables. */
export function withModel(ctx: Ctx, extra: readonly string[], select: string): string {
  const prefix = ctx.materialised;
  const base = prefix === undefined ? [...normalisingCtes(ctx), ...costCtes(ctx)] : BASE_RELATIONS.map((r) => `${r} AS (SELECT * FROM ${prefix}${r})`);
  return `WITH ${[...base, ...extra].join(',\n')}\n${select}`;
}

/**
 * Statements that build the base relations as tables `<prefix>mp`, `<prefix>ev`, ... (without
 * the attribute maps, which the views no longer need once the normalising CTEs extracted what
 * they read), so that each view scans small tables instead of normalising the sources again.
 * Drop them with `dematerialise()`.
 */
export function materialise(dialect: Dialect, sources: Sources, prefix: string, options?: RenderOptions): string[] {
  const ctx = context(dialect, sources, { ...options, materialised: undefined });
  const { d } = ctx;
  const all = [...normalisingCtes(ctx), ...costCtes(ctx)].join(',\n');
  const over = (names: readonly string[]) => names.map((r) => `${r} AS (SELECT * FROM ${prefix}${r})`);
  const cost = costCtes(ctx);
  return [
    `CREATE TABLE ${prefix}mp AS WITH ${all} SELECT ${d.starExcept(['a', 'r'])} FROM mp`,
    `CREATE TABLE ${prefix}ev AS WITH ${all} SELECT ${d.starExcept(['a', 'r'])} FROM ev`,
    `CREATE TABLE ${prefix}mraw AS WITH ${all} SELECT src, name, agent, time_ns FROM mraw`,
    `CREATE TABLE ${prefix}ev0 AS WITH ${all} SELECT src, agent, raw, body, time_ns FROM ev0`,
    `CREATE TABLE ${prefix}price_of AS WITH ${[...over(['mp']), ...cost.slice(0, 2)].join(', ')} SELECT * FROM price_of`,
    `CREATE TABLE ${prefix}spend AS WITH ${[...over(['mp', 'price_of']), cost[2]].join(', ')} SELECT * FROM spend`,
  ];
}

export function dematerialise(prefix: string): string[] {
  return BASE_RELATIONS.map((r) => `DROP TABLE IF EXISTS ${prefix}${r}`);
}

/** A count or sum as an integer, 0 when nothing was counted. */
export function int(x: string): string {
  return `CAST(round(COALESCE(${x}, 0)) AS BIGINT)`;
}

/** `num / den`, NULL when the denominator is 0 or NULL. */
export function ratio(num: string, den: string): string {
  return `CAST(${num} AS DOUBLE) / NULLIF(CAST(${den} AS DOUBLE), 0)`;
}
