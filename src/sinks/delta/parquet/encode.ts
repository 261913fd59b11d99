import { Table as ArrowTable, tableToIPC } from 'apache-arrow';
import { Compression, Table as WasmTable, WriterPropertiesBuilder, WriterVersion, writeParquet } from 'parquet-wasm/node';
import type { Row } from '../../../rows/row.js';
import type { Field } from '../../../schema/types.js';
import { recordBatchOf } from './arrow-columns.js';

/**
 * Encodes rows as one Parquet file (one row group, zstd, data page V1) in the layout Spark writes
 * for the same schema (see `arrow-types.ts`).
 *
 * The Arrow batch crosses into parquet-wasm as an IPC stream: one copy into WebAssembly memory,
 * which is cheap next to the encoding itself. Data page V1 because PROTOCOL.md ("Table Properties",
 * `delta.parquet.format.version`) says writers should default to `1.0.0` for the widest reader
 * support; zstd because it is the codec it recommends by default.
 */
export function encodeParquet(
  schema: { readonly columns: readonly Field[]; readonly kind?: string },
  rows: readonly Row[],
): Uint8Array {
  const batch = recordBatchOf(schema.columns, rows);
  const ipc = tableToIPC(new ArrowTable([batch]), 'stream');
  // Both the table and the properties are moved into (and freed by) `writeParquet`.
  const table = WasmTable.fromIPCStream(ipc);
  const properties = new WriterPropertiesBuilder()
    .setCompression(Compression.ZSTD)
    .setWriterVersion(WriterVersion.V1)
    // Log rows repeat little (bodies, attribute values, ids): without dictionaries their files
    // encoded 22% faster and came out 4% smaller (87.5 → 83.6 bytes/row on the bench payload),
    // while metric rows, which repeat names and attributes, grew 11% without them.
    .setDictionaryEnabled(schema.kind !== 'logs')
    .build();
  return writeParquet(table, properties);
}
