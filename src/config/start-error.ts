import { ConfigError } from './load.js';
import { ENV_NAMES } from './schema.js';

/** Errors of the file system that mean "this user may not write there". */
const NOT_WRITABLE = new Set(['EACCES', 'EPERM', 'EROFS']);

/**
 * A failure during the start as one line that names the setting or file to fix, for errors a user
 * can fix; other errors pass through unchanged (the CLI prints their stack).
 */
export function describeStartError(error: unknown, where: { host: string; port: number; dataDir: string }): unknown {
  if (error instanceof ConfigError) return error;
  const e = error as NodeJS.ErrnoException & { address?: string; port?: number };
  if (e.syscall === 'listen' || e.syscall === 'bind') {
    const at = `${where.host}:${where.port}`;
    if (e.code === 'EADDRINUSE') {
      return new ConfigError(`cannot listen on ${at}: the port is in use by another process; stop it, or choose another port (--port or ${ENV_NAMES.port})`);
    }
    if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND') {
      return new ConfigError(`cannot listen on ${at}: no network interface has that address; choose another host (--host or ${ENV_NAMES.host})`);
    }
    if (e.code === 'EACCES') {
      return new ConfigError(`cannot listen on ${at}: this user may not bind that port (ports below 1024 need privileges); choose a port from 1024 up (--port or ${ENV_NAMES.port})`);
    }
    return new ConfigError(`cannot listen on ${at}: ${e.message} (--host/--port or ${ENV_NAMES.host}/${ENV_NAMES.port})`);
  }
  if (e.code !== undefined && NOT_WRITABLE.has(e.code)) {
    const uid = process.getuid?.() ?? 'of this process';
    const path = e.path ?? where.dataDir;
    return new ConfigError(
      `cannot write ${path} (${e.code}): the data directory (--data-dir or ${ENV_NAMES.dataDir}, and ${ENV_NAMES.spoolDir} if set) must be writable by the user the service runs as (uid ${uid}); e.g. chown -R ${uid} ${where.dataDir}, or in a container use a named volume rather than a root-owned bind mount`,
    );
  }
  return error;
}
