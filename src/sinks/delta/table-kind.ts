import { TABLE_KINDS, TABLE_SCHEMAS } from '../../schema/tables.js';
import type { TableKind } from '../../schema/types.js';
import type { MetaDataAction } from './actions.js';
import { columnsSignature, parseSchemaString } from './schema-string.js';

export type DetectedKind = TableKind | 'other';

const SIGNATURES = new Map<string, TableKind>(TABLE_KINDS.map((kind) => [columnsSignature(TABLE_SCHEMAS[kind].columns), kind]));

/**
 * Which v1 table a Delta table holds, from the columns of its schema: names, order and types must
 * be those of `sql/`; nullability and column metadata are ignored, so that a table created by
 * Databricks from the same DDL is recognised too. `otel.schemaVersion` is not required for the
 * same reason (a table created without TBLPROPERTIES still has the v1 columns).
 */
export function detectKind(metaData: MetaDataAction): DetectedKind {
  try {
    return SIGNATURES.get(parseSchemaString(metaData.schemaString).signature) ?? 'other';
  } catch {
    return 'other';
  }
}
