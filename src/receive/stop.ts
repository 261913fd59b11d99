import type { FastifyInstance } from 'fastify';

/**
 * The share of the shutdown grace that requests already being received may take before their
 * connections are cut: the rest is for the export drain. Capped, because a request whose body has
 * arrived is answered in milliseconds; only a client that stalls mid-body takes longer, and it gets
 * nothing from waiting (a cut request was never acknowledged, and its exporter sends it again).
 */
export function requestsGraceMs(shutdownGraceMs: number): number {
  return Math.min(2_000, Math.floor(shutdownGraceMs / 4));
}

/**
 * Stops taking requests: the listener closes at once (idle keep-alive connections with it, and a
 * request arriving on a busy one gets 503), requests in flight get `graceMs` to finish, then every
 * connection still open is cut, whatever its client is doing.
 */
export async function stopReceiving(app: FastifyInstance, graceMs: number): Promise<void> {
  const closed = app.close();
  const timer = setTimeout(() => app.server.closeAllConnections(), graceMs);
  try {
    await closed;
  } finally {
    clearTimeout(timer);
  }
}
