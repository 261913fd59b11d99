/**
 * The one error the OTLP decoders throw for a body they cannot accept: truncated or garbled
 * protobuf, malformed JSON, a value of the wrong type, an id of the wrong length. The HTTP layer
 * answers it with 400 and a google.rpc.Status carrying `message`, so the message names the place in
 * the request (as a JSON path in lowerCamelCase field names, whichever encoding was sent) and what
 * was expected there, e.g.
 * `resourceLogs[0].scopeLogs[0].logRecords[3].timeUnixNano: expected an integer, got true`.
 */
export class OtlpDecodeError extends Error {
  override readonly name = 'OtlpDecodeError';
  /** Where in the request the problem is; `''` when it concerns the body as a whole. */
  readonly path: string;
  /** What is wrong there, without the path. */
  readonly problem: string;

  constructor(problem: string, options: { path?: string; cause?: unknown } = {}) {
    const path = options.path ?? '';
    super(
      path === '' ? problem : `${path}: ${problem}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.path = path;
    this.problem = problem;
  }

  /** The same error seen from the enclosing message: `segment` is prepended to the path. */
  under(segment: string): OtlpDecodeError {
    const path = this.path === '' ? segment : `${segment}.${this.path}`;
    return new OtlpDecodeError(this.problem, { path, cause: this.cause });
  }
}

/**
 * Rethrows `error` with `segment` prepended to its path when it is an OtlpDecodeError, unchanged
 * otherwise. Decoders build error paths this way, from the inside out, so that the path costs
 * nothing unless something is wrong.
 */
export function rethrowUnder(error: unknown, segment: string): never {
  throw error instanceof OtlpDecodeError ? error.under(segment) : error;
}

/**
 * Converts every element of a repeated field, naming the element (`field[i]`) in any error.
 * Always returns a new array, so callers never receive an array they share with the input.
 */
export function mapRepeated<S, T>(items: readonly S[], field: string, convert: (item: S) => T): T[] {
  const out: T[] = new Array<T>(items.length);
  for (let i = 0; i < items.length; i++) {
    try {
      out[i] = convert(items[i]);
    } catch (error) {
      rethrowUnder(error, `${field}[${i}]`);
    }
  }
  return out;
}
