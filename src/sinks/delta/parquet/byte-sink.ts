/** A growable byte buffer: the bytes of a page, of a header or of a whole file, appended in order. */
export class ByteSink {
  // A Buffer outside Node's shared pool: `write` encodes UTF-8 in place, and views share nothing else.
  protected bytes: Buffer;
  length = 0;

  constructor(capacity = 256) {
    this.bytes = Buffer.allocUnsafeSlow(Math.max(capacity, 16));
  }

  /** Empties the sink for reuse, keeping its buffer (earlier views see the next bytes written). */
  reset(): void {
    this.length = 0;
  }

  /** The buffer itself, for encoders that write many bytes after one `reserve` and then set `length`. */
  get buffer(): Buffer {
    return this.bytes;
  }

  /** The buffer's size: what a reused sink keeps between uses. */
  get capacity(): number {
    return this.bytes.length;
  }

  reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    let capacity = this.bytes.length * 2;
    while (capacity < this.length + n) capacity *= 2;
    const next = Buffer.allocUnsafeSlow(capacity);
    this.bytes.copy(next, 0, 0, this.length);
    this.bytes = next;
  }

  byte(b: number): void {
    if (this.length === this.bytes.length) this.reserve(1);
    this.bytes[this.length++] = b;
  }

  /** An unsigned LEB128 varint of a non-negative integer up to 2^53. */
  varint(n: number): void {
    this.reserve(10);
    while (n >= 0x80) {
      this.bytes[this.length++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.bytes[this.length++] = n;
  }

  u32le(n: number): void {
    this.reserve(4);
    const b = this.bytes;
    const at = this.length;
    b[at] = n & 0xff;
    b[at + 1] = (n >>> 8) & 0xff;
    b[at + 2] = (n >>> 16) & 0xff;
    b[at + 3] = (n >>> 24) & 0xff;
    this.length += 4;
  }

  /**
   * A BYTE_ARRAY value as PLAIN writes it: a 4-byte little-endian length, then the UTF-8 bytes.
   * Short ASCII strings (ids, enum names, attribute keys: most of what OTLP rows hold) are copied
   * by a plain loop, which beats a native call per string.
   */
  lengthPrefixedUtf8(value: string): void {
    const n = value.length;
    // A UTF-16 code unit never needs more than 3 UTF-8 bytes (a surrogate pair: 4 bytes for 2 units).
    this.reserve(4 + n * 3);
    const bytes = this.bytes;
    const at = this.length;
    let pos = at + 4;
    let i = 0;
    if (n <= 32) {
      for (; i < n; i++) {
        const c = value.charCodeAt(i);
        if (c >= 0x80) break;
        bytes[pos++] = c;
      }
    }
    if (i < n) pos = at + 4 + bytes.write(value, at + 4, 'utf8');
    const size = pos - at - 4;
    bytes[at] = size & 0xff;
    bytes[at + 1] = (size >>> 8) & 0xff;
    bytes[at + 2] = (size >>> 16) & 0xff;
    bytes[at + 3] = (size >>> 24) & 0xff;
    this.length = pos;
  }

  append(data: Uint8Array): void {
    this.reserve(data.length);
    this.bytes.set(data, this.length);
    this.length += data.length;
  }

  /** The bytes written so far (a view, valid until the next write). */
  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}
