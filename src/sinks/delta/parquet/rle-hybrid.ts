import type { ByteSink } from './byte-sink.js';

/**
 * The RLE / bit-packing hybrid encoding of Parquet (Encodings.md, "Run Length Encoding /
 * Bit-Packing Hybrid"), for definition and repetition levels and for dictionary indices.
 *
 * A stretch of 8 or more equal values becomes one RLE run (a varint header and the value);
 * anything else is bit-packed 8 values at a time, LSB first. A bit-packed stretch can only end on
 * a multiple of 8, so it borrows the first values of the run that follows it; the last group is
 * padded with zeros, which readers ignore since they know how many values the page holds.
 */
export function encodeHybrid(out: ByteSink, values: Uint8Array | Uint32Array, count: number, bitWidth: number): void {
  let packedStart = 0;
  let packedCount = 0;
  let i = 0;
  while (i < count) {
    const v = values[i];
    let j = i + 1;
    while (j < count && values[j] === v) j++;
    let run = j - i;
    if (packedCount > 0) {
      const borrow = Math.min((8 - (packedCount & 7)) & 7, run);
      packedCount += borrow;
      run -= borrow;
      if (run >= 8) {
        bitPack(out, values, packedStart, packedCount, bitWidth);
        packedCount = 0;
        rleRun(out, v, run, bitWidth);
      } else {
        packedCount += run;
      }
    } else if (run >= 8) {
      rleRun(out, v, run, bitWidth);
    } else {
      packedStart = i;
      packedCount = run;
    }
    i = j;
  }
  if (packedCount > 0) bitPack(out, values, packedStart, packedCount, bitWidth);
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
  for (let i = start; i < end; i++) {
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
