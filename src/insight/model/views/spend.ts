import { FILTERS, selected } from '../filters.js';
import { context, int, ratio, withModel } from '../query.js';
import type { ViewDef } from '../types.js';

/** Spend per day, agent and model (reported for Claude Code, estimated for the others). */
export const spendOverTime: ViewDef = {
  id: 'spend_over_time',
  title: 'Spend over time',
  page: 'spend',
  description: 'USD per day by agent and model; cost_source says whether the agent reported it or it was estimated from the price list.',
  chart: 'bar',
  encoding: { x: 'day', y: ['cost_usd'], series: 'agent' },
  params: FILTERS,
  columns: [
    { name: 'day', type: 'date' },
    { name: 'agent', type: 'string' },
    { name: 'model', type: 'string' },
    { name: 'cost_source', type: 'string' },
    { name: 'cost_usd', type: 'double' },
  ],
  sql(dialect, sources, options) {
    const ctx = context(dialect, sources, options);
    const { d } = ctx;
    return withModel(
      ctx,
      [],
      `SELECT ${d.day(d.nsToTimestamp('time_ns'))} AS day, agent, COALESCE(model, '(none)') AS model, cost_source, sum(cost) AS cost_usd` +
        ` FROM spend WHERE ${selected(d)} GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3`,
    );
  },
};

/** Tokens per day, agent, model and kind. */
export const tokensOverTime: ViewDef = {
  id: 'tokens_over_time',
  title: 'Tokens over time',
  page: 'spend',
  description: 'Tokens per day by agent, model and kind (input, output, cache_read, cache_creation and the agents\' extra kinds).',
  chart: 'bar',
  encoding: { x: 'day', y: ['tokens'], series: 'token_kind' },
  params: FILTERS,
  columns: [
    { name: 'day', type: 'date' },
    { name: 'agent', type: 'string' },
    { name: 'model', type: 'string' },
    { name: 'token_kind', type: 'string' },
    { name: 'tokens', type: 'integer' },
  ],
  sql(dialect, sources, options) {
    const ctx = context(dialect, sources, options);
    const { d } = ctx;
    return withModel(
      ctx,
      [],
      `SELECT ${d.day(d.nsToTimestamp('time_ns'))} AS day, agent, COALESCE(model, '(none)') AS model, token_kind, ${int('sum(v)')} AS tokens` +
        ` FROM mp WHERE token_kind IS NOT NULL AND token_kind <> 'total' AND ${selected(d)} GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    );
  },
};

/**
 * Cache efficiency per agent and model. Claude Code counts cached prompt tokens apart from
 * `input`; Codex and Gemini CLI count them inside it, so the prompt total differs by agent.
 * What caching saved: cache reads × (input price − cached price).
 */
export const cache: ViewDef = {
  id: 'cache',
  title: 'Cache hit rate and savings',
  page: 'spend',
  description: 'Share of prompt tokens served from the cache, and the USD that saved at list prices (NULL for a model not in the price list).',
  chart: 'table',
  params: FILTERS,
  columns: [
    { name: 'agent', type: 'string' },
    { name: 'model', type: 'string' },
    { name: 'prompt_tokens', type: 'integer' },
    { name: 'cache_read_tokens', type: 'integer' },
    { name: 'cache_creation_tokens', type: 'integer' },
    { name: 'cache_hit_rate', type: 'double' },
    { name: 'saved_usd', type: 'double' },
  ],
  sql(dialect, sources, options) {
    const ctx = context(dialect, sources, options);
    const { d } = ctx;
    const s = (k: string) => `sum(CASE WHEN token_kind = '${k}' THEN v ELSE 0 END)`;
    return withModel(
      ctx,
      [
        `tk AS (SELECT agent, COALESCE(model, '(none)') AS model, ${s('input')} AS input, ${s('cache_read')} AS cache_read, ${s('cache_creation')} AS cache_creation` +
          ` FROM mp WHERE token_kind IS NOT NULL AND ${selected(d)} GROUP BY 1, 2)`,
        `tp AS (SELECT *, CASE WHEN agent = 'claude_code' THEN input + cache_read + cache_creation ELSE input END AS prompt FROM tk)`,
      ],
      `SELECT tp.agent, tp.model, ${int('tp.prompt')} AS prompt_tokens, ${int('tp.cache_read')} AS cache_read_tokens,` +
        ` ${int('tp.cache_creation')} AS cache_creation_tokens, ${ratio('tp.cache_read', 'tp.prompt')} AS cache_hit_rate,` +
        ` tp.cache_read * (p.p_in - p.p_cached) / 1000000.0 AS saved_usd FROM tp LEFT JOIN price_of AS p ON p.model = tp.model ORDER BY 1, 2`,
    );
  },
};
