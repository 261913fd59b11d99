/**
 * Growable buffers for building Arrow arrays by hand.
 *
 * apache-arrow's generic `Builder`s dispatch through visitors per value and were 8-15× slower on
 * the v1 rows (RESEARCH.md); these append straight into typed arrays that double when full, and
 * hand their filled prefix to `makeData`.
 */

const INITIAL_CAPACITY = 64;

function grownCapacity(current: number, needed: number): number {
  let capacity = Math.max(current, INITIAL_CAPACITY);
  while (capacity < needed) capacity *= 2;
  return capacity;
}

/** Validity (or boolean value) bits, LSB-first as the Arrow format lays them out. */
export class BitBuffer {
  private bytes: Uint8Array;
  length = 0;
  /** Number of unset bits: the null count when used as a validity bitmap. */
  unset = 0;

  constructor(capacity = INITIAL_CAPACITY) {
    this.bytes = new Uint8Array((capacity + 7) >> 3);
  }

  push(bit: boolean): void {
    const i = this.length++;
    if ((i >> 3) >= this.bytes.length) {
      const next = new Uint8Array(grownCapacity(this.bytes.length, (i >> 3) + 1));
      next.set(this.bytes);
      this.bytes = next;
    }
    if (bit) this.bytes[i >> 3] |= 1 << (i & 7);
    else this.unset++;
  }

  /** The bits written so far (a view, not a copy). */
  finish(): Uint8Array {
    return this.bytes.subarray(0, (this.length + 7) >> 3);
  }
}

/** Int32 values, also used for list/map/string offsets. */
export class Int32Buffer {
  private values: Int32Array;
  length = 0;

  constructor(capacity = INITIAL_CAPACITY) {
    this.values = new Int32Array(Math.max(capacity, 1));
  }

  push(value: number): void {
    if (this.length === this.values.length) {
      const next = new Int32Array(grownCapacity(this.values.length, this.length + 1));
      next.set(this.values);
      this.values = next;
    }
    this.values[this.length++] = value;
  }

  finish(): Int32Array {
    return this.values.subarray(0, this.length);
  }
}

export class BigInt64Buffer {
  private values: BigInt64Array;
  length = 0;

  constructor(capacity = INITIAL_CAPACITY) {
    this.values = new BigInt64Array(Math.max(capacity, 1));
  }

  push(value: bigint): void {
    if (this.length === this.values.length) {
      const next = new BigInt64Array(grownCapacity(this.values.length, this.length + 1));
      next.set(this.values);
      this.values = next;
    }
    this.values[this.length++] = value;
  }

  finish(): BigInt64Array {
    return this.values.subarray(0, this.length);
  }
}

export class Float64Buffer {
  private values: Float64Array;
  length = 0;

  constructor(capacity = INITIAL_CAPACITY) {
    this.values = new Float64Array(Math.max(capacity, 1));
  }

  push(value: number): void {
    if (this.length === this.values.length) {
      const next = new Float64Array(grownCapacity(this.values.length, this.length + 1));
      next.set(this.values);
      this.values = next;
    }
    this.values[this.length++] = value;
  }

  finish(): Float64Array {
    return this.values.subarray(0, this.length);
  }
}

/**
 * UTF-8 bytes of a string column. Short ASCII strings (ids, enum names, attribute keys: most of
 * what OTLP rows hold) are copied by a plain loop, which beats a native call per string; anything
 * else goes through `Buffer#write`, which encodes lone surrogates as U+FFFD like `TextEncoder`.
 */
export class Utf8Buffer {
  private bytes: Buffer;
  length = 0;

  constructor(capacity = INITIAL_CAPACITY * 16) {
    // Outside Node's shared pool, so that the view `finish()` returns shares memory with nothing else.
    this.bytes = Buffer.allocUnsafeSlow(capacity);
  }

  /** Appends the UTF-8 encoding of `value`; returns the new byte length. */
  push(value: string): number {
    const n = value.length;
    // A UTF-16 code unit never needs more than 3 UTF-8 bytes (a surrogate pair: 4 bytes for 2 units).
    if (this.length + n * 3 > this.bytes.length) this.grow(this.length + n * 3);
    const bytes = this.bytes;
    let pos = this.length;
    if (n <= 32) {
      let i = 0;
      for (; i < n; i++) {
        const c = value.charCodeAt(i);
        if (c >= 0x80) break;
        bytes[pos++] = c;
      }
      if (i < n) pos = this.length + bytes.write(value, this.length, 'utf8');
    } else {
      pos += bytes.write(value, pos, 'utf8');
    }
    this.length = pos;
    return pos;
  }

  private grow(needed: number): void {
    const next = Buffer.allocUnsafeSlow(grownCapacity(this.bytes.length, needed));
    this.bytes.copy(next, 0, 0, this.length);
    this.bytes = next;
  }

  finish(): Uint8Array {
    return new Uint8Array(this.bytes.buffer, this.bytes.byteOffset, this.length);
  }
}
