import { open, readFile, unlink, writeFile } from 'node:fs/promises';
import { ConfigError } from '../config/load.js';

/**
 * The spool lock where there are no abstract sockets (macOS and the other non-Linux systems): a
 * file holding the owner's pid. One naming a pid that is alive is honoured, one left by a process
 * that died is taken over; a pid reused by an unrelated process still refuses the start, which
 * only the kernel-held lock of `dir-lock.ts` avoids.
 */
export async function lockByPidFile(dir: string, path: string): Promise<() => Promise<void>> {
  for (;;) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => unlink(path).catch(() => undefined);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    if (owner > 0 && owner !== process.pid && isAlive(owner)) {
      throw new ConfigError(`${dir} is in use by another otlp-delta (pid ${owner}); stop it first or choose another data dir`);
    }
    // Stale: its owner is gone. Replace it and check again that we won.
    await writeFile(path, String(process.pid));
    if (Number((await readFile(path, 'utf8')).trim()) === process.pid) {
      return () => unlink(path).catch(() => undefined);
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
