import { randomUUID } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { errorCode, fsyncDir } from '../fs/durable.js';

export const SPOOL_ID_FILE = 'spool-id';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The spool's id, which with a seq names a record for all time (the Delta `txn` appId).
 *
 * The pair must never repeat. Seqs stay monotonic through the segment files (the newest is never
 * deleted, see `disk-spool.ts`), so a directory without any segment file has lost its seqs: it is
 * either brand new, or a first start that died before its first segment, or someone deleted the
 * segments by hand. In each case a fresh id is made, so that seqs may start again from 1. A
 * directory with segments and no id cannot be used without risking a repeated (appId, version): that
 * is an error for a person to resolve rather than a guess.
 */
export async function loadSpoolId(dir: string, hasSegments: boolean, sync: boolean): Promise<string> {
  const path = join(dir, SPOOL_ID_FILE);
  if (hasSegments) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
      throw new Error(
        `${path} is missing but the spool holds segments: without their id their records cannot be exported exactly once. ` +
          'Restore the file, or move the segments away to start an empty spool.',
      );
    }
    const id = text.trim();
    if (!UUID.test(id)) throw new Error(`${path} does not hold a spool id (a UUID): ${JSON.stringify(text.slice(0, 80))}`);
    return id;
  }
  return writeSpoolId(dir, randomUUID(), sync);
}

/** Writes the id atomically: a temporary file, fsync'd, renamed over the name, and the directory fsync'd. */
async function writeSpoolId(dir: string, id: string, sync: boolean): Promise<string> {
  const path = join(dir, SPOOL_ID_FILE);
  const temp = `${path}.tmp`;
  await rm(temp, { force: true });
  const handle = await open(temp, 'wx');
  try {
    await handle.writeFile(`${id}\n`);
    if (sync) await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
  if (sync) await fsyncDir(dir);
  return id;
}
