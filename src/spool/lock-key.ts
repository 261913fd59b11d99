import { createHash, randomBytes } from 'node:crypto';
import { link, open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../config/load.js';

/**
 * The abstract socket name of a spool directory (NUL first: the abstract namespace), from its
 * real path and its key.
 *
 * Any local user may bind any abstract name, so a name computed from the path alone could be
 * taken first by someone else to keep the service from starting. The key (`<spool>/lock.key`,
 * made once, readable only by the spool's owner) keeps the name unknown to those who cannot read
 * the spool; the path keeps two copies of one spool directory apart.
 */
export function lockName(realDir: string, key: string): string {
  const digest = createHash('sha256').update(`${realDir}\0${key}`).digest('hex').slice(0, 40);
  return `\0otlp-delta-spool-${digest}`;
}

/**
 * The spool's lock key, made on first use. Two processes that start together on a new spool must
 * get the same key: each writes a candidate to a file of its own and links it to the name, which
 * only the first link can take, then reads back whichever won (never a partly written file).
 */
export async function lockKey(dir: string): Promise<string> {
  const path = join(dir, 'lock.key');
  const existing = await readKey(path);
  if (existing !== null) return existing;
  const candidate = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  // fsync'd before it gets its name: after a power loss the name holds a whole key or nothing.
  const handle = await open(candidate, 'wx', 0o600);
  try {
    await handle.writeFile(randomBytes(16).toString('hex'));
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(candidate, path).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  } finally {
    await unlink(candidate).catch(() => undefined);
  }
  const key = await readKey(path);
  if (key === null) throw new ConfigError(`${path} is empty: stop every otlp-delta using ${dir}, delete the file and start again`);
  return key;
}

async function readKey(path: string): Promise<string | null> {
  try {
    const key = (await readFile(path, 'utf8')).trim();
    return key === '' ? null : key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
