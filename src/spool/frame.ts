import { crc32 } from 'node:zlib';

/**
 * The on-disk frame of one spool record. Pure: no I/O, so it is tested on bytes alone.
 *
 *   offset  size  field
 *        0     3  magic C0 53 50 (0xC0 never occurs in UTF-8 text; then "SP")
 *        3     1  format version, 1
 *        4     4  payload length, u32 LE
 *        8     8  seq, u64 LE (a JS safe integer)
 *       16     8  append time, ms since the epoch, u64 LE
 *       24     4  CRC-32 of the payload
 *       28     4  CRC-32 of bytes 0..27 (the header, the payload CRC included)
 *       32     n  payload
 *
 * Two chained checksums rather than one over header and payload: the header checks itself, so a
 * damaged length field is caught before it is trusted, and a scan that resynchronises after damage
 * rejects a false candidate from 32 bytes instead of reading up to a gigabyte of "payload" for it.
 * The header CRC covers the payload CRC, so together they cover every byte of the frame. CRC-32
 * (zlib's, IEEE) as in gzip; a random corruption passes one with probability 2^-32.
 */

export const HEADER_BYTES = 32;
export const FORMAT_VERSION = 1;

/** The first four bytes of every frame of this version: what a resynchronising scan looks for. */
export const FRAME_START: Buffer = Buffer.from([0xc0, 0x53, 0x50, FORMAT_VERSION]);

/**
 * The largest payload a frame may claim. Well above any request the receiver accepts, and a bound
 * that keeps a header with a damaged length (one that still passed its CRC) from asking for gigabytes.
 */
export const MAX_PAYLOAD_BYTES = 2 ** 30;

const HEADER_CRC_AT = 28;
const TWO_32 = 2 ** 32;
/** Above this a u64's high word no longer fits a JS safe integer (2^53 - 1). */
const MAX_SAFE_HIGH_WORD = 0x1f_ffff;

export interface FrameHeader {
  readonly length: number;
  readonly seq: number;
  readonly appendedAtMs: number;
  readonly payloadCrc: number;
}

export function frameBytes(payloadLength: number): number {
  return HEADER_BYTES + payloadLength;
}

/** The header of a frame; it is written followed by the payload's parts themselves (no copy). */
export function encodeHeader(seq: number, appendedAtMs: number, parts: readonly Uint8Array[]): Buffer {
  let length = 0;
  let crc = 0;
  for (const part of parts) {
    length += part.length;
    // Node's crc32 answers 0 for an empty view of an empty ArrayBuffer, whatever CRC it is given.
    if (part.length > 0) crc = crc32(part, crc);
  }
  if (length > MAX_PAYLOAD_BYTES) {
    throw new RangeError(`a spool record holds at most ${MAX_PAYLOAD_BYTES} bytes, not ${length}`);
  }
  const header = Buffer.allocUnsafe(HEADER_BYTES);
  FRAME_START.copy(header, 0);
  header.writeUInt32LE(length, 4);
  writeU64(header, 8, seq);
  writeU64(header, 16, appendedAtMs);
  header.writeUInt32LE(crc, 24);
  header.writeUInt32LE(crc32(header.subarray(0, HEADER_CRC_AT)), HEADER_CRC_AT);
  return header;
}

/**
 * The header at `offset` if it is one: the magic and version match, its CRC checks, and its fields
 * are in range. `undefined` for anything else (damage, or the middle of some other frame).
 */
export function decodeHeader(buf: Uint8Array, offset = 0): FrameHeader | undefined {
  if (buf.length - offset < HEADER_BYTES) return undefined;
  for (let i = 0; i < FRAME_START.length; i++) {
    if (buf[offset + i] !== FRAME_START[i]) return undefined;
  }
  const view = Buffer.from(buf.buffer, buf.byteOffset + offset, HEADER_BYTES);
  if (crc32(view.subarray(0, HEADER_CRC_AT)) !== view.readUInt32LE(HEADER_CRC_AT)) return undefined;
  const length = view.readUInt32LE(4);
  const seq = readU64(view, 8);
  const appendedAtMs = readU64(view, 16);
  if (length > MAX_PAYLOAD_BYTES || seq === undefined || appendedAtMs === undefined) return undefined;
  return { length, seq, appendedAtMs, payloadCrc: view.readUInt32LE(24) };
}

export function payloadMatches(header: FrameHeader, payload: Uint8Array): boolean {
  return payload.length === header.length && crc32(payload) === header.payloadCrc;
}

function writeU64(buf: Buffer, offset: number, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not a u64 that fits a safe integer: ${value}`);
  buf.writeUInt32LE(value % TWO_32, offset);
  buf.writeUInt32LE(Math.floor(value / TWO_32), offset + 4);
}

function readU64(buf: Buffer, offset: number): number | undefined {
  const high = buf.readUInt32LE(offset + 4);
  if (high > MAX_SAFE_HIGH_WORD) return undefined;
  return high * TWO_32 + buf.readUInt32LE(offset);
}
