/**
 * Trace and span ids: lowercase hex, as OTLP/JSON and the W3C trace context write them.
 *
 * An absent id (zero bytes) and an all-zero id are NULL: the OTLP specification defines the
 * all-zero trace and span ids as invalid, meaning "no id". Any other length is written as it is;
 * checking that a trace id has 16 bytes and a span id 8 is the decoder's job.
 */

const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** The id as lowercase hex, or `null` when it is empty or all zero bytes. */
export function idHex(id: Uint8Array): string | null {
  let text = '';
  let any = 0;
  for (let i = 0; i < id.length; i++) {
    const b = id[i];
    any |= b;
    text += HEX_BYTE[b];
  }
  return any === 0 ? null : text;
}
