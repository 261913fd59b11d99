import { FILTERS, selected } from '../filters.js';
import { context, ratio, withModel } from '../query.js';
import type { Ctx, ViewDef } from '../types.js';

/**
 * One row per API call event: Claude Code `api_request` / `api_error`, Codex
 * `codex.api_request` (an error when it has an `error.message` or a status >= 400), Gemini CLI
 * `api_response` / `api_error`. CTE `calls(agent, model, status, failed, ms, time_ns)`.
 */
function callsCte(ctx: Ctx): string {
  const { d } = ctx;
  const failed = `(event = 'api_error' OR (agent = 'codex' AND (error_message IS NOT NULL OR COALESCE(try_cast(status AS INT), 0) >= 400)))`;
  return (
    `calls AS (SELECT agent, COALESCE(model, '(none)') AS model, COALESCE(status, CASE WHEN event = 'api_error' THEN '(error)' ELSE '(ok)' END) AS status,` +
    ` ${failed} AS failed, duration_ms AS ms FROM ev` +
    ` WHERE ((agent = 'claude_code' AND event IN ('api_request', 'api_error')) OR (agent = 'codex' AND event = 'api_request')` +
    ` OR (agent = 'gemini_cli' AND event IN ('api_response', 'api_error'))) AND ${selected(d)})`
  );
}

export const apiErrors: ViewDef = {
  id: 'api_errors',
  title: 'API errors by model',
  page: 'reliability',
  description: 'API calls, errors and error rate per agent and model.',
  chart: 'table',
  params: FILTERS,
  columns: [
    { name: 'agent', type: 'string' },
    { name: 'model', type: 'string' },
    { name: 'requests', type: 'integer' },
    { name: 'errors', type: 'integer' },
    { name: 'error_rate', type: 'double' },
  ],
  sql(dialect, sources, options) {
    const ctx = context(dialect, sources, options);
    return withModel(
      ctx,
      [callsCte(ctx)],
      `SELECT agent, model, count(*) AS requests, count_if(failed) AS errors, ${ratio('count_if(failed)', 'count(*)')} AS error_rate` +
        ` FROM calls GROUP BY agent, model ORDER BY agent, model`,
    );
  },
};

export const apiStatus: ViewDef = {
  id: 'api_status',
  title: 'API calls by status',
  page: 'reliability',
  description: 'API calls per agent and status code (or (ok) / (error) when the agent sends none), with their share of the agent\'s calls.',
  chart: 'table',
  params: FILTERS,
  columns: [
    { name: 'agent', type: 'string' },
    { name: 'status', type: 'string' },
    { name: 'calls', type: 'integer' },
    { name: 'share', type: 'double' },
  ],
  sql(dialect, sources, options) {
    const ctx = context(dialect, sources, options);
    return withModel(
      ctx,
      [callsCte(ctx)],
      `SELECT agent, status, count(*) AS calls, ${ratio('count(*)', 'sum(count(*)) OVER (PARTITION BY agent)')} AS share` +
        ` FROM calls GROUP BY agent, status ORDER BY agent, calls DESC, status`,
    );
  },
};

export const latency: ViewDef = {
  id: 'latency',
  title: 'API latency',
  page: 'reliability',
  description: 'p50 / p95 / p99 of API call duration (ms) per agent and model.',
  chart: 'bar',
  encoding: { x: 'model', y: ['p50_ms', 'p95_ms', 'p99_ms'] },
  params: FILTERS,
  columns: [
    { name: 'agent', type: 'string' },
    { name: 'model', type: 'string' },
    { name: 'requests', type: 'integer' },
    { name: 'p50_ms', type: 'double' },
    { name: 'p95_ms', type: 'double' },
    { name: 'p99_ms', type: 'double' },
  ],
  sql(dialect, sources, options) {
    const ctx = context(dialect, sources, options);
    const { d } = ctx;
    return withModel(
      ctx,
      [callsCte(ctx)],
      `SELECT agent, model, count(ms) AS requests, ${d.percentile('ms', 0.5)} AS p50_ms, ${d.percentile('ms', 0.95)} AS p95_ms,` +
        ` ${d.percentile('ms', 0.99)} AS p99_ms FROM calls WHERE ms IS NOT NULL GROUP BY agent, model ORDER BY agent, model`,
    );
  },
};

export const retries: ViewDef = {
  id: 'retries',
  title: 'Retries exhausted',
  page: 'reliability',
  description: 'API calls that gave up after retrying (Claude Code api_retries_exhausted), and calls that needed more than one attempt, per agent and model.',
  chart: 'table',
  params: FILTERS,
  columns: [
    { name: 'agent', type: 'string' },
    { name: 'model', type: 'string' },
    { name: 'retries_exhausted', type: 'integer' },
    { name: 'retried_calls', type: 'integer' },
  ],
  sql(dialect, sources, options) {
    const ctx = context(dialect, sources, options);
    const { d } = ctx;
    return withModel(
      ctx,
      [],
      `SELECT agent, COALESCE(model, '(none)') AS model, count_if(event = 'api_retries_exhausted') AS retries_exhausted,` +
        ` count_if(event IN ('api_request', 'api_error', 'api_response') AND COALESCE(attempt, 1) > 1) AS retried_calls` +
        ` FROM ev WHERE ${selected(d)} GROUP BY 1, 2 HAVING count_if(event = 'api_retries_exhausted') + count_if(event IN ('api_request', 'api_error', 'api_response') AND COALESCE(attempt, 1) > 1) > 0 ORDER BY 1, 2`,
    );
  },
};
