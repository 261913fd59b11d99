import type { FastifyReply } from 'fastify';
import { OtlpDeltaError } from '../errors.js';
import { diskFullMessage } from '../fs/durable.js';
import { encodeExportResponse, encodeStatus } from '../otlp/encode-response.js';
import type { Signal } from '../otlp/types.js';
import type { BodyFormat } from '../rows/decode.js';
import { CONTENT_TYPES } from './content.js';

export interface PartialSuccess {
  rejected: number;
  message: string;
}

/** 200 with the signal's Export*ServiceResponse, in the request's format (OTLP/HTTP). */
export function sendExportResponse(
  reply: FastifyReply,
  signal: Signal,
  format: BodyFormat,
  partial: PartialSuccess | null,
): FastifyReply {
  const body = encodeExportResponse(signal, partial, format);
  return reply.code(200).type(CONTENT_TYPES[format]).send(toPayload(body));
}

/** An error answer: the HTTP status of its code and a `google.rpc.Status` a person can act on. */
export function sendError(reply: FastifyReply, format: BodyFormat, error: unknown): FastifyReply {
  const known = asKnownError(error);
  if (known.retryAfterSeconds !== undefined) reply.header('retry-after', String(known.retryAfterSeconds));
  if (!reply.request.raw.complete) drainAfterAnswer(reply);
  const body = encodeStatus(known.grpcCode, known.message, format);
  return reply.code(known.status).type(CONTENT_TYPES[format]).send(toPayload(body));
}

/**
 * How long the rest of a refused body may take to arrive after the answer before the connection is
 * cut. Long enough for an exporter on a slow link to finish sending a body of the size limit.
 */
const UNREAD_BODY_DRAIN_MS = 10_000;

/**
 * The answer went out before the body was read (too large, refused, unauthenticated...): the rest
 * of the body is still on its way. It is read and discarded, so that the connection stays usable
 * for the exporter's next request (OTLP exporters reuse connections; closing instead would reset
 * the client's upload, which some clients report as a failed request rather than the answer) and
 * within a bound: a client still sending after it loses the connection.
 */
function drainAfterAnswer(reply: FastifyReply): void {
  const request = reply.request.raw;
  reply.raw.once('finish', () => {
    if (request.complete) return;
    const timer = setTimeout(() => request.socket.destroy(), UNREAD_BODY_DRAIN_MS).unref();
    request.once('end', () => clearTimeout(timer)).once('close', () => clearTimeout(timer));
    request.resume();
  });
}

/**
 * A full disk (or quota) as the retryable 503 it is: the write may succeed once exports free room.
 * Null for any other error. Wherever the receive path writes (the spool, a table it creates).
 */
export function diskFullError(error: unknown, retryAfterSeconds: number): OtlpDeltaError | null {
  const message = diskFullMessage(error);
  return message === null ? null : new OtlpDeltaError('UNAVAILABLE', message, retryAfterSeconds);
}

function asKnownError(error: unknown): OtlpDeltaError {
  if (error instanceof OtlpDeltaError) return error;
  // fastify's own errors carry a 4xx statusCode (e.g. a malformed request line); keep the status.
  const statusCode = (error as { statusCode?: number }).statusCode;
  if (statusCode === 413) return new OtlpDeltaError('BODY_TOO_LARGE', (error as Error).message);
  if (statusCode !== undefined && statusCode >= 400 && statusCode < 500) {
    const e = new OtlpDeltaError('BAD_REQUEST', (error as Error).message);
    return Object.assign(e, { status: statusCode });
  }
  return new OtlpDeltaError('INTERNAL', `internal error: ${(error as Error)?.message ?? String(error)}`);
}

function toPayload(body: Uint8Array | string): Buffer | string {
  return typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

