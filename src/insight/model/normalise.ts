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
  const x = extracted(ctx);
  const cumulative = `temporality = 'AGGREGATION_TEMPORALITY_CUMULATIVE'`;
  const series = `PARTITION BY src, name, ${d.mapText('a')}, ${d.mapText('r')}, start_ns ORDER BY time_ns`;
  return [
    `mraw AS (${metricRows(ctx)})`,
    `mp0 AS (SELECT agent, name, time_ns, value AS v, cnt AS c, a, r FROM mraw WHERE agent IS NOT NULL AND NOT (${cumulative})` +
      ` UNION ALL SELECT agent, name, time_ns, value - COALESCE(LAG(value) OVER (${series}), 0) AS v,` +
      ` cnt - COALESCE(LAG(cnt) OVER (${series}), 0) AS c, a, r FROM mraw WHERE agent IS NOT NULL AND ${cumulative})`,
    `mp1 AS (SELECT *, ${select(x.dims)}, ${select(x.kind)}, ${select(x.common)} FROM mp0)`,
    `mp AS (SELECT *, ${select(x.tokenKind)} FROM mp1)`,
    `lraw AS (${logRows(ctx)})`,
    `ev0 AS (SELECT *, ${logAgent('raw', 'body', 'scope')} AS agent FROM lraw)`,
    `ev AS (SELECT agent, ${shortEvent('raw', 'body')} AS event, time_ns, a, r, ${select(x.dims)}, ${select(x.common)}, ${select(x.eventOnly)} FROM ev0 WHERE agent IS NOT NULL)`,
  ];
}

/** `[expression, column]` pairs. */
export type Columns = readonly (readonly [string, string])[];

export const select = (cols: Columns) => cols.map(([e, n]) => `${e} AS ${n}`).join(', ');
export const names = (cols: Columns) => cols.map(([, n]) => n);

/**
 * The columns the normalisation derives from the attribute maps `a` and `r` (and `agent`,
 * `name`, `kind`): who and what (`dims`), and the attributes the views read, extracted once
 * (AGENT-TELEMETRY.md names them per agent).
 */
export function extracted(ctx: Ctx): { dims: Columns; kind: Columns; common: Columns; eventOnly: Columns; tokenKind: Columns } {
  const { d } = ctx;
  const a = (k: string) => attr(d, k);
  const num = (e: string) => `try_cast(${e} AS DOUBLE)`;
  return {
    dims: [
      [sessionOf(d), 'session'],
      [userOf(d), 'user_id'],
      [a('model'), 'model'],
      [a('team.id'), 'team'],
    ],
    kind: [[`COALESCE(${a('type')}, ${a('token_type')})`, 'kind']],
    common: [
      [a('success'), 'success'],
      [a('decision'), 'decision'],
      [a('source'), 'decision_source'],
      [a('language'), 'language'],
      [`COALESCE(${a('tool_name')}, ${a('function_name')})`, 'tool'],
    ],
    eventOnly: [
      [num(a('duration_ms')), 'duration_ms'],
      [`COALESCE(${a('status_code')}, ${a('http.response.status_code')})`, 'status'],
      [`COALESCE(${a('error')}, ${a('error.message')})`, 'error'],
      [a('error.message'), 'error_message'],
      [`try_cast(${a('attempt')} AS INT)`, 'attempt'],
      [a('prompt.id'), 'prompt_id'],
      [num(`COALESCE(${a('input_tokens')}, ${a('input_token_count')})`), 'in_tokens'],
      [num(`COALESCE(${a('output_tokens')}, ${a('output_token_count')})`), 'out_tokens'],
      [num(a('cost_usd')), 'event_cost_usd'],
    ],
    tokenKind: [[`CASE WHEN name IN (${TOKEN_METRICS.map(lit).join(', ')}) THEN ${tokenKind('kind')} END`, 'token_kind']],
  };
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
