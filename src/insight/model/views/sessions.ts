import { FILTERS, inWindow, selected } from '../filters.js';
import { context, int, ratio, withModel } from '../query.js';
import type { ViewDef } from '../types.js';

/** Sessions by cost (the 500 most expensive in the window). */
export const sessions: ViewDef = {
  id: 'sessions',
  title: 'Sessions by cost',
  page: 'sessions',
  description: 'The most expensive sessions: agent, user, first and last event, prompts, API and tool calls, errors, cost and cost per prompt.',
  chart: 'table',
  params: FILTERS,
  columns: [
    { name: 'session', type: 'string' },
    { name: 'agent', type: 'string' },
    { name: 'user', type: 'string' },
    { name: 'started', type: 'timestamp' },
    { name: 'ended', type: 'timestamp' },
    { name: 'prompts', type: 'integer' },
    { name: 'api_calls', type: 'integer' },
    { name: 'tool_calls', type: 'integer' },
    { name: 'errors', type: 'integer' },
    { name: 'cost_usd', type: 'double' },
    { name: 'cost_source', type: 'string' },
    { name: 'cost_per_prompt', type: 'double' },
  ],
  sql(dialect, sources, options) {
    const ctx = context(dialect, sources, options);
    const { d } = ctx;
    return withModel(
      ctx,
      [
        `se AS (SELECT agent, session, max(user_id) AS user_id, min(time_ns) AS t0, max(time_ns) AS t1,` +
          ` count_if(event = 'user_prompt') AS prompts,` +
          ` count_if(event IN ('api_request', 'api_response', 'api_error')) AS api_calls,` +
          ` count_if(event IN ('tool_result', 'tool_call')) AS tool_calls,` +
          ` count_if(event IN ('api_error', 'api_retries_exhausted') OR (event = 'api_request' AND agent = 'codex' AND error_message IS NOT NULL)) AS errors` +
          ` FROM ev WHERE session IS NOT NULL AND ${selected(d)} GROUP BY agent, session)`,
        `sc AS (SELECT agent, session, sum(cost) AS cost, max(cost_source) AS cost_source FROM spend WHERE session IS NOT NULL AND ${selected(d)} GROUP BY agent, session)`,
      ],
      `SELECT se.session, se.agent, se.user_id AS user, ${d.nsToTimestamp('se.t0')} AS started, ${d.nsToTimestamp('se.t1')} AS ended,` +
        ` se.prompts, se.api_calls, se.tool_calls, se.errors, sc.cost AS cost_usd, sc.cost_source, ${ratio('sc.cost', 'se.prompts')} AS cost_per_prompt` +
        ` FROM se LEFT JOIN sc ON sc.agent = se.agent AND sc.session = se.session ORDER BY sc.cost DESC NULLS LAST, se.t0 DESC, se.session LIMIT 500`,
    );
  },
};

/** One session's events in time order (the `session` parameter; nothing when it is empty). */
export const sessionTimeline: ViewDef = {
  id: 'session_timeline',
  title: 'Session timeline',
  page: 'sessions',
  description: "One session's prompts, API calls (tokens, cost), tool calls and decisions, and errors, in time order.",
  chart: 'table',
  params: ['session', 'from', 'to'],
  columns: [
    { name: 'time', type: 'timestamp' },
    { name: 'agent', type: 'string' },
    { name: 'event', type: 'string' },
    { name: 'prompt_id', type: 'string' },
    { name: 'model', type: 'string' },
    { name: 'tool', type: 'string' },
    { name: 'decision', type: 'string' },
    { name: 'success', type: 'string' },
    { name: 'duration_ms', type: 'double' },
    { name: 'input_tokens', type: 'integer' },
    { name: 'output_tokens', type: 'integer' },
    { name: 'cost_usd', type: 'double' },
    { name: 'status', type: 'string' },
    { name: 'error', type: 'string' },
  ],
  sql(dialect, sources, options) {
    const ctx = context(dialect, sources, options);
    const { d } = ctx;
    return withModel(
      ctx,
      [],
      `SELECT ${d.nsToTimestamp('time_ns')} AS time, agent, event, prompt_id, model, tool, decision, success, duration_ms,` +
        ` ${int('in_tokens')} AS input_tokens, ${int('out_tokens')} AS output_tokens, event_cost_usd AS cost_usd, status, error` +
        ` FROM ev WHERE session = ${d.param('session')} AND ${inWindow(d)}` +
        ` ORDER BY time_ns LIMIT 5000`,
    );
  },
};
