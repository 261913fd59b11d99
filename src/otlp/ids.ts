import { OtlpDecodeError } from './decode-error.js';

/**
 * Trace and span ids (spans, links, log records, exemplars). OTLP fixes their sizes (a trace id is
 * 16 bytes, a span id 8) and lets them be empty when there is none; anything else is an error.
 * The bytes are kept as sent: an all-zero id is invalid by the W3C rules but it is still what the
 * client sent, and the flatteners decide what it becomes.
 */

export const TRACE_ID_BYTES = 16;
export const SPAN_ID_BYTES = 8;

/** The value of an absent id or bytes field. Shared: a zero-length array cannot be altered. */
export const NO_BYTES: Uint8Array = new Uint8Array(0);

/**
 * An id from the protobuf `bytes` field `field`. The result is a copy, so it does not keep the
 * request body alive.
 */
export function idFromBytes(bytes: Uint8Array, field: string, size: number): Uint8Array {
  if (bytes.length === 0) return NO_BYTES;
  if (bytes.length !== size) {
    throw new OtlpDecodeError(`expected an id of ${size} bytes (or none), got ${bytes.length} bytes`, { path: field });
  }
  return new Uint8Array(bytes);
}

/**
 * An id from OTLP/JSON, where ids are hex strings rather than the base64 of the protobuf JSON
 * mapping (OTLP specification, "JSON Protobuf Encoding"). Either case of hex digit is accepted;
 * the empty string means no id.
 */
export function idFromHex(text: string, field: string, size: number): Uint8Array {
  if (text.length === 0) return NO_BYTES;
  if (text.length !== size * 2) {
    // A generic proto3 JSON encoder writes bytes fields, ids included, in base64: say what is wrong.
    const hint = text.length === Math.ceil(size / 3) * 4 ? ' (OTLP/JSON ids are hex, not base64)' : '';
    throw new OtlpDecodeError(
      `expected ${size * 2} hex digits (an id of ${size} bytes) or "", got ${text.length} characters${hint}`,
      { path: field },
    );
  }
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    const high = hexDigit(text.charCodeAt(2 * i));
    const low = hexDigit(text.charCodeAt(2 * i + 1));
    if (high < 0 || low < 0) {
      throw new OtlpDecodeError(`expected hex digits, got ${JSON.stringify(text)}`, { path: field });
    }
    bytes[i] = (high << 4) | low;
  }
  return bytes;
}

/** The value of one hex digit, -1 for any other character. */
function hexDigit(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30; // 0-9
  const lower = code | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10; // a-f, A-F
  return -1;
}
