import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { bearerToken, type Caller, type Tokens } from '../auth/tokens.js';
import type { Config } from '../config/schema.js';
import { OtlpDeltaError } from '../errors.js';
import type { ServiceMetrics } from '../observability/metrics.js';
import { formatTableName } from '../route/table-name.js';
import type { Sink } from '../sinks/sink.js';
import type { Admission } from './admission.js';
import { readBody } from './body.js';
import type { Intake } from './intake.js';
import { freeSpaceProblems, type WriteHealth } from './readiness.js';
import { refuseDuringShutdown } from './stop.js';
import { answerClientError } from './client-error.js';
import type { BodyFormat } from '../rows/decode.js';
import { parseContentEncoding, parseContentType } from './content.js';
import { logRefusal } from './refusal-log.js';
import { diskFullError, sendError, sendExportResponse } from './reply.js';
import { SIGNALS, type SignalName } from './signals.js';
import { checkTable } from './table-check.js';
import { resolveTable, TABLE_HEADER } from './table-header.js';

export interface AppDeps {
  config: Config;
  sink: Sink;
  /** Where validated requests go (the export loop, through its spool). */
  intake: Intake;
  admission: Admission;
  metrics: ServiceMetrics;
  /** Whether the spool can take another request (for `/readyz`). */
  spoolHasRoom: () => boolean;
  /** The last writes' outcomes, kept by the app and the service (for `/readyz`). */
  writeHealth: WriteHealth;
  /** Directories whose disk must have room for a request (for `/readyz`). */
  diskDirs: readonly string[];
  /** The tokens in force (read at each request, so that a reload takes effect at once); null: no auth. */
  tokens?: () => Tokens | null;
}

/** The `caller` of requests when no tokens file is set. */
export const ANONYMOUS = 'anonymous';

declare module 'fastify' {
  interface FastifyRequest {
    /** The tokens file name of the request's caller; `anonymous` without tokens, `''` before (or without) authentication. */
    caller: string;
  }
}

/**
 * The HTTP face of the service: the OTLP/HTTP routes under both the Databricks path and the
 * OTLP default path, health checks and metrics. Bodies are read by the route itself (not by
 * fastify's parsers) so that the size limit also bounds decompression.
 */
export function buildApp({ config, sink, intake, admission, metrics, spoolHasRoom, writeHealth, diskDirs, tokens = () => null }: AppDeps): FastifyInstance {
  const app = Fastify({
    // The default request serializer logs method, url, host and peer only: never headers, so never
    // the Authorization header.
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    // The route enforces the limit itself, after decompression.
    bodyLimit: Number.MAX_SAFE_INTEGER,
    // A request that arrives during the shutdown is answered by refuseDuringShutdown, with a
    // Status rather than fastify's own JSON.
    return503OnClosing: false,
    // Requests the HTTP parser refuses get a google.rpc.Status too, not fastify's own JSON.
    clientErrorHandler: answerClientError,
    // Slow clients cannot hold connections: the whole request within requestTimeoutMs (and no
    // socket idle that long mid-request), idle keep-alive connections closed after keepAliveTimeoutMs.
    connectionTimeout: config.requestTimeoutMs,
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    http: {
      headersTimeout: config.headersTimeoutMs,
      requestTimeout: config.requestTimeoutMs,
      // How often Node checks the header and request timeouts (its default, 30 s, would let a
      // slow client hold a connection up to that much past them).
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(config.headersTimeoutMs / 4))),
    },
  });
  app.decorateRequest('caller', '');

  refuseDuringShutdown(app, (request, reply) =>
    sendError(reply, formatOf(request), new OtlpDeltaError('UNAVAILABLE', 'the service is shutting down; retry later', config.retryAfterSeconds)),
  );

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  for (const signal of Object.keys(SIGNALS) as SignalName[]) {
    const handler = (request: FastifyRequest, reply: FastifyReply) => receive(signal, request, reply);
    app.post(`/api/2.0/otel/v1/${signal}`, handler);
    app.post(`/v1/${signal}`, handler);
  }

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const problems = [
      ...(spoolHasRoom() ? [] : ['the spool is full']),
      ...(admission.overMemory() ? ['over the memory limit'] : []),
      ...[admission.lagProblem()].filter((problem) => problem !== null),
      ...((await sink.ready()) ? [] : ['the sink is not reachable']),
      ...writeHealth.problems(),
      ...(await freeSpaceProblems(diskDirs, config.maxBodyBytes)),
    ];
    return reply.code(problems.length === 0 ? 200 : 503).send({ status: problems.length === 0 ? 'ready' : 'unavailable', problems });
  });
  app.get('/metrics', async (_request, reply) =>
    reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url;
    if (route?.includes('/v1/')) metrics.requests.inc({ route, status: String(reply.statusCode), caller: request.caller });
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 'json', new OtlpDeltaError('NOT_FOUND', `no route ${request.method} ${request.url}`)),
  );
  app.setErrorHandler((error, request, reply) => {
    // A full disk, wherever the request was being written (the spool, a table it creates), is a 503.
    const diskFull = diskFullError(error, config.retryAfterSeconds);
    // The spool's failures are recorded (and answered) at the append; a full disk met here is a
    // table's (creating one); the next commit that succeeds clears it.
    if (diskFull !== null) writeHealth.failed('table', error as Error);
    const answered = diskFull ?? error;
    logRefusal(request, config, answered, error);
    return sendError(reply, formatOf(request), answered);
  });

  /**
   * Who sends the request, before anything else of it is looked at (its body is not read): the
   * caller of its bearer token, `anonymous` without a tokens file. Errors never quote the token.
   */
  function authenticate(request: FastifyRequest, reply: FastifyReply): Caller | null {
    const current = tokens();
    if (current === null) {
      request.caller = ANONYMOUS;
      return null;
    }
    const token = bearerToken(request.headers.authorization);
    const caller = token === null ? null : current.find(token);
    if (caller === null) {
      reply.header('www-authenticate', 'Bearer'); // RFC 6750: a 401 names the scheme it wants
      throw new OtlpDeltaError(
        'UNAUTHENTICATED',
        token === null ? 'missing bearer token: send Authorization: Bearer <token> (a token of the tokens file)' : 'unknown bearer token',
      );
    }
    request.caller = caller.name;
    request.log = reply.log = request.log.child({ caller: caller.name });
    return caller;
  }

  async function receive(signal: SignalName, request: FastifyRequest, reply: FastifyReply) {
    const who = authenticate(request, reply);
    const format = parseContentType(request.headers['content-type']);
    const encoding = parseContentEncoding(request.headers['content-encoding']);
    const spec = SIGNALS[signal];
    const table = resolveTable(request.headers[TABLE_HEADER], spec.defaultTable(config));
    const caller = request.caller;
    if (who !== null && !who.mayWrite(formatTableName(table))) {
      throw new OtlpDeltaError('PERMISSION_DENIED', `caller ${caller} may not write table ${formatTableName(table)} (see its patterns in the tokens file)`);
    }
    const ticket = admission.admit();
    try {
      const body = await readBody(request.raw, encoding, config.maxBodyBytes, (bytes) => ticket.add(bytes));
      // Decoded, the body replaces what was read (a decompressed body is bigger, and held as long).
      ticket.resize(body.length);
      // Validated and counted only: the rows are made from the spooled body by the encode workers.
      const { rowCount, rejected, rejectionMessage } = spec.check(body, format);
      const name = formatTableName(table);
      if (rowCount > 0) {
        await checkTable(sink, table, spec.kind, config.autoCreate, config.retryAfterSeconds);
        const outcome = await intake
          .accept({ table, kind: spec.kind, format, rowCount, body })
          .catch((error: Error) => {
            request.log.error({ err: error }, 'spool append failed');
            writeHealth.failed('spool', error);
            throw unavailable(`the request could not be stored (${error.message})`);
          });
        writeHealth.succeeded('spool');
        if (outcome.status === 'full') throw unavailable('the spool is full while the sink catches up');
        metrics.rowsAccepted.inc({ table: name, caller }, rowCount);
      }
      if (rejected > 0) metrics.rowsRejected.inc({ table: name, caller }, rejected);
      const partial = rejected > 0 || rejectionMessage ? { rejected, message: rejectionMessage } : null;
      return sendExportResponse(reply, signal, format, partial);
    } finally {
      ticket.release();
    }
  }

  function unavailable(why: string): OtlpDeltaError {
    return new OtlpDeltaError('UNAVAILABLE', `${why}; retry later`, config.retryAfterSeconds);
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
