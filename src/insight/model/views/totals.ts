import type { Ctx } from '../types.js';
import { int } from '../query.js';

/**
 * Per-agent totals of SPEC.md's summary table over the rows that satisfy `cond` (window and
 * filters), as the CTE `<tag>` with the columns of `TOTAL_COLUMNS`. `extraKeys` adds grouping
 * columns present in `mp`, `ev` and `spend` (e.g. `user_id`).
 */
export function totalsCtes(_ctx: Ctx, tag: string, cond: string, extraKeys: readonly string[] = []): string[] {
  const keys = ['agent', ...extraKeys].join(', ');
  const success = 'success';
  const claudeOrGeminiApi = `(agent = 'claude_code' AND event IN ('api_request', 'api_error')) OR (agent = 'gemini_cli' AND event IN ('api_response', 'api_error'))`;
  const claudeOrGeminiTool = `(agent = 'claude_code' AND event = 'tool_result') OR (agent = 'gemini_cli' AND event = 'tool_call')`;
  const lines = `name IN ('claude_code.lines_of_code.count', 'gemini_cli.lines.changed')`;
  const s = (c: string) => `sum(CASE WHEN ${c} THEN v END)`;
  const jk = (t: string) => ['agent', ...extraKeys].map((k) => `${t}.${k} IS NOT DISTINCT FROM ${tag}_who.${k}`).join(' AND ');
  return [
    `${tag}_ids AS (SELECT ${keys}, session, user_id AS uid FROM mp WHERE ${cond} UNION ALL SELECT ${keys}, session, user_id AS uid FROM ev WHERE ${cond})`,
    `${tag}_who AS (SELECT ${keys}, count(DISTINCT session) AS sessions, count(DISTINCT uid) AS users FROM ${tag}_ids GROUP BY ${keys})`,
    `${tag}_m AS (SELECT ${keys}, ${s("token_kind = 'input'")} AS input_tokens, ${s("token_kind = 'output'")} AS output_tokens,` +
      ` ${s("token_kind = 'cache_read'")} AS cache_read_tokens, ${s("token_kind = 'cache_creation'")} AS cache_creation_tokens,` +
      ` ${s("name = 'codex.api_request'")} AS api_requests, ${s(`name = 'codex.api_request' AND ${success} = 'false'`)} AS api_errors,` +
      ` ${s("name = 'codex.tool.call'")} AS tool_calls, ${s(`name = 'codex.tool.call' AND ${success} = 'false'`)} AS tool_failures,` +
      ` ${s(`${lines} AND kind = 'added'`)} AS lines_added, ${s(`${lines} AND kind = 'removed'`)} AS lines_removed,` +
      ` ${s("name = 'claude_code.commit.count'")} AS commits, ${s("name = 'claude_code.pull_request.count'")} AS pull_requests,` +
      ` ${s("name = 'claude_code.code_edit_tool.decision' AND decision = 'accept'")} AS edits_accepted,` +
      ` ${s("name = 'claude_code.code_edit_tool.decision'")} AS edits_decided` +
      ` FROM mp WHERE ${cond} GROUP BY ${keys})`,
    `${tag}_e AS (SELECT ${keys}, count_if(${claudeOrGeminiApi}) AS api_requests,` +
      ` count_if(agent IN ('claude_code', 'gemini_cli') AND event = 'api_error') AS api_errors,` +
      ` count_if(${claudeOrGeminiTool}) AS tool_calls,` +
      ` count_if((${claudeOrGeminiTool}) AND COALESCE(${success}, '') <> 'true') AS tool_failures,` +
      ` count_if(event IN ('user_prompt')) AS prompts FROM ev WHERE ${cond} GROUP BY ${keys})`,
    `${tag}_c AS (SELECT ${keys}, sum(cost) AS cost FROM spend WHERE ${cond} GROUP BY ${keys})`,
    `${tag} AS (SELECT ${['agent', ...extraKeys].map((k) => `${tag}_who.${k}`).join(', ')}, ${tag}_who.sessions, ${tag}_who.users,` +
      // Rounded to 1e-10 USD: parallel sums of doubles differ in their last bits from run to run.
      ` round(CASE WHEN ${tag}_who.agent = 'claude_code' THEN COALESCE(${tag}_c.cost, 0) ELSE ${tag}_c.cost END, 10) AS cost_usd,` +
      ` CASE WHEN ${tag}_who.agent = 'claude_code' THEN 'reported' WHEN ${tag}_c.cost IS NOT NULL THEN 'estimated' END AS cost_source,` +
      ` ${int(`${tag}_m.input_tokens`)} AS input_tokens, ${int(`${tag}_m.output_tokens`)} AS output_tokens,` +
      ` ${int(`${tag}_m.cache_read_tokens`)} AS cache_read_tokens, ${int(`${tag}_m.cache_creation_tokens`)} AS cache_creation_tokens,` +
      ` ${int(`${tag}_m.api_requests`)} + ${int(`${tag}_e.api_requests`)} AS api_requests,` +
      ` ${int(`${tag}_m.api_errors`)} + ${int(`${tag}_e.api_errors`)} AS api_errors,` +
      ` ${int(`${tag}_m.tool_calls`)} + ${int(`${tag}_e.tool_calls`)} AS tool_calls,` +
      ` ${int(`${tag}_m.tool_failures`)} + ${int(`${tag}_e.tool_failures`)} AS tool_failures,` +
      ` ${int(`${tag}_m.lines_added`)} AS lines_added, ${int(`${tag}_m.lines_removed`)} AS lines_removed,` +
      ` ${int(`${tag}_m.commits`)} AS commits, ${int(`${tag}_m.pull_requests`)} AS pull_requests,` +
      ` ${int(`${tag}_m.edits_accepted`)} AS edits_accepted, ${int(`${tag}_m.edits_decided`)} AS edits_decided,` +
      ` ${int(`${tag}_e.prompts`)} AS prompts` +
      ` FROM ${tag}_who LEFT JOIN ${tag}_m ON ${jk(`${tag}_m`)} LEFT JOIN ${tag}_e ON ${jk(`${tag}_e`)} LEFT JOIN ${tag}_c ON ${jk(`${tag}_c`)})`,
  ];
}

/** The columns of SPEC.md's summary, in its order. */
export const SUMMARY_FIELDS = [
  'sessions', 'users', 'cost_usd', 'cost_source', 'input_tokens', 'output_tokens', 'cache_read_tokens',
  'cache_creation_tokens', 'api_requests', 'api_errors', 'tool_calls', 'tool_failures', 'lines_added',
  'lines_removed', 'commits', 'pull_requests',
] as const;
