import { decodeEach, type SpooledBodies } from '../../../rows/decode.js';
import { TABLE_SCHEMAS } from '../../../schema/tables.js';
import { encodeDataFile, writeDataFile, type EncodedFile, type WrittenFile } from '../data-file.js';

/** Spooled request bodies of one table, to become one Parquet file. */
export type EncodeTask = SpooledBodies;

/**
 * Decodes the bodies again, flattens them and encodes the rows as one data file, body by body
 * (`decodeEach`). The same function runs inline (a pool of 0 workers) and in the worker threads.
 */
export function encodeTask(task: EncodeTask): EncodedFile {
  return encodeDataFile(TABLE_SCHEMAS[task.kind], decodeEach(task));
}

/**
 * Encodes the bodies and writes the file into the table directory `dir`, durably, off the thread
 * that commits: the commit then only has to name it. `encoded` hears when only the write is left.
 */
export async function encodeAndWriteTask(task: EncodeTask, dir: string, encoded?: () => void): Promise<WrittenFile> {
  const file = encodeTask(task);
  encoded?.();
  return { add: await writeDataFile(dir, file), numRecords: file.numRecords };
}
