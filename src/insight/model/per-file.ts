import { logAgent, metricAgent, shortEvent } from './agents.js';
import { costCtes } from './cost.js';
import { context } from './query.js';
import { extracted, logRows, metricRows, names, select } from './normalise.js';
import type { RenderOptions } from './types.js';

/**
 * The normalisation split for an engine that keeps data files' rows between snapshots (the local
 * DuckDB engine): each Parquet file is normalised once into a table of its own (files never
 * change), and a snapshot's base relations (`<prefix>mp`, `ev`, ...) are views over the tables of
 * its live files. Only what spans files is computed per snapshot: the deltas of CUMULATIVE series
 * (their previous point may be in another file) and the models' prices. DuckDB only.
 */

const CUMULATIVE = `temporality = 'AGGREGATION_TEMPORALITY_CUMULATIVE'`;

/** The table of one metrics or logs file (`relation`, a `read_parquet` of it); empty relation: the typed template. */
export function fileTableSql(kind: 'metrics' | 'logs', relation: string | null, target: string): string {
  const rels = relation === null ? [] : [relation];
  const ctx = context('duckdb', { metrics: kind === 'metrics' ? rels : [], logs: kind === 'logs' ? rels : [], spans: [] });
  const { d } = ctx;
  const x = extracted(ctx);
  if (kind === 'metrics') {
    return (
      `CREATE TABLE ${target} AS WITH mraw AS (${metricRows(ctx)}),` +
      ` m1 AS (SELECT name, ${metricAgent('name')} AS agent, time_ns, start_ns, ${CUMULATIVE} AS cum,` +
      ` CASE WHEN ${CUMULATIVE} THEN concat(${d.mapText('a')}, '|', ${d.mapText('r')}) END AS series, value, cnt, a, r FROM mraw),` +
      ` m2 AS (SELECT *, ${select(x.dims)}, ${select(x.kind)}, ${select(x.common)} FROM m1)` +
      ` SELECT ${d.starExcept(['a', 'r'])}, ${select(x.tokenKind)} FROM m2`
    );
  }
  return (
    `CREATE TABLE ${target} AS WITH lraw AS (${logRows(ctx)}), ev0 AS (SELECT *, ${logAgent('raw', 'body', 'scope')} AS agent FROM lraw)` +
    ` SELECT agent, raw, body, time_ns, CASE WHEN agent IS NOT NULL THEN ${shortEvent('raw', 'body')} END AS event,` +
    ` ${select(x.dims)}, ${select(x.common)}, ${select(x.eventOnly)} FROM ev0`
  );
}

export interface SnapshotFiles {
  /** Per source table (its index is the `src` of the data-health views): the tables of its live files. */
  readonly metrics: readonly (readonly string[])[];
  readonly logs: readonly (readonly string[])[];
}

/** Statements that define a snapshot's base relations over file tables; `templates` are the typed empty ones. */
export function snapshotSql(files: SnapshotFiles, templates: { metrics: string; logs: string }, prefix: string, options?: RenderOptions): string[] {
  const ctx = context('duckdb', { metrics: [], logs: [], spans: [] }, options);
  const x = extracted(ctx);
  const union = (template: string, lists: readonly (readonly string[])[]) =>
    [`SELECT -1 AS src, * FROM ${template}`, ...lists.flatMap((tables, src) => tables.map((t) => `SELECT ${src} AS src, * FROM ${t}`))].join(' UNION ALL ');
  const mpCols = ['agent', 'name', 'time_ns', 'v', 'c', ...names(x.dims), ...names(x.kind), ...names(x.common), ...names(x.tokenKind)];
  const fromUm = mpCols.map((c) => (c === 'v' ? 'value AS v' : c === 'c' ? 'cnt AS c' : c)).join(', ');
  const w = 'PARTITION BY src, name, series, start_ns ORDER BY time_ns';
  const cost = costCtes(ctx);
  return [
    `CREATE VIEW ${prefix}um AS ${union(templates.metrics, files.metrics)}`,
    `CREATE VIEW ${prefix}ul AS ${union(templates.logs, files.logs)}`,
    `CREATE TABLE ${prefix}cum AS SELECT ${mpCols.map((c) => (c === 'v' ? `value - COALESCE(LAG(value) OVER (${w}), 0) AS v` : c === 'c' ? `cnt - COALESCE(LAG(cnt) OVER (${w}), 0) AS c` : c)).join(', ')}` +
      ` FROM ${prefix}um WHERE agent IS NOT NULL AND cum`,
    `CREATE VIEW ${prefix}mp AS SELECT ${fromUm} FROM ${prefix}um WHERE agent IS NOT NULL AND NOT cum UNION ALL SELECT ${mpCols.join(', ')} FROM ${prefix}cum`,
    `CREATE VIEW ${prefix}mraw AS SELECT src, name, agent, time_ns FROM ${prefix}um WHERE src >= 0`,
    `CREATE VIEW ${prefix}ev0 AS SELECT src, agent, raw, body, time_ns FROM ${prefix}ul WHERE src >= 0`,
    `CREATE VIEW ${prefix}ev AS SELECT agent, event, time_ns, ${[...names(x.dims), ...names(x.common), ...names(x.eventOnly)].join(', ')} FROM ${prefix}ul WHERE agent IS NOT NULL`,
    `CREATE TABLE ${prefix}price_of AS WITH mp AS (SELECT * FROM ${prefix}mp), ${cost.slice(0, 2).join(', ')} SELECT * FROM price_of`,
    `CREATE VIEW ${prefix}spend AS WITH mp AS (SELECT * FROM ${prefix}mp), price_of AS (SELECT * FROM ${prefix}price_of), ${cost[2]} SELECT * FROM spend`,
  ];
}

/** Drops what `snapshotSql` made, dependants first. */
export function dropSnapshotSql(prefix: string): string[] {
  return [
    ...['spend', 'ev', 'ev0', 'mraw', 'mp'].map((v) => `DROP VIEW IF EXISTS ${prefix}${v}`),
    `DROP TABLE IF EXISTS ${prefix}price_of`,
    `DROP TABLE IF EXISTS ${prefix}cum`,
    `DROP VIEW IF EXISTS ${prefix}ul`,
    `DROP VIEW IF EXISTS ${prefix}um`,
  ];
}
