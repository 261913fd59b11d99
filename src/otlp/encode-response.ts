import type protobuf from 'protobufjs';
import { bigIntToLong } from './long.js';
import { otlpSchema } from './proto-loader.js';
import type { Signal } from './types.js';

/**
 * The bodies of OTLP/HTTP answers, in the encoding of the request (OTLP specification, "OTLP/HTTP
 * Response"): the signal's Export*ServiceResponse on success, possibly with `partial_success`, and
 * a google.rpc.Status on failure. JSON follows the proto3 JSON mapping: lowerCamelCase names,
 * int64 as a decimal string, fields with their default value left out.
 */

export type ResponseFormat = 'protobuf' | 'json';

/** Records of the request that were not accepted, and why, in words a person can act on. */
export interface PartialSuccess {
  /** How many data points / log records / spans were rejected; 0 with a message is a warning. */
  rejected: bigint | number;
  message: string;
}

/** The name of the `rejected_*` field of each signal's Export*PartialSuccess. */
const REJECTED_FIELD = {
  metrics: 'rejectedDataPoints',
  logs: 'rejectedLogRecords',
  traces: 'rejectedSpans',
} as const satisfies Record<Signal, string>;

const INT64_MAX = 2n ** 63n - 1n;

/**
 * The Export*ServiceResponse for `signal`. `partial === null` gives the empty response that means
 * everything was accepted (zero bytes in protobuf, `{}` in JSON).
 */
export function encodeExportResponse(signal: Signal, partial: PartialSuccess | null, format: 'protobuf'): Uint8Array;
export function encodeExportResponse(signal: Signal, partial: PartialSuccess | null, format: 'json'): string;
export function encodeExportResponse(
  signal: Signal,
  partial: PartialSuccess | null,
  format: ResponseFormat,
): Uint8Array | string;
export function encodeExportResponse(
  signal: Signal,
  partial: PartialSuccess | null,
  format: ResponseFormat,
): Uint8Array | string {
  if (partial === null) return format === 'json' ? '{}' : new Uint8Array(0);
  const rejected = rejectedCount(partial.rejected);
  const rejectedField = REJECTED_FIELD[signal];
  if (format === 'json') {
    const partialSuccess: Record<string, string> = {};
    if (rejected !== 0n) partialSuccess[rejectedField] = rejected.toString();
    if (partial.message !== '') partialSuccess.errorMessage = partial.message;
    return JSON.stringify({ partialSuccess });
  }
  const partialSuccess: Record<string, unknown> = {};
  if (rejected !== 0n) partialSuccess[rejectedField] = bigIntToLong(rejected, false);
  if (partial.message !== '') partialSuccess.errorMessage = partial.message;
  return encode(responseType(signal), { partialSuccess });
}

/**
 * A google.rpc.Status with `code` (a gRPC status code, e.g. 3 INVALID_ARGUMENT, 8
 * RESOURCE_EXHAUSTED, 14 UNAVAILABLE) and `message`, and no details.
 */
export function encodeStatus(code: number, message: string, format: 'protobuf'): Uint8Array;
export function encodeStatus(code: number, message: string, format: 'json'): string;
export function encodeStatus(code: number, message: string, format: ResponseFormat): Uint8Array | string;
export function encodeStatus(code: number, message: string, format: ResponseFormat): Uint8Array | string {
  if (!Number.isInteger(code) || code < 0 || code > 0x7fffffff) {
    throw new RangeError(`encodeStatus: ${code} is not a status code`);
  }
  // Both fields always, even the defaults: a person reading the body should not have to know
  // that a missing code means 0.
  if (format === 'json') return JSON.stringify({ code, message });
  return encode(otlpSchema().status, { code, message });
}

function responseType(signal: Signal): protobuf.Type {
  const schema = otlpSchema();
  switch (signal) {
    case 'metrics':
      return schema.metricsResponse;
    case 'logs':
      return schema.logsResponse;
    case 'traces':
      return schema.traceResponse;
  }
}

function encode(type: protobuf.Type, message: Record<string, unknown>): Uint8Array {
  return type.encode(message).finish();
}

function rejectedCount(value: bigint | number): bigint {
  const count = typeof value === 'bigint' ? value : Number.isSafeInteger(value) ? BigInt(value) : -1n;
  if (count < 0n || count > INT64_MAX) {
    throw new RangeError(`encodeExportResponse: ${value} is not a count of rejected records`);
  }
  return count;
}
