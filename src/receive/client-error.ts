import type { Socket } from 'node:net';
import { ERRORS, type ErrorCode } from '../errors.js';
import { encodeStatus } from '../otlp/encode-response.js';

interface ParserProblem {
  status: number;
  reason: string;
  grpcCode: number;
  message: string;
}

const problem = (code: ErrorCode, status: number, reason: string, message: string): ParserProblem => ({
  status,
  reason,
  grpcCode: ERRORS[code].grpc,
  message,
});

/**
 * What a person should know of a request Node's HTTP parser refused before any route saw it. The
 * codes are llhttp's (`HPE_*`) and Node's; anything else is named by its code.
 */
export function describeParserError(error: NodeJS.ErrnoException & { reason?: string }): ParserProblem {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return problem('BAD_REQUEST', 431, 'Request Header Fields Too Large', 'the request line and headers are larger than the server accepts (Node\'s --max-http-header-size, 16 KiB by default): send fewer or shorter headers');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return problem('UNAVAILABLE', 408, 'Request Timeout', 'the request did not arrive in time (OTLP_DELTA_HEADERS_TIMEOUT_MS for the headers, OTLP_DELTA_REQUEST_TIMEOUT_MS for the whole request); send it again');
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
    case 'HPE_INVALID_TRANSFER_ENCODING':
      return problem('BAD_REQUEST', 400, 'Bad Request', 'the request has both Transfer-Encoding and Content-Length: send one of them (RFC 9112 §6.3)');
    case 'HPE_INVALID_CHUNK_SIZE':
      return problem('BAD_REQUEST', 400, 'Bad Request', 'the chunked body has an invalid chunk size line (RFC 9112 §7.1: hex digits, then CRLF)');
    case 'HPE_INVALID_METHOD':
    case 'HPE_INVALID_CONSTANT':
    case 'HPE_INVALID_URL':
    case 'HPE_INVALID_VERSION':
      return problem('BAD_REQUEST', 400, 'Bad Request', `the request line is not HTTP/1.1 ("METHOD /path HTTP/1.1"); is the client speaking HTTP to this port? (${error.reason ?? error.code})`);
    default:
      return problem('BAD_REQUEST', 400, 'Bad Request', `the request is not valid HTTP/1.1: ${error.reason ?? error.message} (${error.code ?? 'parse error'})`);
  }
}

/**
 * Answers a request that Node's HTTP parser refused (fastify's `clientErrorHandler`) with a
 * `google.rpc.Status`, as every other error answer. The request's content type is unknown at this
 * point, so the Status is JSON. The connection is closed: the parser cannot find the next request.
 */
export function answerClientError(error: NodeJS.ErrnoException & { reason?: string }, socket: Socket): void {
  // A connection the client reset, or one already answered, has no one left to read an answer.
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const { status, reason, grpcCode, message } = describeParserError(error);
  const body = encodeStatus(grpcCode, message, 'json');
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
