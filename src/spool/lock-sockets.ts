import { unlink } from 'node:fs/promises';
import { connect, createServer, type Server } from 'node:net';

/**
 * The two Unix sockets of the spool lock (`dir-lock.ts`). Neither ever accepts a connection for
 * long: a listener only proves that its process is alive.
 */

/** A server bound to the abstract `name`, or null when a live socket holds it (EADDRINUSE). */
export function bindAbstract(name: string): Promise<Server | null> {
  return listen(name).then((server) => (server === 'in use' ? null : server));
}

/** The longest `sun_path` Linux takes, its terminating NUL excluded (unix(7)). */
const MAX_SOCKET_PATH_BYTES = 107;

/**
 * Claims the socket file at `path`: `held` when a live process listens on it, `unsupported` when
 * this path cannot hold a socket (too long, or a file system without them), else our server,
 * bound there. A file left by a process that died answers nothing (ECONNREFUSED) and is replaced.
 * Only processes that do not share the abstract name get here at the same time (`dir-lock.ts`);
 * for them, a probe and a replacement that interleave exactly can both succeed.
 */
export async function claimPathSocket(path: string): Promise<Server | 'held' | 'unsupported'> {
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH_BYTES) return 'unsupported';
  if (await answers(path)) return 'held';
  await unlink(path).catch(() => undefined);
  try {
    const server = await listen(path);
    return server === 'in use' ? 'held' : server;
  } catch {
    return 'unsupported';
  }
}

export function closeServer(server: Server): Promise<void> {
  // A server on a socket file removes the file as it closes.
  return new Promise((resolve) => server.close(() => resolve()));
}

function listen(address: string): Promise<Server | 'in use'> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.destroy());
    server.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' ? resolve('in use') : reject(error)));
    server.listen(address, () => {
      // The lock must not keep the process alive on its own.
      server.unref();
      resolve(server);
    });
  });
}

/** How long a connection to a live listener may take on a loaded machine; past it, assume one. */
const PROBE_TIMEOUT_MS = 2000;

/** Whether a process listens on the socket file at `path`. */
function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(path);
    const done = (live: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(live);
    };
    const timer = setTimeout(() => done(true), PROBE_TIMEOUT_MS);
    socket.once('connect', () => done(true));
    // ENOENT (no file), ECONNREFUSED (nobody listens), ENOTSOCK and the like: nobody there.
    socket.once('error', () => done(false));
  });
}
