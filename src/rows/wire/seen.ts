import type { Reader } from './reader.js';

/**
 * Messages met earlier in the body being read, by their bytes: a data point's attributes repeat
 * those of the points before it, and the same bytes at the same depth read the same (and were
 * checked when first read), so a message found here is stepped over. Slots point into the body,
 * so they are valid only for the `Reader.generation` that filled them. Direct-mapped and fixed
 * in size: a miss replaces the slot.
 */
export class SeenSpans {
  readonly size: number;
  private readonly bits: number;
  private readonly generation: Int32Array;
  private readonly start: Int32Array;
  private readonly length: Int32Array;
  private readonly depth: Int32Array;

  constructor(bits: number) {
    this.bits = bits;
    this.size = 1 << bits;
    this.generation = new Int32Array(this.size);
    this.start = new Int32Array(this.size);
    this.length = new Int32Array(this.size);
    this.depth = new Int32Array(this.size);
  }

  /** The slot of the bytes `start..end` of `r`'s body. */
  slotOf(r: Reader, start: number, end: number): number {
    return r.hashBytes(start, end) >>> (32 - this.bits);
  }

  /** Whether `slot` holds the bytes `start..end` of this body, read at `depth`. */
  holds(r: Reader, slot: number, start: number, end: number, depth: number): boolean {
    const length = end - start;
    return (
      this.generation[slot] === r.generation &&
      this.length[slot] === length &&
      this.depth[slot] === depth &&
      r.sameBytes(this.start[slot], start, length)
    );
  }

  /** Remembers in `slot` the bytes `start..end` of this body, read at `depth`. */
  remember(r: Reader, slot: number, start: number, end: number, depth: number): void {
    this.generation[slot] = r.generation;
    this.start[slot] = start;
    this.length[slot] = end - start;
    this.depth[slot] = depth;
  }
}
