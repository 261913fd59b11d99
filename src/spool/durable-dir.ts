import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Directory steps that make file creation and deletion durable. fdatasync on a file makes its data
 * durable, not its name: a segment created (or unlinked) just before a power cut can be missing (or
 * back) afterwards unless its directory is fsync'd too.
 *
 * (The same steps as `sinks/delta/durable-fs.ts`; kept apart so that the spool depends on no sink.)
 */

/** fsyncs a directory. Windows cannot open one for it, and NTFS journals metadata, so it is skipped there. */
export async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** `mkdir -p`, then fsyncs every directory that gained an entry, so that the spool directory survives a crash. */
export async function makeDirDurable(dir: string, sync: boolean): Promise<void> {
  const first = await mkdir(dir, { recursive: true });
  if (first === undefined || !sync) return;
  // `first` is the top-most directory created: its parent and each directory below it gained an entry.
  for (let d = dir; ; d = dirname(d)) {
    await fsyncDir(dirname(d));
    if (d === first || dirname(d) === d) break;
  }
}

export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? (error as NodeJS.ErrnoException).code : undefined;
}
