import { lit } from './dialect.js';
import type { PriceList } from './prices.js';
import type { Ctx } from './types.js';

/**
 * Spend, one row per cost-bearing point: Claude Code's reported `claude_code.cost.usage`, and
 * for Codex and Gemini CLI an estimate from their token points and the price list:
 * input × input price + cached × (cached price − input price) + (output + thought) × output
 * price + cache writes × (write price − input price), since both vendors count cached prompt
 * tokens inside `input`. A model missing from the list contributes no estimate.
 *
 * `spend(agent, time_ns, session, user_id, model, team, cost, cost_source)` and
 * `price_of(model, p_in, p_cached, p_out, p_write)` (USD per million tokens). Needs `mp`.
 */
export function costCtes(ctx: Ctx): string[] {
  return [
    `prices AS (${pricesRelation(ctx.prices)})`,
    `price_of AS (SELECT model, p_in, p_cached, p_out, p_write FROM (SELECT m.model, p.p_in, p.p_cached, p.p_out, p.p_write,` +
      ` row_number() OVER (PARTITION BY m.model ORDER BY length(p.pm) DESC) AS rn` +
      ` FROM (SELECT DISTINCT model FROM mp WHERE token_kind IS NOT NULL AND model IS NOT NULL) AS m` +
      ` JOIN prices AS p ON m.model = p.pm OR substr(m.model, 1, length(p.pm) + 1) = concat(p.pm, '-')) AS x WHERE rn = 1)`,
    `spend AS (SELECT agent, time_ns, session, user_id, model, team, v AS cost, 'reported' AS cost_source FROM mp WHERE name = 'claude_code.cost.usage'` +
      ` UNION ALL SELECT t.agent, t.time_ns, t.session, t.user_id, t.model, t.team,` +
      ` t.v * CASE t.token_kind WHEN 'input' THEN p.p_in WHEN 'cache_read' THEN p.p_cached - p.p_in WHEN 'output' THEN p.p_out` +
      ` WHEN 'thought' THEN p.p_out WHEN 'cache_creation' THEN COALESCE(p.p_write, p.p_in) - p.p_in ELSE 0 END / 1000000.0 AS cost,` +
      ` 'estimated' AS cost_source FROM mp AS t JOIN price_of AS p ON t.model = p.model WHERE t.token_kind IS NOT NULL AND t.agent <> 'claude_code')`,
  ];
}

/** The price list as an inline relation `(pm, p_in, p_cached, p_out, p_write)`. */
export function pricesRelation(prices: PriceList): string {
  const num = (n: number) => {
    if (!Number.isFinite(n) || n < 0) throw new Error(`bad price ${n}`);
    return `CAST(${n} AS DOUBLE)`;
  };
  const rows = prices.models.map(
    (m) => `(${lit(m.model)}, ${num(m.input)}, ${num(m.cached_input)}, ${num(m.output)}, ${m.cache_write === undefined ? 'CAST(NULL AS DOUBLE)' : num(m.cache_write)})`,
  );
  if (rows.length === 0) rows.push(`('', CAST(0 AS DOUBLE), CAST(0 AS DOUBLE), CAST(0 AS DOUBLE), CAST(NULL AS DOUBLE))`);
  const where = prices.models.length === 0 ? ' WHERE 1 = 0' : '';
  return `SELECT * FROM (VALUES ${rows.join(', ')}) AS v(pm, p_in, p_cached, p_out, p_write)${where}`;
}
