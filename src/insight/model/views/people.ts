import { FILTERS, selected } from '../filters.js';
import { context, ratio, withModel } from '../query.js';
import type { ViewDef } from '../types.js';
import { totalsCtes } from './totals.js';

/** Per user, across agents: spend, sessions, active days, lines, edit acceptance, cost per commit. */
export const users: ViewDef = {
  id: 'users',
  title: 'Users',
  page: 'users',
  description:
    'One row per user (the first present of each agent\'s identities): spend, sessions, active days, lines, acceptance rate of code edits (Claude Code decisions), commits and cost per commit.',
  chart: 'table',
  params: FILTERS,
  columns: [
    { name: 'user', type: 'string' },
    { name: 'team', type: 'string' },
    { name: 'agents', type: 'string' },
    { name: 'cost_usd', type: 'double' },
    { name: 'cost_estimated', type: 'integer' },
    { name: 'sessions', type: 'integer' },
    { name: 'active_days', type: 'integer' },
    { name: 'lines_added', type: 'integer' },
    { name: 'lines_removed', type: 'integer' },
    { name: 'acceptance_rate', type: 'double' },
    { name: 'commits', type: 'integer' },
    { name: 'cost_per_commit', type: 'double' },
  ],
  sql(dialect, sources, options) {
    const ctx = context(dialect, sources, options);
    const { d } = ctx;
    const day = d.day(d.nsToTimestamp('time_ns'));
    return withModel(
      ctx,
      [
        ...totalsCtes(ctx, 'cur', selected(d), ['user_id']),
        `days AS (SELECT user_id, count(DISTINCT day) AS active_days, max(team) AS team FROM (SELECT user_id, team, ${day} AS day FROM mp WHERE ${selected(d)}` +
          ` UNION ALL SELECT user_id, team, ${day} AS day FROM ev WHERE ${selected(d)}) AS x GROUP BY user_id)`,
        `per_user AS (SELECT user_id, ${d.sortedList('agent')} AS agents, sum(cost_usd) AS cost_usd,` +
          ` count_if(cost_source = 'estimated') AS cost_estimated, sum(sessions) AS sessions, sum(lines_added) AS lines_added,` +
          ` sum(lines_removed) AS lines_removed, sum(edits_accepted) AS edits_accepted, sum(edits_decided) AS edits_decided,` +
          ` sum(commits) AS commits FROM cur GROUP BY user_id)`,
      ],
      `SELECT COALESCE(u.user_id, '(unknown)') AS user, days.team, u.agents, u.cost_usd, u.cost_estimated, u.sessions, days.active_days,` +
        ` u.lines_added, u.lines_removed, ${ratio('u.edits_accepted', 'u.edits_decided')} AS acceptance_rate, u.commits,` +
        ` ${ratio('u.cost_usd', 'u.commits')} AS cost_per_commit FROM per_user AS u LEFT JOIN days ON days.user_id IS NOT DISTINCT FROM u.user_id` +
        ` ORDER BY u.cost_usd DESC NULLS LAST, 1`,
    );
  },
};

/** Per team (`team.id` from the resource attributes, when users set it). */
export const teams: ViewDef = {
  id: 'teams',
  title: 'Teams',
  page: 'users',
  description: 'One row per team.id (resource attribute set through OTEL_RESOURCE_ATTRIBUTES): users, spend, sessions, lines, commits, cost per commit.',
  chart: 'table',
  params: FILTERS,
  columns: [
    { name: 'team', type: 'string' },
    { name: 'users', type: 'integer' },
    { name: 'cost_usd', type: 'double' },
    { name: 'sessions', type: 'integer' },
    { name: 'lines_added', type: 'integer' },
    { name: 'commits', type: 'integer' },
    { name: 'cost_per_commit', type: 'double' },
  ],
  sql(dialect, sources, options) {
    const ctx = context(dialect, sources, options);
    return withModel(
      ctx,
      [...totalsCtes(ctx, 'cur', selected(ctx.d), ['team'])],
      `SELECT COALESCE(team, '(none)') AS team, sum(users) AS users, sum(cost_usd) AS cost_usd, sum(sessions) AS sessions,` +
        ` sum(lines_added) AS lines_added, sum(commits) AS commits, ${ratio('sum(cost_usd)', 'sum(commits)')} AS cost_per_commit` +
        ` FROM cur GROUP BY 1 ORDER BY 3 DESC NULLS LAST, 1`,
    );
  },
};
