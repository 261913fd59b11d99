/**
 * The tables a Databricks dashboard reads: `catalog.schema.<prefix>_otel_<kind>` for every prefix
 * (one per agent's tables), each name part backquoted as Databricks SQL quotes identifiers (a
 * backquote inside is doubled), so that names with `-` work.
 */

export interface TableSources {
  metrics: string[];
  logs: string[];
  spans: string[];
  /** `catalog.schema.table` of each, index for index (the data-health views show them). */
  names: { metrics: string[]; logs: string[]; spans: string[] };
}

export function quoteIdentifier(part: string): string {
  return `\`${part.replace(/`/g, '``')}\``;
}

export function databricksSources(catalog: string, schema: string, prefixes: readonly string[]): TableSources {
  const parts = (prefix: string, kind: string) => [catalog, schema, `${prefix}_otel_${kind}`];
  const quoted = (kind: string) => prefixes.map((p) => parts(p, kind).map(quoteIdentifier).join('.'));
  const plain = (kind: string) => prefixes.map((p) => parts(p, kind).join('.'));
  return {
    metrics: quoted('metrics'),
    logs: quoted('logs'),
    spans: quoted('spans'),
    names: { metrics: plain('metrics'), logs: plain('logs'), spans: plain('spans') },
  };
}
