/**
 * The one registry of the errors a request can end in: each has a stable code, the HTTP status the
 * OTLP/HTTP specification asks for, the gRPC code that goes into the `google.rpc.Status` body, and
 * whether a client should retry.
 */
export const ERRORS = {
  BAD_REQUEST: { status: 400, grpc: 3 /* INVALID_ARGUMENT */, retryable: false },
  BAD_TABLE_HEADER: { status: 400, grpc: 3, retryable: false },
  WRONG_TABLE_KIND: { status: 400, grpc: 9 /* FAILED_PRECONDITION */, retryable: false },
  UNAUTHENTICATED: { status: 401, grpc: 16, retryable: false },
  PERMISSION_DENIED: { status: 403, grpc: 7, retryable: false },
  TABLE_NOT_FOUND: { status: 404, grpc: 5 /* NOT_FOUND */, retryable: false },
  NOT_FOUND: { status: 404, grpc: 5, retryable: false },
  METHOD_NOT_ALLOWED: { status: 405, grpc: 12 /* UNIMPLEMENTED */, retryable: false },
  BODY_TOO_LARGE: { status: 413, grpc: 8 /* RESOURCE_EXHAUSTED */, retryable: false },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, grpc: 3, retryable: false },
  UNAVAILABLE: { status: 503, grpc: 14 /* UNAVAILABLE */, retryable: true },
  INTERNAL: { status: 500, grpc: 13, retryable: false },
} as const;

export type ErrorCode = keyof typeof ERRORS;

export class OtlpDeltaError extends Error {
  readonly status: number;
  readonly grpcCode: number;
  readonly retryable: boolean;

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Seconds for `Retry-After`, on retryable errors. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'OtlpDeltaError';
    const spec = ERRORS[code];
    this.status = spec.status;
    this.grpcCode = spec.grpc;
    this.retryable = spec.retryable;
  }
}
