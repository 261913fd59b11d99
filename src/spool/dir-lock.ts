import { mkdir, readFile, realpath, unlink, writeFile } from 'node:fs/promises';
import type { Server } from 'node:net';
import { join } from 'node:path';
import { ConfigError } from '../config/load.js';
import { lockKey, lockName } from './lock-key.js';
import { bindAbstract, claimPathSocket, closeServer } from './lock-sockets.js';
import { lockByPidFile } from './pid-file-lock.js';

/**
 * One process at a time owns a spool: two would hand out the same sequence numbers.
 *
 * On Linux the lock is a Unix socket bound in the abstract namespace (unix(7), "abstract"), under
 * a name derived from the spool directory (`lock-key.ts`). The kernel frees the name when the
 * owning process exits, however it exits (SIGKILL, OOM kill, crash), so there is no stale lock to
 * judge: a bind that fails with EADDRINUSE means a live owner, and nothing else does. A pid file
 * alone cannot tell a dead owner whose pid was reused by an unrelated process from a live owner
 * (in a container, pid 1 is always alive).
 *
 * Abstract names belong to a network namespace, and containers that mount one spool volume often
 * have one each. So the owner also listens on `<spool>/lock.sock`, a socket file that any process
 * reaching the file can connect to, whatever its network namespace: a start that gets the
 * abstract name but finds a live listener there is refused too. A socket file outlives a killed
 * owner, but then nothing answers on it and it is replaced. Where the file cannot be a socket
 * (path too long, a file system without sockets) this second check is skipped.
 *
 * `<spool>/lock` holds the owner's pid, only to name it in the refusal.
 *
 * Elsewhere (macOS and the other systems without abstract sockets) the pid file is the lock
 * (`pid-file-lock.ts`).
 */
export async function lockDir(dir: string): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true });
  const pidFile = join(dir, 'lock');
  if (process.platform !== 'linux') return lockByPidFile(dir, pidFile);
  const held: Server[] = [];
  const release = async () => {
    for (const server of held.splice(0)) await closeServer(server);
  };
  try {
    const name = await bindAbstract(lockName(await realpath(dir), await lockKey(dir)));
    if (name === null) throw inUse(dir, `another otlp-delta (${await ownerOf(pidFile)})`);
    held.push(name);
    const file = await claimPathSocket(join(dir, 'lock.sock'));
    if (file === 'held') {
      throw inUse(dir, `another otlp-delta in another network namespace (another container mounting this volume?), ${await ownerOf(pidFile)} there`);
    }
    if (file !== 'unsupported') held.push(file);
    await writeFile(pidFile, String(process.pid));
  } catch (error) {
    await release();
    throw error;
  }
  return async () => {
    // The pid file goes first: once the name is free, the next owner may write its own.
    await unlink(pidFile).catch(() => undefined);
    await release();
  };
}

function inUse(dir: string, by: string): ConfigError {
  return new ConfigError(`${dir} is in use by ${by}; stop it first or choose another data dir`);
}

/** "pid N" from the pid file, for the refusal; the file may be missing or being rewritten. */
async function ownerOf(pidFile: string): Promise<string> {
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
  return Number.isInteger(pid) && pid > 0 ? `pid ${pid}` : 'pid unknown';
}
