import { isUtf8 } from 'node:buffer';
import { notUtf8, Reader, wrongIdLength } from '../reader.js';

/**
 * The wire reader of the check-only walk: `../reader.ts` plus what checks a value without making
 * it (the same checks, the same errors): a string's UTF-8 without its text, an id's length without
 * its hex, a LONG's range without its bigint.
 */
export class CheckReader extends Reader {
  /** Whether the bytes `start..end` are all ASCII (4 at a time). */
  ascii(start: number, end: number): boolean {
    const view = this.view;
    let bits = 0;
    let i = start;
    for (; i + 4 <= end; i += 4) bits |= view.getInt32(i, true);
    for (; i < end; i++) bits |= this.buf[i];
    return (bits & 0x80808080) === 0;
  }

  /** A fixed64 LONG value stepped over, with the range check of `fixed64Long()`. */
  skipFixed64Long(): void {
    const p = this.pos;
    if (this.limit - p < 8) throw this.truncated();
    this.pos = p + 8;
    if (this.view.getInt32(p + 4, true) < 0) this.longOverflow = true;
  }

  /**
   * A `string` field checked as `string()` checks it (UTF-8), without making its text. Returns
   * where its bytes start; they end at `pos`.
   */
  skipString(): number {
    const start = this.span();
    const end = this.pos;
    // ASCII (nearly every string) is UTF-8: a short loop, cheaper than a native call on a view.
    if (!(end - start <= 64 && this.ascii(start, end)) && !isUtf8(this.buf.subarray(start, end))) throw notUtf8(start);
    return start;
  }

  /** The text of a string field that `skipString` checked. */
  textAt(start: number, end: number): string {
    return this.utf8(start, end);
  }

  /** The length of an id field (or of any `bytes` field): an id is checked later with `checkIdLength`. */
  idLength(): number {
    const start = this.span();
    return this.pos - start;
  }

  /** `checkId` on the final length of an id field read with `idLength` (0: absent). */
  checkIdLength(length: number, size: number, field: string): void {
    if (length !== 0 && length !== size && this.strictIds) throw wrongIdLength(length, size, field);
  }
}
