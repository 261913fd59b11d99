import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * The few file-system steps that make writes durable on a local disk, for the spool, the dead
 * letters and the Delta commits: data reaches stable storage through fsync of the file, and a
 * file's name (created, linked, renamed or unlinked) only through fsync of its directory.
 */

/**
 * Creates `path` (failing with EEXIST if it exists: data files and temporary files are never
 * overwritten), writes `data`, and fsyncs it. A partial file is removed when any step fails.
 */
export async function writeNewFile(path: string, data: Uint8Array | string): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => {});
    await unlink(path).catch(() => {});
    throw error;
  }
  await handle.close();
}

/**
 * Makes the entries of a directory (files created, linked or renamed in it) durable. Windows cannot
 * open a directory for fsync, and NTFS journals metadata, so there it is skipped.
 */
export async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * `mkdir -p`, then fsync every directory whose entries changed, so that a table created just
 * before a crash is still there after it.
 */
export async function makeDirsDurable(dir: string, sync = true): Promise<void> {
  const first = await mkdir(dir, { recursive: true });
  if (first === undefined || !sync) return;
  // `first` is the top-most directory created; its parent and every created directory gained an entry.
  for (let d = dir; ; d = dirname(d)) {
    await fsyncDir(dirname(d));
    if (d === first || dirname(d) === d) break;
  }
}

export async function readFileIfExists(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return null;
    throw error;
  }
}

export function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as NodeJS.ErrnoException).code === code;
}

export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? (error as NodeJS.ErrnoException).code : undefined;
}

const DISK_FULL = new Set(['ENOSPC', 'EDQUOT']);

/**
 * The message for a write that failed for want of room (a full disk or a spent quota), or null for
 * any other error. Such a write may succeed once exports or maintenance free space, so it is
 * answered as a retryable 503 wherever it happens (the spool, a table being created).
 */
export function diskFullMessage(error: unknown): string | null {
  const code = errorCode(error);
  return code !== undefined && DISK_FULL.has(code) ? `the disk is full (${code}) where the service writes; retry later` : null;
}
