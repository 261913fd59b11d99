import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, realpath, unlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { ConfigError } from '../config/load.js';

/**
 * One process at a time owns a spool: two would hand out the same sequence numbers.
 *
 * On Linux the lock is a Unix socket bound in the abstract namespace, under a name derived from
 * the spool directory's real path and a random key kept in it (unix(7), "abstract"). The kernel
 * frees the name when the
 * owning process exits, however it exits (SIGKILL, OOM kill, crash), so there is no stale lock to
 * judge: a bind that fails with EADDRINUSE means a live owner, and nothing else does. A pid file
 * alone cannot tell a dead owner whose pid was reused by an unrelated process from a live owner.
 *
 * `<spool>/lock` still holds the owner's pid, only to name it in the refusal.
 *
 * Any local user may bind any abstract name, so a name computed from the path alone could be
 * taken first by someone else to keep the service from starting. The key (`<spool>/lock.key`, made
 * once, readable only by the spool's owner) keeps the name unknown to those who cannot read the
 * spool; the path keeps two copies of one spool directory apart.
 *
 * Limits: abstract socket names belong to a network namespace. Two containers with separate
 * network namespaces that mount the same spool volume do not see each other's lock (neither did
 * the pid file: each container's process may be pid 1). The README says so.
 *
 * Elsewhere (macOS and the other platforms without abstract sockets) the pid file is the lock, as
 * before: one naming a pid that is alive is honoured.
 */
export async function lockDir(dir: string): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true });
  const pidFile = join(dir, 'lock');
  if (process.platform !== 'linux') return lockByPidFile(dir, pidFile);
  const server = await bindAbstract(lockName(await realpath(dir), await lockKey(dir)));
  if (server === null) {
    throw new ConfigError(`${dir} is in use by another otlp-delta (${await ownerOf(pidFile)}); stop it first or choose another data dir`);
  }
  try {
    await writeFile(pidFile, String(process.pid));
  } catch (error) {
    await closeServer(server);
    throw error;
  }
  return async () => {
    // The pid file goes first: once the name is free, the next owner may write its own.
    await unlink(pidFile).catch(() => undefined);
    await closeServer(server);
  };
}

/** The abstract socket name of a spool directory (NUL first: the abstract namespace). */
export function lockName(realDir: string, key: string): string {
  const digest = createHash('sha256').update(`${realDir}\0${key}`).digest('hex').slice(0, 40);
  return `\0otlp-delta-spool-${digest}`;
}

/**
 * The spool's lock key, made on first use. Two processes that start together on a new spool must
 * get the same key: each writes a candidate to a file of its own and links it to the name, which
 * only the first link can take, then reads back whichever won (never a partly written file).
 */
async function lockKey(dir: string): Promise<string> {
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

/** A server bound to `name`, or null when another live socket holds it. */
function bindAbstract(name: string): Promise<Server | null> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.destroy());
    server.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' ? resolve(null) : reject(error)));
    server.listen(name, () => {
      // The lock must not keep the process alive on its own.
      server.unref();
      resolve(server);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** "pid N" from the pid file, for the refusal; the file may be missing or being rewritten. */
async function ownerOf(pidFile: string): Promise<string> {
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
  return Number.isInteger(pid) && pid > 0 ? `pid ${pid}` : 'pid unknown';
}

/** The pid-file lock of platforms without abstract sockets: one left by a dead process is taken over. */
async function lockByPidFile(dir: string, path: string): Promise<() => Promise<void>> {
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
