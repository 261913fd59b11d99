import type { FastifyRequest } from 'fastify';
import type { Config } from '../config/schema.js';
import { OtlpDeltaError } from '../errors.js';
import { SIGNALS, type SignalName } from './signals.js';
import { TABLE_HEADER } from './table-header.js';

/** Longest table text logged: the header is the client's, and may be anything up to the header limit. */
const TABLE_TEXT_MAX = 300;

/**
 * Logs a request that ends in an error answer. A refusal (4xx, or a 503 the client retries) is the
 * client's to act on: logged at `info` with the Status message the client got, the table and the
 * caller, so that an operator can tell a misconfigured exporter from the log, and no more loudly
 * than every request is logged at `info` already. An internal error is the service's: `error`.
 */
export function logRefusal(request: FastifyRequest, config: Config, answered: unknown, original: unknown): void {
  // fastify's own errors (a request it could not route or parse) carry a 4xx statusCode.
  const status = answered instanceof OtlpDeltaError ? answered.status : (answered as { statusCode?: number } | undefined)?.statusCode;
  if (status === undefined || status === 500) {
    request.log.error({ err: original }, 'request failed');
    return;
  }
  request.log.info(
    { status, table: tableOf(request, config), caller: request.caller || 'unauthenticated', problem: (answered as Error).message },
    'request refused',
  );
}

/** The table the request named (its header, else its signal's default), as text; undefined when none. */
function tableOf(request: FastifyRequest, config: Config): string | undefined {
  const header = request.headers[TABLE_HEADER];
  if (header !== undefined) return String(header).slice(0, TABLE_TEXT_MAX);
  const signal = request.routeOptions.url?.split('/').pop() as SignalName | undefined;
  return signal !== undefined && signal in SIGNALS ? SIGNALS[signal].defaultTable(config) : undefined;
}
