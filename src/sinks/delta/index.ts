/**
 * The local Delta Lake writer: Parquet data files and the `_delta_log` transaction log
 * (https://github.com/delta-io/delta/blob/master/PROTOCOL.md), readable by Spark, delta-rs and
 * DuckDB. `LocalDeltaSink` adapts it to the service's `Sink` interface.
 */
export { LocalDeltaSink } from './local-delta-sink.js';
export { type AppendOptions, type AppendResult, type CreateTableResult, DeltaTable, type TableInfo } from './table.js';
export { readTableState } from './replay.js';
export type { TableState } from './table-state.js';
export type { DetectedKind } from './table-kind.js';
export { detectKind } from './table-kind.js';
export { schemaString } from './schema-string.js';
export { dataFilePath } from './log-paths.js';
export { CHECKPOINT_INTERVAL } from './checkpoint.js';
