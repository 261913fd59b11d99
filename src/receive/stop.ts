import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

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

/**
 * From the start of the shutdown (fastify's `preClose`), answers close their connection, so that
 * the listener's close waits for the requests in flight and for no client's next request; and a
 * request that still arrives (its headers were on their way when the shutdown began) gets
 * `refuse`'s answer instead of being served.
 */
export function refuseDuringShutdown(
  app: FastifyInstance,
  refuse: (request: FastifyRequest, reply: FastifyReply) => FastifyReply,
): void {
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!closing) return;
    reply.header('connection', 'close');
    return refuse(request, reply);
  });
}
