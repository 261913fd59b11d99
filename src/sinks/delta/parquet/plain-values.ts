import { ByteSink } from './byte-sink.js';
import type { LeafData } from './leaf-data.js';

/**
 * The PLAIN encoding of a leaf's non-null values (Encodings.md): little-endian INT32 / INT64 /
 * DOUBLE, BOOLEAN bit-packed LSB first, BYTE_ARRAY as a 4-byte length and the bytes.
 */
export function plainValues(data: LeafData, out: ByteSink): void {
  const n = data.count;
  switch (data.leaf.primitive) {
    case 'string':
      return out.append(data.strings.plainBytes());
    case 'long':
      return appendTyped(out, data.longs, n);
    case 'double':
      return appendTyped(out, data.numbers, n);
    case 'int':
      return appendTyped(out, data.ints, n);
    case 'boolean': {
      const bytes = new Uint8Array((n + 7) >> 3);
      for (let i = 0; i < n; i++) if (data.bools[i]) bytes[i >> 3] |= 1 << (i & 7);
      return out.append(bytes);
    }
  }
}

/** Typed arrays are little-endian on every platform Node runs on that we ship for (x64, arm64). */
function appendTyped(out: ByteSink, values: BigInt64Array | Float64Array | Int32Array, n: number): void {
  out.append(new Uint8Array(values.buffer, values.byteOffset, n * values.BYTES_PER_ELEMENT));
}

/** The PLAIN bytes of strings, for a dictionary page. */
export function plainStrings(strings: readonly string[]): Uint8Array {
  const out = new ByteSink(strings.length * 16);
  for (const s of strings) out.lengthPrefixedUtf8(s);
  return out.view();
}
