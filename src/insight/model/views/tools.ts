import { FILTERS, selected } from '../filters.js';
import { context, int, ratio, withModel } from '../query.js';
import type { ViewDef } from '../types.js';

/**
 * Tool calls per agent and tool, from each agent's per-call event: Claude Code `tool_result`,
 * Codex `codex.tool_result`, Gemini CLI `gemini_cli.tool_call` (all carry the tool, success and
 * duration_ms).
 */
export const tools: ViewDef = {
  id: 'tools',
  title: 'Tools',
  page: 'tools',
  description: 'Calls, failures, success rate and p50/p95 duration per tool and agent.',
  chart: 'table',
  params: FILTERS,
  columns: [
    { name: 'agent', type: 'string' },
    { name: 'tool', type: 'string' },
    { name: 'calls', type: 'integer' },
    { name: 'failures', type: 'integer' },
    { name: 'success_rate', type: 'double' },
    { name: 'p50_ms', type: 'double' },
    { name: 'p95_ms', type: 'double' },
  ],
  sql(dialect, sources, options) {
    const ctx = context(dialect, sources, options);
    const { d } = ctx;
    return withModel(
      ctx,
      [
        `tc AS (SELECT agent, COALESCE(tool, '(unknown)') AS tool, COALESCE(success, '') = 'true' AS ok, duration_ms AS ms FROM ev` +
          ` WHERE event IN ('tool_result', 'tool_call') AND ${selected(d)})`,
      ],
      `SELECT agent, tool, count(*) AS calls, count_if(NOT ok) AS failures, ${ratio('count_if(ok)', 'count(*)')} AS success_rate,` +
        ` ${d.percentile('ms', 0.5)} AS p50_ms, ${d.percentile('ms', 0.95)} AS p95_ms FROM tc GROUP BY agent, tool ORDER BY calls DESC, agent, tool`,
    );
  },
};

/**
 * Edit and tool decisions: Claude Code's `claude_code.code_edit_tool.decision` metric (tool,
 * decision, source, language), Codex's `codex.tool_decision` events (approved /
 * approved_for_session count as accepted) and Gemini CLI's `tool_call` decisions (accept,
 * auto_accept and modify count as accepted).
 */
export const editDecisions: ViewDef = {
  id: 'edit_decisions',
  title: 'Edit acceptance',
  page: 'tools',
  description: 'Accepted and rejected decisions and the acceptance rate by agent, tool, decision source and language.',
  chart: 'table',
  params: FILTERS,
  columns: [
    { name: 'agent', type: 'string' },
    { name: 'tool', type: 'string' },
    { name: 'source', type: 'string' },
    { name: 'language', type: 'string' },
    { name: 'accepted', type: 'integer' },
    { name: 'rejected', type: 'integer' },
    { name: 'acceptance_rate', type: 'double' },
  ],
  sql(dialect, sources, options) {
    const ctx = context(dialect, sources, options);
    const { d } = ctx;
    const accepted = `('accept', 'approved', 'approved_for_session', 'auto_accept', 'modify')`;
    return withModel(
      ctx,
      [
        `dec AS (SELECT agent, tool, decision_source AS source, language, decision, v AS n` +
          ` FROM mp WHERE name = 'claude_code.code_edit_tool.decision' AND ${selected(d)}` +
          ` UNION ALL SELECT agent, tool, decision_source AS source, language, decision, 1 AS n FROM ev` +
          ` WHERE ((agent = 'codex' AND event = 'tool_decision') OR (agent = 'gemini_cli' AND event = 'tool_call')) AND decision IS NOT NULL AND ${selected(d)})`,
      ],
      `SELECT * FROM (SELECT agent, COALESCE(tool, '(unknown)') AS tool, COALESCE(source, '(unknown)') AS source, COALESCE(language, '(unknown)') AS language,` +
        ` ${int(`sum(CASE WHEN decision IN ${accepted} THEN n END)`)} AS accepted, ${int(`sum(CASE WHEN decision NOT IN ${accepted} THEN n END)`)} AS rejected,` +
        ` ${ratio(`sum(CASE WHEN decision IN ${accepted} THEN n ELSE 0 END)`, 'sum(n)')} AS acceptance_rate` +
        ` FROM dec GROUP BY 1, 2, 3, 4) AS x ORDER BY accepted + rejected DESC, agent, tool, source, language`,
    );
  },
};
