/**
 * Lowercase hex of the 8- and 16-byte ids (span and trace ids), as `Buffer#hexSlice` writes it, but
 * built in one `String.fromCharCode` call from two tables: the string is made once, at its final
 * size, without the native call of `hexSlice` (about twice as fast for 8 bytes, measured with
 * node 20; a span id is read per log record and per span).
 */

const DIGITS = '0123456789abcdef';
/** The char codes of the first and second hex digit of each byte. */
const HIGH = Uint8Array.from({ length: 256 }, (_, b) => DIGITS.charCodeAt(b >>> 4));
const LOW = Uint8Array.from({ length: 256 }, (_, b) => DIGITS.charCodeAt(b & 15));

const fromCharCode = String.fromCharCode;

/** The 8 bytes at `at` as 16 hex digits. */
export function hex8(buf: Uint8Array, at: number): string {
  const b0 = buf[at];
  const b1 = buf[at + 1];
  const b2 = buf[at + 2];
  const b3 = buf[at + 3];
  const b4 = buf[at + 4];
  const b5 = buf[at + 5];
  const b6 = buf[at + 6];
  const b7 = buf[at + 7];
  return fromCharCode(
    HIGH[b0], LOW[b0], HIGH[b1], LOW[b1], HIGH[b2], LOW[b2], HIGH[b3], LOW[b3],
    HIGH[b4], LOW[b4], HIGH[b5], LOW[b5], HIGH[b6], LOW[b6], HIGH[b7], LOW[b7],
  );
}

/** The 16 bytes at `at` as 32 hex digits. */
export function hex16(buf: Uint8Array, at: number): string {
  const b0 = buf[at];
  const b1 = buf[at + 1];
  const b2 = buf[at + 2];
  const b3 = buf[at + 3];
  const b4 = buf[at + 4];
  const b5 = buf[at + 5];
  const b6 = buf[at + 6];
  const b7 = buf[at + 7];
  const b8 = buf[at + 8];
  const b9 = buf[at + 9];
  const b10 = buf[at + 10];
  const b11 = buf[at + 11];
  const b12 = buf[at + 12];
  const b13 = buf[at + 13];
  const b14 = buf[at + 14];
  const b15 = buf[at + 15];
  return fromCharCode(
    HIGH[b0], LOW[b0], HIGH[b1], LOW[b1], HIGH[b2], LOW[b2], HIGH[b3], LOW[b3],
    HIGH[b4], LOW[b4], HIGH[b5], LOW[b5], HIGH[b6], LOW[b6], HIGH[b7], LOW[b7],
    HIGH[b8], LOW[b8], HIGH[b9], LOW[b9], HIGH[b10], LOW[b10], HIGH[b11], LOW[b11],
    HIGH[b12], LOW[b12], HIGH[b13], LOW[b13], HIGH[b14], LOW[b14], HIGH[b15], LOW[b15],
  );
}
