import { inPreviousWindow, FILTERS, dimsMatch, selected } from '../filters.js';
import { context, ratio, withModel } from '../query.js';
import type { ColumnDef, ViewDef } from '../types.js';
import { SUMMARY_FIELDS, totalsCtes } from './totals.js';

const INT = 'integer' as const;

/** `GET /api/usage/summary`: exactly SPEC.md's table, one row per agent with data in the window. */
export const summary: ViewDef = {
  id: 'summary',
  title: 'Summary per agent',
  page: 'overview',
  description: 'The usage summary (also GET /api/usage/summary): sessions, users, cost, tokens, API and tool calls, lines, commits and PRs per agent.',
  chart: 'table',
  params: FILTERS,
  columns: [
    { name: 'agent', type: 'string' },
    ...SUMMARY_FIELDS.map((n): ColumnDef => ({ name: n, type: n === 'cost_usd' ? 'double' : n === 'cost_source' ? 'string' : INT })),
  ],
  sql(dialect, sources, options) {
    const ctx = context(dialect, sources, options);
    return withModel(ctx, totalsCtes(ctx, 'cur', selected(ctx.d)), `SELECT agent, ${SUMMARY_FIELDS.join(', ')} FROM cur ORDER BY agent`);
  },
};

const COMPARED = ['cost_usd', 'sessions', 'users', 'input_tokens', 'output_tokens', 'lines_added', 'lines_removed', 'commits', 'pull_requests'] as const;

/** Per agent, the headline numbers and their change against the previous period of the same length. */
export const overview: ViewDef = {
  id: 'overview',
  title: 'Overview per agent',
  page: 'overview',
  description:
    'Spend, sessions, active users, tokens, lines added/removed, commits and PRs per agent, each with its relative change against the previous period of the same length (NULL without a full date range).',
  chart: 'table',
  params: FILTERS,
  columns: [
    { name: 'agent', type: 'string' },
    { name: 'cost_source', type: 'string' },
    ...COMPARED.flatMap((n): ColumnDef[] => [
      { name: n, type: n === 'cost_usd' ? 'double' : INT },
      { name: `${n}_prev`, type: n === 'cost_usd' ? 'double' : INT },
      { name: `${n}_change`, type: 'double' },
    ]),
  ],
  sql(dialect, sources, options) {
    const ctx = context(dialect, sources, options);
    const prevCond = `${inPreviousWindow(ctx.d)} AND ${dimsMatch(ctx.d)}`;
    const cols = COMPARED.flatMap((n) => [
      `cur.${n}`,
      `prev.${n} AS ${n}_prev`,
      `${ratio(`cur.${n} - prev.${n}`, `prev.${n}`)} AS ${n}_change`,
    ]);
    return withModel(
      ctx,
      [...totalsCtes(ctx, 'cur', selected(ctx.d)), ...totalsCtes(ctx, 'prev', prevCond)],
      `SELECT cur.agent, cur.cost_source, ${cols.join(', ')} FROM cur LEFT JOIN prev ON prev.agent = cur.agent ORDER BY cur.agent`,
    );
  },
};
