import { mkdir, open, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../config/load.js';

/**
 * One process at a time owns a spool: two would hand out the same sequence numbers. The lock is a
 * file holding the owner's pid; one left by a process that died (SIGKILL, power loss) is taken over.
 */
export async function lockDir(dir: string): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'lock');
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
