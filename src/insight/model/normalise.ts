import { attr, logAgent, metricAgent, sessionOf, shortEvent, TOKEN_METRICS, tokenKind, userOf } from './agents.js';
import { lit } from './dialect.js';
import type { Ctx } from './types.js';

/**
 * The normalising CTEs every view starts from, one row per data point (`mp`) or log record
 * (`ev`) of the three agents, over the union of every source table:
 *
 * - `mp(agent, name, time_ns, v, c, a, r, session, user_id, model, team, kind, success, decision,
 *   decision_source, language, tool, token_kind)`:
 *   `v` is the point's value (a sum's or gauge's value, a histogram's sum) and `c` a histogram's
 *   count, both as deltas: a CUMULATIVE series (same table, name, attributes, resource and
 *   `start_time_unix_nano`) gives each point its value minus the previous point's (SPEC.md), so
 *   summing the points of a window gives "last in the window minus last before it".
 * - `ev(agent, event, time_ns, a, r, session, user_id, model, team, success, decision,
 *   decision_source, language, tool, duration_ms, status, error, error_message, attempt, prompt_id,
 *   in_tokens, out_tokens, event_cost_usd)`: `event` without the agent's prefix; `time_ns` is
 *   `observed_time_unix_nano` when `time_unix_nano` is 0 (Codex).
 *
 * The window and the filters apply after this, so deltas never depend on the window.
 */
export function normalisingCtes(ctx: Ctx): string[] {
  const { d } = ctx;
  const dims = `${sessionOf(d)} AS session, ${userOf(d)} AS user_id, ${attr(d, 'model')} AS model, ${attr(d, 'team.id')} AS team`;
  const cumulative = `temporality = 'AGGREGATION_TEMPORALITY_CUMULATIVE'`;
  const series = `PARTITION BY src, name, ${d.mapText('a')}, ${d.mapText('r')}, start_ns ORDER BY time_ns`;
  const tokenNames = TOKEN_METRICS.map(lit).join(', ');
  const a = (k: string) => attr(d, k);
  const num = (x: string) => `try_cast(${x} AS DOUBLE)`;
  // The attributes the views read, extracted once (AGENT-TELEMETRY.md names them per agent).
  const common = [
    `${a('success')} AS success`,
    `${a('decision')} AS decision`,
    `${a('source')} AS decision_source`,
    `${a('language')} AS language`,
    `COALESCE(${a('tool_name')}, ${a('function_name')}) AS tool`,
  ].join(', ');
  const eventOnly = [
    `${num(a('duration_ms'))} AS duration_ms`,
    `COALESCE(${a('status_code')}, ${a('http.response.status_code')}) AS status`,
    `COALESCE(${a('error')}, ${a('error.message')}) AS error`,
    `${a('error.message')} AS error_message`,
    `try_cast(${a('attempt')} AS INT) AS attempt`,
    `${a('prompt.id')} AS prompt_id`,
    `${num(`COALESCE(${a('input_tokens')}, ${a('input_token_count')})`)} AS in_tokens`,
    `${num(`COALESCE(${a('output_tokens')}, ${a('output_token_count')})`)} AS out_tokens`,
    `${num(a('cost_usd'))} AS event_cost_usd`,
  ].join(', ');
  return [
    `mraw AS (${metricRows(ctx)})`,
    `mp0 AS (SELECT agent, name, time_ns, value AS v, cnt AS c, a, r FROM mraw WHERE agent IS NOT NULL AND NOT (${cumulative})` +
      ` UNION ALL SELECT agent, name, time_ns, value - COALESCE(LAG(value) OVER (${series}), 0) AS v,` +
      ` cnt - COALESCE(LAG(cnt) OVER (${series}), 0) AS c, a, r FROM mraw WHERE agent IS NOT NULL AND ${cumulative})`,
    `mp1 AS (SELECT *, ${dims}, COALESCE(${attr(d, 'type')}, ${attr(d, 'token_type')}) AS kind, ${common} FROM mp0)`,
    `mp AS (SELECT *, CASE WHEN name IN (${tokenNames}) THEN ${tokenKind('kind')} END AS token_kind FROM mp1)`,
    `lraw AS (${logRows(ctx)})`,
    `ev0 AS (SELECT *, ${logAgent('raw', 'body', 'scope')} AS agent FROM lraw)`,
    `ev AS (SELECT agent, ${shortEvent('raw', 'body')} AS event, time_ns, a, r, ${dims}, ${common}, ${eventOnly} FROM ev0 WHERE agent IS NOT NULL)`,
  ];
}

/** Every metrics row of every source, flattened to the fields the model reads. */
export function metricRows(ctx: Ctx): string {
  const { d, sources } = ctx;
  const f = (field: string, structs: string[]) => `COALESCE(${structs.map((s) => `t.${s}.${field}`).join(', ')})`;
  const all = ['sum', 'gauge', 'histogram', 'exponential_histogram', 'summary'];
  const hist = ['histogram', 'exponential_histogram', 'summary'];
  const parts = sources.metrics.map(
    (rel, i) =>
      `SELECT ${i} AS src, t.name AS name, ${metricAgent('t.name')} AS agent, ${f('time_unix_nano', all)} AS time_ns,` +
      ` ${f('start_time_unix_nano', all)} AS start_ns,` +
      ` COALESCE(${f('aggregation_temporality', ['sum', 'histogram', 'exponential_histogram'])}, '') AS temporality,` +
      ` CAST(COALESCE(t.sum.value, t.gauge.value, t.histogram.sum, t.exponential_histogram.sum, t.summary.sum) AS DOUBLE) AS value,` +
      ` CAST(${f('count', hist)} AS DOUBLE) AS cnt, ${f('attributes', all)} AS a, t.resource.attributes AS r FROM ${rel} AS t`,
  );
  if (parts.length > 0) return parts.join(' UNION ALL ');
  return (
    `SELECT CAST(NULL AS INT) AS src, CAST(NULL AS STRING) AS name, CAST(NULL AS STRING) AS agent, CAST(NULL AS BIGINT) AS time_ns,` +
    ` CAST(NULL AS BIGINT) AS start_ns, CAST(NULL AS STRING) AS temporality, CAST(NULL AS DOUBLE) AS value, CAST(NULL AS DOUBLE) AS cnt,` +
    ` CAST(NULL AS ${d.stringMap}) AS a, CAST(NULL AS ${d.stringMap}) AS r WHERE 1 = 0`
  );
}

/** Every log row of every source, with its time (observed when the event time is 0) and raw event name. */
export function logRows(ctx: Ctx): string {
  const { d, sources } = ctx;
  const parts = sources.logs.map(
    (rel, i) =>
      `SELECT ${i} AS src, CASE WHEN t.time_unix_nano = 0 THEN t.observed_time_unix_nano ELSE t.time_unix_nano END AS time_ns,` +
      ` COALESCE(${d.mapValue('t.attributes', "'event.name'")}, t.event_name) AS raw, t.body AS body,` +
      ` t.instrumentation_scope.name AS scope, t.attributes AS a, t.resource.attributes AS r FROM ${rel} AS t`,
  );
  if (parts.length > 0) return parts.join(' UNION ALL ');
  return (
    `SELECT CAST(NULL AS INT) AS src, CAST(NULL AS BIGINT) AS time_ns, CAST(NULL AS STRING) AS raw, CAST(NULL AS STRING) AS body,` +
    ` CAST(NULL AS STRING) AS scope, CAST(NULL AS ${d.stringMap}) AS a, CAST(NULL AS ${d.stringMap}) AS r WHERE 1 = 0`
  );
}
