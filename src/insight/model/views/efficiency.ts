import { FILTERS, selected } from '../filters.js';
import { context, ratio, withModel } from '../query.js';
import type { ViewDef } from '../types.js';
import { totalsCtes } from './totals.js';

/** What the spend bought, per agent: cost per commit, per PR, per 100 lines added, per accepted edit. */
export const efficiency: ViewDef = {
  id: 'efficiency',
  title: 'Cost efficiency',
  page: 'efficiency',
  description: 'Spend against output per agent: cost per commit, per pull request, per 100 lines added and per accepted edit (NULL when there is none).',
  chart: 'table',
  params: FILTERS,
  columns: [
    { name: 'agent', type: 'string' },
    { name: 'cost_usd', type: 'double' },
    { name: 'cost_source', type: 'string' },
    { name: 'commits', type: 'integer' },
    { name: 'pull_requests', type: 'integer' },
    { name: 'lines_added', type: 'integer' },
    { name: 'edits_accepted', type: 'integer' },
    { name: 'cost_per_commit', type: 'double' },
    { name: 'cost_per_pr', type: 'double' },
    { name: 'cost_per_100_lines', type: 'double' },
    { name: 'cost_per_accepted_edit', type: 'double' },
  ],
  sql(dialect, sources, options) {
    const ctx = context(dialect, sources, options);
    return withModel(
      ctx,
      totalsCtes(ctx, 'cur', selected(ctx.d)),
      `SELECT agent, cost_usd, cost_source, commits, pull_requests, lines_added, edits_accepted,` +
        ` ${ratio('cost_usd', 'commits')} AS cost_per_commit, ${ratio('cost_usd', 'pull_requests')} AS cost_per_pr,` +
        ` 100 * ${ratio('cost_usd', 'lines_added')} AS cost_per_100_lines, ${ratio('cost_usd', 'edits_accepted')} AS cost_per_accepted_edit` +
        ` FROM cur ORDER BY agent`,
    );
  },
};
