import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sqlDir } from '../paths.js';
import { parseDdl } from './parse-ddl.js';
import type { TableKind, TableSchema } from './types.js';

/** The DDL template of each table kind, as `sql/` holds it. */
export function ddlTemplate(kind: TableKind): string {
  return readFileSync(join(sqlDir, `otel_${kind}.sql`), 'utf8');
}

function load(kind: TableKind): TableSchema {
  const { columns, properties } = parseDdl(ddlTemplate(kind));
  return { kind, columns, properties };
}

/** The schemas of the v1 tables, parsed once from `sql/` so that the DDL is their only source. */
export const TABLE_SCHEMAS: Readonly<Record<TableKind, TableSchema>> = {
  metrics: load('metrics'),
  logs: load('logs'),
  spans: load('spans'),
};

export const TABLE_KINDS: readonly TableKind[] = ['metrics', 'logs', 'spans'];
