import { open } from 'node:fs/promises';
import { FileWindow } from './file-window.js';
import { decodeHeader, FRAME_START, HEADER_BYTES, payloadMatches } from './frame.js';

/** A valid frame found by the scan. `payload` is a view into the scan's window: copy it to keep it. */
export interface ScannedFrame {
  readonly seq: number;
  readonly appendedAtMs: number;
  readonly offset: number;
  readonly payload: Buffer;
}

export interface SegmentScan {
  /** The file's size when scanned. */
  size: number;
  /** Offset just past the last valid frame: where a torn tail is cut. */
  validEnd: number;
  records: number;
  payloadBytes: number;
  lastSeq: number | undefined;
  /** Records lost to damaged regions followed by a valid frame (from the seq gap; at least one a region). */
  corruptRecords: number;
  skippedBytes: number;
  /** Bytes after `validEnd` holding no valid frame: a torn tail (0 when the segment ends cleanly). */
  tailBytes: number;
}

/**
 * Reads a segment from start to end, calling `onFrame` for each valid frame, and finds its damage.
 *
 * A frame is valid when its header checks (magic, version, CRC, bounds), its payload checks, and its
 * seq is above `afterSeq` and every seq before it. Past a position that holds no valid frame, the
 * scan looks for the next valid one, byte by byte (by the 4-byte frame start, then the checks):
 * found, the region between is skipped damage; not found, it is a torn tail. The scan never writes.
 *
 * A frame found by that search must also have a seq that the damaged region could have preceded:
 * seqs in a segment are consecutive and a frame takes at least HEADER_BYTES, so `d` damaged bytes
 * hid at most `d / HEADER_BYTES` records. This rejects a frame that was never the spool's own, such
 * as one carried inside a record's payload (a client can send any bytes), which would otherwise be
 * replayed and, with its seq, hide every later record.
 */
export async function scanSegment(
  path: string,
  afterSeq: number,
  onFrame: (frame: ScannedFrame) => void | Promise<void>,
): Promise<SegmentScan> {
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    const window = new FileWindow(handle, size);
    const scan: SegmentScan = {
      size,
      validEnd: 0,
      records: 0,
      payloadBytes: 0,
      lastSeq: undefined,
      corruptRecords: 0,
      skippedBytes: 0,
      tailBytes: 0,
    };
    let minSeq = afterSeq;
    let pos = 0;
    while (pos < size) {
      let frame = await frameAt(window, pos, minSeq, Number.MAX_SAFE_INTEGER);
      if (!frame) {
        frame = await nextFrame(window, pos, minSeq);
        if (!frame) {
          scan.tailBytes = size - pos;
          break;
        }
        scan.skippedBytes += frame.offset - pos;
        // Seqs within a segment are consecutive (a failed write moves on to a new segment), so the
        // gap says how many records the damage swallowed.
        scan.corruptRecords += Math.max(1, frame.seq - minSeq - 1);
      }
      await onFrame(frame);
      scan.records++;
      scan.payloadBytes += frame.payload.length;
      scan.lastSeq = minSeq = frame.seq;
      pos = scan.validEnd = frame.offset + HEADER_BYTES + frame.payload.length;
    }
    return scan;
  } finally {
    await handle.close();
  }
}

/** The valid frame at `offset` with a seq in `(minSeq, maxSeq]`, if there is one. */
async function frameAt(window: FileWindow, offset: number, minSeq: number, maxSeq: number): Promise<ScannedFrame | undefined> {
  const headerBytes = await window.bytes(offset, HEADER_BYTES);
  const header = headerBytes && decodeHeader(headerBytes);
  if (!header || header.seq <= minSeq || header.seq > maxSeq) return undefined;
  const payload = await window.bytes(offset + HEADER_BYTES, header.length);
  if (!payload || !payloadMatches(header, payload)) return undefined;
  return { seq: header.seq, appendedAtMs: header.appendedAtMs, offset, payload };
}

/** The first valid frame after the damage that starts at `damageAt`. */
async function nextFrame(window: FileWindow, damageAt: number, minSeq: number): Promise<ScannedFrame | undefined> {
  const chunk = 64 * 1024;
  let pos = damageAt + 1;
  // A candidate needs a whole header, so the search stops HEADER_BYTES before the end.
  while (pos + HEADER_BYTES <= window.size) {
    const length = Math.min(chunk, window.size - pos);
    const bytes = await window.bytes(pos, length);
    const at = bytes!.indexOf(FRAME_START);
    if (at < 0) {
      // Step back by less than the frame start, so that one straddling two chunks is still found.
      pos += length - (FRAME_START.length - 1);
      continue;
    }
    const candidate = pos + at;
    const maxSeq = minSeq + 1 + Math.floor((candidate - damageAt) / HEADER_BYTES);
    const frame = await frameAt(window, candidate, minSeq, maxSeq);
    if (frame) return frame;
    pos += at + 1;
  }
  return undefined;
}
