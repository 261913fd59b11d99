import { Table as ArrowTable, tableToIPC } from 'apache-arrow';
import { Table as WasmTable, WriterPropertiesBuilder, writeParquet } from 'parquet-wasm/node';
import type { Row } from '../../src/rows/row.js';
import type { Field } from '../../src/schema/types.js';
import { recordBatchOf } from './arrow-columns.js';

/**
 * The service's former Parquet writer, kept as the baseline of `bench/parquet-tuning.ts`: rows as
 * Arrow columns (`arrow-columns.ts`), an IPC stream into parquet-wasm, one row group.
 */
export function encodeWithParquetWasm(
  schema: { readonly columns: readonly Field[] },
  rows: readonly Row[],
  settings: (builder: WriterPropertiesBuilder) => WriterPropertiesBuilder,
): Uint8Array {
  const batch = recordBatchOf(schema.columns, rows);
  const ipc = tableToIPC(new ArrowTable([batch]), 'stream');
  // Both the table and the properties are moved into (and freed by) `writeParquet`.
  return writeParquet(WasmTable.fromIPCStream(ipc), settings(new WriterPropertiesBuilder()).build());
}
