import type { FileHandle } from 'node:fs/promises';

/** How much a scan reads at a time. */
export const DEFAULT_CHUNK_BYTES = 1 << 20;

/**
 * A forward-only window over a file: makes a byte range resident by reading in chunks, so that a
 * scan of a 64 MiB segment holds one chunk in memory (or one frame, when a frame is larger), never
 * the whole file.
 */
export class FileWindow {
  private buf: Buffer;
  /** File offset of `buf[0]`. */
  private start = 0;
  /** File offset one past the last resident byte. */
  private end = 0;

  constructor(
    private readonly handle: FileHandle,
    readonly size: number,
    private readonly chunkBytes = DEFAULT_CHUNK_BYTES,
  ) {
    this.buf = Buffer.allocUnsafe(Math.min(chunkBytes, size));
  }

  /**
   * The bytes `[offset, offset + length)`, or undefined when they run past the end of the file. The
   * result is a view into the window, valid until the next call.
   */
  async bytes(offset: number, length: number): Promise<Buffer | undefined> {
    if (offset + length > this.size) return undefined;
    if (offset < this.start) throw new Error(`FileWindow reads forward only (${offset} < ${this.start})`);
    if (offset + length > this.end) await this.fill(offset, length);
    return this.buf.subarray(offset - this.start, offset - this.start + length);
  }

  /** Moves the window to start at `offset`, keeping what is resident past it, and reads until `length` bytes are in. */
  private async fill(offset: number, length: number): Promise<void> {
    const capacity = Math.min(Math.max(length, this.chunkBytes), this.size - offset);
    const target = capacity > this.buf.length ? Buffer.allocUnsafe(capacity) : this.buf;
    let kept = 0;
    if (offset < this.end) {
      kept = this.end - offset;
      // Buffer#copy is a memmove: the regions may overlap when target is buf.
      this.buf.copy(target, 0, offset - this.start, this.end - this.start);
    }
    this.buf = target;
    this.start = offset;
    this.end = offset + kept;
    const limit = offset + Math.min(target.length, this.size - offset);
    while (this.end < offset + length) {
      const { bytesRead } = await this.handle.read(target, this.end - offset, limit - this.end, this.end);
      if (bytesRead === 0) throw new Error(`file shrank while being scanned (expected ${this.size} bytes)`);
      this.end += bytesRead;
    }
  }
}
