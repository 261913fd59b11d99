/**
 * What the spool remembers about one segment, never its payloads: its size on disk, which of its
 * records are still unacknowledged (one bit each: 8 KiB for 65,536 records), and when they were
 * appended (one sample per second of appending), so that the age of the oldest unacknowledged
 * record is known to the second without keeping a timestamp per record.
 *
 * A bit per record, rather than a bare count, makes `ack` idempotent: an export loop that retries
 * and acknowledges a record twice must not make a segment look empty while it still holds records.
 */
export class SegmentLedger {
  /** Bytes of the segment file. */
  size = 0;
  /** Records not yet acknowledged. */
  live = 0;
  /** The highest seq added. */
  lastSeq: number | undefined;

  /** Bit `seq - id` is set while that record is unacknowledged. */
  private bits = new Uint8Array(16);
  /** One past the highest bit ever set. */
  private end = 0;
  /** Every bit below it is clear: a cursor that only moves forward, so finding the oldest is amortised O(1). */
  private firstLive = 0;
  /** (seq, ms) at the first record and then whenever the append time moved on by a second. */
  private sampleSeqs: number[] = [];
  private sampleMs: number[] = [];

  constructor(
    /** The seq the segment is named after; its records have seqs from there up. */
    readonly id: number,
  ) {}

  add(seq: number, appendedAtMs: number): void {
    if (seq < this.id || (this.lastSeq !== undefined && seq <= this.lastSeq)) {
      throw new RangeError(`seq ${seq} out of order in segment ${this.id} (last ${this.lastSeq})`);
    }
    const index = seq - this.id;
    if (index >= this.bits.length * 8) this.grow(index);
    this.bits[index >>> 3]! |= 1 << (index & 7);
    this.end = index + 1;
    this.live++;
    this.lastSeq = seq;
    const lastMs = this.sampleMs[this.sampleMs.length - 1];
    if (lastMs === undefined || appendedAtMs >= lastMs + 1000) {
      this.sampleSeqs.push(seq);
      this.sampleMs.push(appendedAtMs);
    }
  }

  /** Whether `seq` belongs to this segment's range of seqs. */
  holds(seq: number): boolean {
    return seq >= this.id && seq - this.id < this.end;
  }

  /** Clears the record's bit; true if it was unacknowledged until now. */
  ack(seq: number): boolean {
    if (!this.holds(seq)) return false;
    const index = seq - this.id;
    const mask = 1 << (index & 7);
    if ((this.bits[index >>> 3]! & mask) === 0) return false;
    this.bits[index >>> 3]! &= ~mask;
    this.live--;
    return true;
  }

  /** When the oldest unacknowledged record was appended (rounded down to its sample), if there is one. */
  oldestLiveAppendMs(): number | undefined {
    if (this.live === 0) return undefined;
    while (this.firstLive < this.end && (this.bits[this.firstLive >>> 3]! & (1 << (this.firstLive & 7))) === 0) {
      this.firstLive++;
    }
    const seq = this.id + this.firstLive;
    // The last sample at or before `seq`: the first record is always sampled, so there is one.
    let lo = 0;
    let hi = this.sampleSeqs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.sampleSeqs[mid]! <= seq) lo = mid;
      else hi = mid - 1;
    }
    return this.sampleMs[lo];
  }

  private grow(index: number): void {
    let length = this.bits.length;
    while (index >= length * 8) length *= 2;
    const bits = new Uint8Array(length);
    bits.set(this.bits);
    this.bits = bits;
  }
}
