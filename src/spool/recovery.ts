import { join } from 'node:path';
import { HEADER_BYTES } from './frame.js';
import { SegmentLedger } from './segment-ledger.js';
import { segmentFileName } from './segment-file.js';
import { scanSegment } from './segment-scan.js';
import type { ReplayedRecord, ReplayReport } from './spool.js';

/** What the segment files held at start, and what must be repaired. The files are not changed here. */
export interface Recovery {
  report: ReplayReport;
  /** Torn tails to cut: the segment, and the length to cut it back to. */
  cuts: { ledger: SegmentLedger; at: number }[];
  /** Above every seq that any segment holds, or may have held before damage took it. */
  nextSeq: number;
}

/**
 * Scans the segments `ids` (ascending) of `dir` in order, delivering each valid record, and builds
 * a ledger per segment. `register` receives each ledger before the segment's records are delivered,
 * so that the consumer may acknowledge them during replay.
 */
export async function recoverSegments(
  dir: string,
  ids: readonly number[],
  onRecord: (record: ReplayedRecord) => void | Promise<void>,
  register: (ledger: SegmentLedger) => void,
): Promise<Recovery> {
  const report: ReplayReport = {
    records: 0,
    bytes: 0,
    segments: ids.length,
    tornTails: 0,
    truncatedBytes: 0,
    corruptRecords: 0,
    skippedBytes: 0,
  };
  const cuts: Recovery['cuts'] = [];
  let lastSeq = 0;
  let nextSeq = 1;
  for (const id of ids) {
    const ledger = new SegmentLedger(id);
    register(ledger);
    // A segment's records have seqs from its id up, above those of every segment before it.
    const scan = await scanSegment(join(dir, segmentFileName(id)), Math.max(lastSeq, id - 1), async (frame) => {
      ledger.add(frame.seq, frame.appendedAtMs);
      const ref = { seq: frame.seq, segment: id, offset: frame.offset, length: frame.payload.length };
      await onRecord({ ref, payload: Buffer.from(frame.payload), appendedAtMs: frame.appendedAtMs });
    });
    ledger.size = scan.size;
    report.records += scan.records;
    report.bytes += scan.payloadBytes;
    report.corruptRecords += scan.corruptRecords;
    report.skippedBytes += scan.skippedBytes;
    if (scan.tailBytes > 0) {
      report.tornTails++;
      report.truncatedBytes += scan.tailBytes;
      cuts.push({ ledger, at: scan.validEnd });
    }
    lastSeq = scan.lastSeq ?? lastSeq;
    // The frames lost in a torn tail had seqs of their own, consecutive after the last valid one,
    // and one of them may have been acknowledged, and used downstream as a Delta txn version,
    // before the damage: a new record must not get it again. A frame takes at least HEADER_BYTES,
    // which bounds how many seqs the tail can have held.
    const lostSeqs = Math.ceil(scan.tailBytes / HEADER_BYTES);
    nextSeq = Math.max(nextSeq, id, (scan.lastSeq ?? id - 1) + 1 + lostSeqs);
  }
  return { report, cuts, nextSeq };
}
