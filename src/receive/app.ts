import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Config } from '../config/schema.js';
import { OtlpDeltaError } from '../errors.js';
import type { Batcher } from '../export/batcher.js';
import type { Sink } from '../sinks/sink.js';
import { readBody } from './body.js';
import { parseContentEncoding, parseContentType, type BodyFormat } from './content.js';
import { sendError, sendExportResponse } from './reply.js';
import { SIGNALS, type SignalName } from './signals.js';
import { resolveTable, TABLE_HEADER } from './table-header.js';
import { checkTable } from './table-check.js';

export interface AppDeps {
  config: Config;
  sink: Sink;
  batcher: Batcher;
}

/**
 * The HTTP face of the service: the OTLP/HTTP routes under both the Databricks path and the
 * OTLP default path, and the health checks. Bodies are read by the route itself (not by fastify's
 * parsers) so that the size limit also bounds decompression.
 */
export function buildApp({ config, sink, batcher }: AppDeps): FastifyInstance {
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    // The route enforces the limit itself, after decompression.
    bodyLimit: Number.MAX_SAFE_INTEGER,
    return503OnClosing: true,
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  for (const signal of Object.keys(SIGNALS) as SignalName[]) {
    const handler = (request: FastifyRequest, reply: FastifyReply) => receive(signal, request, reply);
    app.post(`/api/2.0/otel/v1/${signal}`, handler);
    app.post(`/v1/${signal}`, handler);
  }

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const ready = await sink.ready();
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable' });
  });

  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 'json', new OtlpDeltaError('NOT_FOUND', `no route ${request.method} ${request.url}`)),
  );
  app.setErrorHandler((error, request, reply) => {
    if (!(error instanceof OtlpDeltaError)) request.log.error({ err: error }, 'request failed');
    return sendError(reply, formatOf(request), error);
  });

  async function receive(signal: SignalName, request: FastifyRequest, reply: FastifyReply) {
    const format = parseContentType(request.headers['content-type']);
    const encoding = parseContentEncoding(request.headers['content-encoding']);
    const spec = SIGNALS[signal];
    const table = resolveTable(request.headers[TABLE_HEADER], spec.defaultTable(config));
    const body = await readBody(request.raw, encoding, config.maxBodyBytes);
    const { rows, rejected, rejectionMessage } = spec.decodeAndFlatten(body, format);
    const partial = rejected > 0 ? { rejected, message: rejectionMessage } : null;
    if (rows.length > 0) {
      await checkTable(sink, table, spec.kind, config.autoCreate);
      const outcome = await batcher.submit(table, spec.kind, rows, body.length);
      if (outcome.status !== 'success') {
        request.log.warn({ err: outcome.error, table }, 'write failed');
        throw new OtlpDeltaError(
          'UNAVAILABLE',
          `the rows could not be written now (${outcome.error.message}); retry later`,
          config.retryAfterSeconds,
        );
      }
    }
    return sendExportResponse(reply, signal, format, partial);
  }

  return app;
}

/** The format to answer in: the request's own, or JSON when it named none we speak. */
function formatOf(request: FastifyRequest): BodyFormat {
  try {
    return parseContentType(request.headers['content-type']);
  } catch {
    return 'json';
  }
}
