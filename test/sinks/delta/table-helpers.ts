import type { Row } from '../../../src/rows/row.js';
import type { TableSchema } from '../../../src/schema/types.js';
import { DeltaTable, type AppendOptions, type AppendResult, type CreateTableResult } from '../../../src/sinks/delta/table.js';

/** One-shot calls on a fresh `DeltaTable` (no snapshot kept between calls), for tests. */
export function createTable(tableDir: string, schema: TableSchema): Promise<CreateTableResult> {
  return new DeltaTable(tableDir).create(schema);
}

/** Resolves once the append and the checkpoint it may have started are both on disk. */
export async function appendRows(tableDir: string, schema: TableSchema, rows: readonly Row[], options?: AppendOptions): Promise<AppendResult> {
  const table = new DeltaTable(tableDir);
  const result = await table.append(schema, rows, options);
  await table.settled();
  return result;
}

export function latestTxnVersion(tableDir: string, appId: string): Promise<number | null> {
  return new DeltaTable(tableDir).latestTxnVersion(appId);
}
