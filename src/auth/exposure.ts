import { isIP } from 'node:net';

/** Whether `host` only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h);
  return mapped !== null && mapped[1].startsWith('127.');
}

/**
 * Why `serve` must not start with these settings, or null: listening beyond loopback without a
 * tokens file lets anyone who reaches the port write any table, so it takes an explicit opt-in.
 */
export function exposureProblem(config: { host: string; tokensFile?: string; allowUnauthenticated: boolean }): string | null {
  if (config.tokensFile !== undefined || config.allowUnauthenticated || isLoopbackHost(config.host)) return null;
  return (
    `refusing to listen on ${config.host} without a tokens file: anyone who can reach the port could write any table. ` +
    'Set --tokens-file (OTLP_DELTA_TOKENS_FILE) so that callers need a token, ' +
    'listen on 127.0.0.1, or pass --allow-unauthenticated (OTLP_DELTA_ALLOW_UNAUTHENTICATED=true) if a network policy already restricts who can connect'
  );
}
