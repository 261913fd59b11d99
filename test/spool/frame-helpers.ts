import { encodeHeader } from '../../src/spool/frame.js';

/** A whole frame in one buffer; the spool's write path uses `encodeHeader` and a writev instead. */
export function encodeFrame(seq: number, appendedAtMs: number, payload: Uint8Array): Buffer {
  return Buffer.concat([encodeHeader(seq, appendedAtMs, [payload]), payload]);
}
