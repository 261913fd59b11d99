import { shortEvent } from '../agents.js';
import { lit } from '../dialect.js';
import { inWindow } from '../filters.js';
import { context, withModel } from '../query.js';
import type { Ctx, Sources, ViewDef } from '../types.js';

/** The metric names the views read. */
export const USED_METRICS = [
  'claude_code.cost.usage', 'claude_code.token.usage', 'claude_code.lines_of_code.count', 'claude_code.commit.count',
  'claude_code.pull_request.count', 'claude_code.code_edit_tool.decision', 'codex.api_request', 'codex.tool.call',
  'codex.turn.token_usage', 'gemini_cli.token.usage', 'gemini_cli.lines.changed',
] as const;

/** The events the views read, as `agent:event` (the event without its prefix). */
export const USED_EVENTS = [
  'claude_code:user_prompt', 'claude_code:api_request', 'claude_code:api_error', 'claude_code:tool_result',
  'claude_code:api_retries_exhausted', 'codex:user_prompt', 'codex:api_request', 'codex:tool_result', 'codex:tool_decision',
  'gemini_cli:user_prompt', 'gemini_cli:api_response', 'gemini_cli:api_error', 'gemini_cli:tool_call',
] as const;

function label(sources: Sources, kind: 'metrics' | 'logs' | 'spans', i: number): string {
  const fallback = `${kind} ${i + 1}`;
  try {
    return lit(sources.names?.[kind][i] ?? fallback);
  } catch {
    return lit(fallback);
  }
}

/** `rows_all(tbl, kind, agent, time_ns)`: every row of every table, agents or not. */
function allRows(ctx: Ctx): string[] {
  const { d, sources } = ctx;
  const tbl = (kind: 'metrics' | 'logs' | 'spans') => `CASE src ${sources[kind].map((_, i) => `WHEN ${i} THEN ${label(sources, kind, i)}`).join(' ')} END`;
  const spans = sources.spans.map(
    (rel, i) =>
      `SELECT ${label(sources, 'spans', i)} AS tbl, 'spans' AS kind, COALESCE(${d.mapValue('t.resource.attributes', "'service.name'")}, '(unknown)') AS agent,` +
      ` t.start_time_unix_nano AS time_ns FROM ${rel} AS t`,
  );
  const parts = [
    ...(sources.metrics.length ? [`SELECT ${tbl('metrics')} AS tbl, 'metrics' AS kind, COALESCE(agent, '(other)') AS agent, time_ns FROM mraw`] : []),
    ...(sources.logs.length ? [`SELECT ${tbl('logs')} AS tbl, 'logs' AS kind, COALESCE(agent, '(other)') AS agent, time_ns FROM ev0`] : []),
    ...spans,
  ];
  if (parts.length === 0) parts.push(`SELECT CAST(NULL AS STRING) AS tbl, CAST(NULL AS STRING) AS kind, CAST(NULL AS STRING) AS agent, CAST(NULL AS BIGINT) AS time_ns WHERE 1 = 0`);
  return [`rows_all AS (${parts.join(' UNION ALL ')})`];
}

export const rowsPerDay: ViewDef = {
  id: 'rows_per_day',
  title: 'Rows per day',
  page: 'health',
  description: 'Rows per day of every table and agent (service.name for spans); "(other)" for rows of no known agent.',
  chart: 'bar',
  encoding: { x: 'day', y: ['row_count'], series: 'table' },
  params: ['from', 'to'],
  columns: [
    { name: 'day', type: 'date' },
    { name: 'table', type: 'string' },
    { name: 'kind', type: 'string' },
    { name: 'agent', type: 'string' },
    { name: 'row_count', type: 'integer' },
  ],
  sql(dialect, sources, options) {
    const ctx = context(dialect, sources, options);
    const { d } = ctx;
    return withModel(
      ctx,
      allRows(ctx),
      `SELECT ${d.day(d.nsToTimestamp('time_ns'))} AS day, tbl AS ${d.ident('table')}, kind, agent, count(*) AS row_count FROM rows_all WHERE ${inWindow(d)} GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 4`,
    );
  },
};

export const lastData: ViewDef = {
  id: 'last_data',
  title: 'Last data',
  page: 'health',
  description: 'Per table and agent: the time of the newest row and the row count, over all time.',
  chart: 'table',
  params: [],
  columns: [
    { name: 'table', type: 'string' },
    { name: 'kind', type: 'string' },
    { name: 'agent', type: 'string' },
    { name: 'last_time', type: 'timestamp' },
    { name: 'row_count', type: 'integer' },
  ],
  sql(dialect, sources, options) {
    const ctx = context(dialect, sources, options);
    const { d } = ctx;
    return withModel(
      ctx,
      allRows(ctx),
      `SELECT tbl AS ${d.ident('table')}, kind, agent, ${d.nsToTimestamp('max(time_ns)')} AS last_time, count(*) AS row_count FROM rows_all GROUP BY 1, 2, 3 ORDER BY 1, 3`,
    );
  },
};

export const unusedNames: ViewDef = {
  id: 'unused_names',
  title: 'Names no view uses',
  page: 'health',
  description: 'Metric and event names present in the window that no view reads (new agent versions, other instrumentation), with their row counts.',
  chart: 'table',
  params: ['from', 'to'],
  columns: [
    { name: 'kind', type: 'string' },
    { name: 'agent', type: 'string' },
    { name: 'name', type: 'string' },
    { name: 'row_count', type: 'integer' },
  ],
  sql(dialect, sources, options) {
    const ctx = context(dialect, sources, options);
    const { d } = ctx;
    const metrics = USED_METRICS.map(lit).join(', ');
    const events = USED_EVENTS.map(lit).join(', ');
    return withModel(
      ctx,
      [],
      `SELECT 'metric' AS kind, COALESCE(agent, '(other)') AS agent, name, count(*) AS row_count FROM mraw WHERE ${inWindow(d)} AND name NOT IN (${metrics}) GROUP BY 1, 2, 3` +
        ` UNION ALL SELECT 'event' AS kind, COALESCE(agent, '(other)') AS agent, COALESCE(raw, body, '(none)') AS name, count(*) AS row_count FROM ev0` +
        ` WHERE ${inWindow(d)} AND (agent IS NULL OR concat(agent, ':', ${shortEvent('raw', 'body')}) NOT IN (${events})) GROUP BY 1, 2, 3 ORDER BY 4 DESC, 1, 2, 3`,
    );
  },
};
