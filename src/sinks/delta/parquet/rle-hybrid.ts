import type { ByteSink } from './byte-sink.js';

/**
 * The RLE / bit-packing hybrid encoding of Parquet (Encodings.md, "Run Length Encoding /
 * Bit-Packing Hybrid"), for definition and repetition levels and for dictionary indices.
 *
 * A stretch of 8 or more equal values becomes one RLE run (a varint header and the value);
 * anything else is bit-packed 8 values at a time, LSB first. A bit-packed stretch can only end on
 * a multiple of 8, so runs are looked for at the start of each group of 8: a run that begins inside
 * a group fills that group, and the rest of it, if still 8 or more, becomes the RLE run. Between
 * group starts the values are not compared at all, which keeps mixed levels and dictionary
 * indices to about one comparison per group. The last group is padded with zeros, which readers
 * ignore since they know how many values the page holds.
 */
export function encodeHybrid(out: ByteSink, values: Uint8Array | Uint32Array, count: number, bitWidth: number): void {
  let packedStart = -1;
  let i = 0;
  while (i < count) {
    const v = values[i];
    let j = i + 1;
    while (j < count && values[j] === v) j++;
    if (j - i >= 8) {
      if (packedStart >= 0) bitPack(out, values, packedStart, i - packedStart, bitWidth);
      packedStart = -1;
      rleRun(out, v, j - i, bitWidth);
      i = j;
    } else {
      if (packedStart < 0) packedStart = i;
      i = Math.min(i + 8, count);
    }
  }
  if (packedStart >= 0) bitPack(out, values, packedStart, count - packedStart, bitWidth);
}

/** The bits needed for values up to `max` (0 for 0). */
export function bitWidthOf(max: number): number {
  return max === 0 ? 0 : 32 - Math.clz32(max);
}

function rleRun(out: ByteSink, value: number, run: number, bitWidth: number): void {
  out.varint(run * 2);
  for (let b = 0; b < bitWidth; b += 8) out.byte((value >>> b) & 0xff);
}

/**
 * `count` values from `start`, padded with zeros to groups of 8; bit widths up to 24. Written into
 * the sink's buffer directly: this runs once per level and dictionary index of every column.
 */
function bitPack(out: ByteSink, values: Uint8Array | Uint32Array, start: number, count: number, bitWidth: number): void {
  const groups = (count + 7) >> 3;
  out.varint(groups * 2 + 1);
  const size = groups * bitWidth;
  out.reserve(size);
  const bytes = out.buffer;
  const stop = out.length + size;
  let at = out.length;
  let acc = 0;
  let bits = 0;
  const end = start + count;
  let i = start;
  if (bitWidth <= 4) {
    // Levels and small dictionaries: a whole group fits one 32-bit word, written in `bitWidth` bytes.
    const b = bitWidth;
    for (const whole = start + (count & ~7); i < whole; i += 8) {
      let w = values[i] | (values[i + 1] << b) | (values[i + 2] << (2 * b)) | (values[i + 3] << (3 * b));
      w |= (values[i + 4] << (4 * b)) | (values[i + 5] << (5 * b)) | (values[i + 6] << (6 * b)) | (values[i + 7] << (7 * b));
      for (let k = 0; k < b; k++, w >>>= 8) bytes[at++] = w & 0xff;
    }
  }
  for (; i < end; i++) {
    acc |= values[i] << bits;
    bits += bitWidth;
    while (bits >= 8) {
      bytes[at++] = acc & 0xff;
      acc >>>= 8;
      bits -= 8;
    }
  }
  if (bits > 0) bytes[at++] = acc;
  while (at < stop) bytes[at++] = 0;
  out.length = stop;
}
