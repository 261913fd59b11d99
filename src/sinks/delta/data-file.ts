import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDir, writeNewFile } from '../../fs/durable.js';
import { encodeParquetParts } from './parquet/encode.js';
import type { Row } from '../../rows/row.js';
import type { TableSchema } from '../../schema/types.js';
import type { AddAction } from './actions.js';
import { dataFileName } from './log-paths.js';
import { fileStats } from './stats.js';

/** A data file ready to be committed: its bytes, and its Delta `stats` JSON. */
export interface EncodedFile {
  bytes: Uint8Array;
  stats: string;
  numRecords: number;
}

/**
 * A data file already written and fsync'd into its table's directory (by an encode worker, ahead
 * of its commit), named by no commit yet: the `add` action that will name it. One that is never
 * committed is removed by whoever drops it, or after a crash by the clean-up of unreferenced files.
 */
export interface WrittenFile {
  add: AddAction;
  numRecords: number;
}

/**
 * Writes one new data file into the table directory and returns the `add` action that will name
 * it. The file and its directory entry are durable before this returns: the commit that names the
 * file must never reach the disk before the file does.
 */
export async function writeDataFile(
  tableDir: string,
  { bytes, stats }: EncodedFile,
  dataChange = true,
  beforeWrite?: (name: string) => Promise<void>,
): Promise<AddAction> {
  const name = dataFileName();
  // A long transaction records the name first (`writer-marker.ts`), so that a crash leaves a proof.
  await beforeWrite?.(name);
  const path = join(tableDir, name);
  await writeNewFile(path, bytes);
  await fsyncDir(tableDir);
  const { mtimeMs } = await stat(path);
  return { path: name, partitionValues: {}, size: bytes.length, modificationTime: Math.floor(mtimeMs), dataChange, stats };
}

/**
 * Rows as one Parquet data file with its stats, the rows given in parts (see `shredParts`): the
 * one encoding of a data file, run by the encode pool's workers and inline alike.
 */
export function encodeDataFile(schema: TableSchema, parts: Iterable<readonly Row[]>): EncodedFile {
  const { bytes, rows, statistics } = encodeParquetParts(schema, parts);
  return { bytes, stats: fileStats(schema.columns, rows, statistics), numRecords: rows };
}

/** Rows encoded on the calling thread, with their stats; null when there are none. */
export function encodeRows(schema: TableSchema, rows: readonly Row[]): EncodedFile | null {
  return rows.length === 0 ? null : encodeDataFile(schema, [rows]);
}
