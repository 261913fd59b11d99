import { inWindow } from '../filters.js';
import { context, withModel } from '../query.js';
import type { ViewDef } from '../types.js';

/**
 * The values the filters offer (agents, users, models, teams with data in the window), for the
 * page's drop-downs and the Lakeview filter widgets. Not a view of its own on any page.
 */
export const filterValues: ViewDef = {
  id: 'filter_values',
  title: 'Filter values',
  page: 'overview',
  description: 'Distinct agents, users, models and teams with data in the window.',
  chart: 'table',
  params: ['from', 'to'],
  columns: [
    { name: 'kind', type: 'string' },
    { name: 'value', type: 'string' },
    { name: 'row_count', type: 'integer' },
  ],
  sql(dialect, sources, options) {
    const ctx = context(dialect, sources, options);
    const { d } = ctx;
    const dims = `SELECT agent, user_id, model, team FROM mp WHERE ${inWindow(d)} UNION ALL SELECT agent, user_id, model, team FROM ev WHERE ${inWindow(d)}`;
    const one = (kind: string, col: string) => `SELECT '${kind}' AS kind, ${col} AS value, count(*) AS row_count FROM dims WHERE ${col} IS NOT NULL GROUP BY 1, 2`;
    return withModel(
      ctx,
      [`dims AS (${dims})`],
      `${[one('agent', 'agent'), one('user', 'user_id'), one('model', 'model'), one('team', 'team')].join(' UNION ALL ')} ORDER BY 1, 2`,
    );
  },
};
