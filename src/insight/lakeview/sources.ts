/**
 * The tables a Databricks dashboard reads: `catalog.schema.<prefix>_otel_<kind>` for every prefix
 * (one per agent's tables), each name part backquoted as Databricks SQL quotes identifiers (a
 * backquote inside is doubled), so that names with `-` work.
 */

export interface TableSources {
  metrics: string[];
  logs: string[];
  spans: string[];
}

export function quoteIdentifier(part: string): string {
  return `\`${part.replace(/`/g, '``')}\``;
}

export function databricksSources(catalog: string, schema: string, prefixes: readonly string[]): TableSources {
  const table = (prefix: string, kind: string) => [catalog, schema, `${prefix}_otel_${kind}`].map(quoteIdentifier).join('.');
  return {
    metrics: prefixes.map((p) => table(p, 'metrics')),
    logs: prefixes.map((p) => table(p, 'logs')),
    spans: prefixes.map((p) => table(p, 'spans')),
  };
}
