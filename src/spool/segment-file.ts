import { open, readdir, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeHeader, frameBytes, HEADER_BYTES, payloadMatches } from './frame.js';
import { fsyncDir } from '../fs/durable.js';
import { SpoolCorruptionError, type RecordRef } from './spool.js';

/**
 * Segment files: `<dir>/<20-digit id>.seg`, where the id is the seq of the first record the segment
 * was created for. Zero-padding makes the names sort in seq order, like Delta's commit files.
 */

const SEGMENT_NAME = /^(\d{20})\.seg$/;

export function segmentFileName(id: number): string {
  if (!Number.isSafeInteger(id) || id < 0) throw new RangeError(`bad segment id ${id}`);
  return `${String(id).padStart(20, '0')}.seg`;
}

export function parseSegmentFileName(name: string): number | undefined {
  const match = SEGMENT_NAME.exec(name);
  if (!match) return undefined;
  const id = Number(match[1]);
  return Number.isSafeInteger(id) ? id : undefined;
}

/** The ids of the segments in `dir`, ascending. */
export async function listSegments(dir: string): Promise<number[]> {
  const ids: number[] = [];
  for (const name of await readdir(dir)) {
    const id = parseSegmentFileName(name);
    if (id !== undefined) ids.push(id);
  }
  return ids.sort((a, b) => a - b);
}

/**
 * The two calls of the write path, replaceable so that tests can inject the disk errors (ENOSPC,
 * EIO, a short write) that a real disk gives only at its worst.
 */
export interface SegmentIo {
  /** Writes all of `buffers` at `position`; resolves to the bytes written. */
  writev(handle: FileHandle, buffers: readonly Buffer[], position: number): Promise<number>;
  datasync(handle: FileHandle): Promise<void>;
}

export const nodeIo: SegmentIo = {
  // libuv writes every buffer (in IOV_MAX slices, retrying short writes) or fails.
  writev: async (handle, buffers, position) => (await handle.writev(buffers as Buffer[], position)).bytesWritten,
  datasync: (handle) => handle.datasync(),
};

export interface WriterOptions {
  sync: boolean;
  io: SegmentIo;
  /** Called after each fdatasync of a segment (the spool counts them). */
  onSync(): void;
}

/**
 * The segment being appended to. One writer at a time (the group-commit loop), positional writes
 * at the end it tracks, and a promise that a failed write leaves no half frame behind it.
 */
export class SegmentWriter {
  /** Bytes of whole, written frames: where the next write goes. */
  size: number;
  /** Set by a failed write: the file is left as it is and the spool moves on to a new segment. */
  broken = false;

  private constructor(
    readonly id: number,
    readonly path: string,
    private readonly handle: FileHandle,
    private readonly options: WriterOptions,
  ) {
    this.size = 0;
  }

  /** Creates `<id>.seg` (never over an existing file) and makes its name durable before anything is written into it. */
  static async create(dir: string, id: number, options: WriterOptions): Promise<SegmentWriter> {
    const path = join(dir, segmentFileName(id));
    const handle = await open(path, 'wx');
    try {
      if (options.sync) await fsyncDir(dir);
    } catch (error) {
      await handle.close().catch(() => {});
      throw error;
    }
    return new SegmentWriter(id, path, handle, options);
  }

  /** Appends to an existing segment that holds no records (the empty newest segment left by the last run). */
  static async reopenEmpty(dir: string, id: number, options: WriterOptions): Promise<SegmentWriter> {
    const path = join(dir, segmentFileName(id));
    const handle = await open(path, 'r+');
    try {
      if ((await handle.stat()).size !== 0) throw new Error(`${path} is not empty`);
    } catch (error) {
      await handle.close().catch(() => {});
      throw error;
    }
    return new SegmentWriter(id, path, handle, options);
  }

  /**
   * Writes the frames in `buffers` (`bytes` in all) with one writev at the end of the file, then one
   * fdatasync. On failure the file is cut back to where the write began, so that no frame of a
   * rejected append (whole or half) is replayed later, and the writer is marked broken: after a
   * failed fsync the state of the page cache is unknown (PostgreSQL's "fsyncgate"), so nothing more
   * is written to this file.
   */
  async write(buffers: readonly Buffer[], bytes: number): Promise<void> {
    if (this.broken) throw new Error(`segment ${this.path} is broken by an earlier write error`);
    const at = this.size;
    try {
      const written = await this.options.io.writev(this.handle, buffers, at);
      if (written !== bytes) throw Object.assign(new Error(`short write to ${this.path}: ${written} of ${bytes} bytes`), { code: 'EIO' });
      if (this.options.sync) {
        await this.options.io.datasync(this.handle);
        this.options.onSync();
      }
      this.size = at + bytes;
    } catch (error) {
      this.broken = true;
      await this.cutBack(at, bytes);
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  private async cutBack(at: number, attempted: number): Promise<void> {
    try {
      await this.handle.truncate(at);
      if (this.options.sync) await this.handle.datasync();
      this.size = at;
    } catch {
      // The cut failed too. Whatever is past `at` is a torn tail (cut at the next replay) or whole
      // frames of rejected appends (replayed: at least once, never lost). Count what may be there.
      this.size = await this.handle.stat().then((s) => s.size, () => at + attempted);
    }
  }
}

/**
 * Reads the records at `refs` from the segment file at `path`, in that order, checking each frame
 * against its ref and its checksums. Records that lie next to each other in the file (a table's
 * batch, mostly) come with one read: one open and one read call for a batch instead of one of each
 * per record. Their payloads are then views of one buffer, never Node's shared pool: the reader's
 * own, which it may move to a worker.
 */
export async function readRecords(path: string, refs: readonly RecordRef[]): Promise<Buffer[]> {
  const payloads: Buffer[] = [];
  const handle = await open(path, 'r');
  try {
    for (let first = 0; first < refs.length; ) {
      const start = refs[first].offset;
      let end = start + frameBytes(refs[first].length);
      let last = first + 1;
      while (last < refs.length && refs[last].offset === end) end += frameBytes(refs[last++].length);
      const run = Buffer.allocUnsafeSlow(end - start);
      for (let filled = 0; filled < run.length; ) {
        const { bytesRead } = await handle.read(run, filled, run.length - filled, start + filled);
        if (bytesRead === 0) throw new SpoolCorruptionError(`record ${refs[first].seq}: ${path} ends inside it (offset ${start + filled})`);
        filled += bytesRead;
      }
      for (let i = first, at = 0; i < last; at += frameBytes(refs[i++].length)) {
        payloads.push(checkedPayload(path, refs[i], run.subarray(at, at + frameBytes(refs[i].length))));
      }
      first = last;
    }
  } finally {
    await handle.close();
  }
  return payloads;
}

function checkedPayload(path: string, ref: RecordRef, frame: Buffer): Buffer {
  const header = decodeHeader(frame);
  const payload = frame.subarray(HEADER_BYTES);
  if (!header || header.seq !== ref.seq || header.length !== ref.length || !payloadMatches(header, payload)) {
    throw new SpoolCorruptionError(`record ${ref.seq} at ${path} offset ${ref.offset} fails its checksum`);
  }
  return payload;
}

/** Cuts a sealed segment back to `length` (a torn tail found by replay) and makes the new size durable. */
export async function truncateSegment(path: string, length: number, sync: boolean): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.truncate(length);
    if (sync) await handle.datasync();
  } finally {
    await handle.close();
  }
}
