import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { errorCode, fsyncDir, makeDirsDurable } from '../fs/durable.js';
import { encodeHeader, frameBytes, HEADER_BYTES, MAX_PAYLOAD_BYTES } from './frame.js';
import { GroupCommit, type Pending } from './group-commit.js';
import { SegmentLedger } from './segment-ledger.js';
import {
  listSegments,
  nodeIo,
  readRecords,
  segmentFileName,
  SegmentWriter,
  truncateSegment,
  type SegmentIo,
  type WriterOptions,
} from './segment-file.js';
import { recoverSegments } from './recovery.js';
import { loadSpoolId } from './spool-id.js';
import type {
  AppendOutcome,
  RecordRef,
  ReplayedRecord,
  ReplayReport,
  Spool,
  SpoolOptions,
  SpoolStats,
} from './spool.js';

export const DEFAULT_SEGMENT_BYTES = 64 * 1024 * 1024;

export interface DiskSpoolOptions extends SpoolOptions {
  /** The write path's file calls. Only tests set it, to inject disk errors. */
  io?: SegmentIo;
}

/** An append waiting for the group-commit loop: its frame is encoded, its seq given, its bytes reserved. */
interface QueuedFrame {
  readonly seq: number;
  readonly appendedAtMs: number;
  readonly header: Buffer;
  readonly parts: Buffer[];
  readonly length: number;
  readonly bytes: number;
}

type Phase = 'opened' | 'replaying' | 'ready' | 'failed' | 'closed';

/**
 * The spool as segment files in one directory (see `spool.ts` for the contract).
 *
 * Invariants that the crash safety rests on:
 * - Seqs are given in append order, and a segment holds consecutive seqs from its id on: after a
 *   failed write the spool moves on to a new segment rather than leave a gap (or a half frame)
 *   followed by more records.
 * - The newest segment file is never deleted, and the next one is created (and its name made
 *   durable) before any older one is unlinked. Its name is then a floor for the next seq that
 *   survives any crash, even when every record was acknowledged and every other segment deleted;
 *   no separate "seq floor" file is needed.
 * - An append resolves only after its frame is written and fdatasync'd, and a new segment's
 *   directory entry fsync'd.
 */
export class DiskSpool implements Spool {
  /** One per segment file, in ascending id order (ids only grow, and a Map keeps insertion order). */
  private readonly ledgers = new Map<number, SegmentLedger>();
  private active: SegmentWriter | undefined;
  private phase: Phase = 'opened';
  private nextSeq = 1;
  /** Bytes of the segment files held. */
  private bytes = 0;
  /** Bytes of frames queued for the next group write: counted against the cap before they land. */
  private reserved = 0;
  private readonly counters = { syncs: 0, groupCommits: 0, reclaimErrors: 0 };
  /** The replay, once started: `close` waits for it. */
  private recovery: Promise<ReplayReport> | undefined;
  /** Segment deletions, one at a time. */
  private reclaiming: Promise<void> = Promise.resolve();
  private readonly commits = new GroupCommit<QueuedFrame, AppendOutcome>((batch) => this.flush(batch));
  private readonly writerOptions: WriterOptions;

  private constructor(
    readonly dir: string,
    readonly id: string,
    /** The segment ids found at open, for replay. */
    private readonly found: readonly number[],
    private readonly maxBytes: number,
    private readonly segmentBytes: number,
    private readonly sync: boolean,
    io: SegmentIo,
  ) {
    this.writerOptions = { sync, io, onSync: () => this.counters.syncs++ };
  }

  static async open(dir: string, options: DiskSpoolOptions): Promise<DiskSpool> {
    const { maxBytes, segmentBytes = DEFAULT_SEGMENT_BYTES, sync = true, io = nodeIo } = options;
    if (!Number.isSafeInteger(maxBytes) || maxBytes <= HEADER_BYTES) {
      throw new RangeError(`spool maxBytes must be an integer above ${HEADER_BYTES}, not ${maxBytes}`);
    }
    if (!Number.isSafeInteger(segmentBytes) || segmentBytes <= HEADER_BYTES) {
      throw new RangeError(`spool segmentBytes must be an integer above ${HEADER_BYTES}, not ${segmentBytes}`);
    }
    await makeDirsDurable(dir, sync);
    const found = await listSegments(dir);
    const id = await loadSpoolId(dir, found.length > 0, sync);
    return new DiskSpool(dir, id, found, maxBytes, segmentBytes, sync, io);
  }

  replay(onRecord: (record: ReplayedRecord) => void | Promise<void>): Promise<ReplayReport> {
    if (this.phase !== 'opened') {
      return Promise.reject(new Error(`replay() runs once, right after open; the spool is ${this.phase}`));
    }
    this.phase = 'replaying';
    this.recovery = this.recover(onRecord).then(
      (report) => {
        if (this.phase !== 'replaying') throw new Error('the spool was closed during replay');
        this.phase = 'ready';
        this.scheduleReclaim();
        return report;
      },
      (error: unknown) => {
        if (this.phase === 'replaying') this.phase = 'failed';
        throw error;
      },
    );
    return this.recovery;
  }

  append(payload: Uint8Array | readonly Uint8Array[]): Promise<AppendOutcome> {
    if (this.phase !== 'ready') {
      return Promise.reject(new Error(`cannot append: the spool is ${this.phase}${this.phase === 'opened' ? ' (call replay() first)' : ''}`));
    }
    const parts = (payload instanceof Uint8Array ? [payload] : payload).map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength));
    const length = parts.reduce((n, p) => n + p.length, 0);
    const bytes = frameBytes(length);
    if (length > MAX_PAYLOAD_BYTES || bytes > this.maxBytes) {
      return Promise.reject(new RangeError(`a record of ${length} bytes can never fit a spool capped at ${this.maxBytes} bytes`));
    }
    if (this.bytes + this.reserved + bytes > this.maxBytes) return Promise.resolve({ full: true });
    // Everything up to the submit is synchronous, so seqs are given in queue order, which is file order.
    const seq = this.nextSeq++;
    const appendedAtMs = Date.now();
    this.reserved += bytes;
    return this.commits.submit({ seq, appendedAtMs, header: encodeHeader(seq, appendedAtMs, parts), parts, length, bytes });
  }

  async readAll(refs: readonly RecordRef[]): Promise<Buffer[]> {
    // One readRecords per run of refs in the same segment (a batch's records mostly are).
    const runs: RecordRef[][] = [];
    for (const ref of refs) {
      const run = runs.at(-1);
      if (run && run[0].segment === ref.segment) run.push(ref);
      else runs.push([ref]);
    }
    const read = await Promise.all(runs.map((run) => readRecords(join(this.dir, segmentFileName(run[0].segment)), run)));
    return read.flat();
  }

  ack(ref: RecordRef): void {
    const ledger = this.ledgers.get(ref.segment);
    if (!ledger) return; // its segment is gone, so every record in it was acknowledged already
    if (!ledger.holds(ref.seq)) throw new RangeError(`record ${ref.seq} is not in segment ${ref.segment} of this spool`);
    if (ledger.ack(ref.seq) && ledger.live === 0 && this.phase === 'ready') this.scheduleReclaim();
  }

  stats(): SpoolStats {
    let oldest: number | null = null;
    let records = 0;
    for (const ledger of this.ledgers.values()) {
      records += ledger.live;
      // Segments are in seq order, so the first one with a live record holds the oldest.
      oldest ??= ledger.oldestLiveAppendMs() ?? null;
    }
    return {
      bytes: this.bytes,
      maxBytes: this.maxBytes,
      segments: this.ledgers.size,
      records,
      oldestUnackedAppendMs: oldest,
      ...this.counters,
    };
  }

  hasRoom(payloadBytes = 0): boolean {
    return this.bytes + this.reserved + frameBytes(payloadBytes) <= this.maxBytes;
  }

  async settle(): Promise<void> {
    await this.commits.idle();
    // A deletion may schedule another (through a roll or an ack meanwhile): wait until none is left.
    for (let pending = this.reclaiming; ; pending = this.reclaiming) {
      await pending;
      if (pending === this.reclaiming) break;
    }
  }

  async close(): Promise<void> {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    // A replay still running may yet open the active segment: let it finish first.
    await this.recovery?.catch(() => {});
    await this.settle();
    const active = this.active;
    this.active = undefined;
    await active?.close();
  }

  /** Replay's work: scan every segment, deliver its records, start the active segment, cut torn tails. */
  private async recover(onRecord: (record: ReplayedRecord) => void | Promise<void>): Promise<ReplayReport> {
    const { report, cuts, nextSeq } = await recoverSegments(this.dir, this.found, onRecord, (ledger) =>
      this.ledgers.set(ledger.id, ledger),
    );
    for (const ledger of this.ledgers.values()) this.bytes += ledger.size;
    this.nextSeq = nextSeq;

    // The active segment is named by the next seq before any tail is cut: from here on its name
    // carries the floor for seqs, even if the process dies before its first append. The last run's
    // newest segment is reused when it is empty and already carries that name (a restart without
    // appends would otherwise leave one more file each time).
    const newest = [...this.ledgers.values()].at(-1);
    if (newest?.id === nextSeq) this.active = await SegmentWriter.reopenEmpty(this.dir, nextSeq, this.writerOptions);
    else await this.startSegment(nextSeq);

    for (const { ledger, at } of cuts) {
      await truncateSegment(this.pathOf(ledger.id), at, this.sync);
      this.resize(ledger, at);
    }
    return report;
  }

  /** The group-commit loop's step: writes a batch of queued frames, rolling segments as they fill. */
  private async flush(batch: Pending<QueuedFrame, AppendOutcome>[]): Promise<void> {
    let i = 0;
    while (i < batch.length) {
      let writer: SegmentWriter;
      let bytes = 0;
      let j = i;
      try {
        writer = await this.writerFor(batch[i]!.item);
        // Fill the segment up to segmentBytes; a record larger than a whole segment gets one of its own.
        while (j < batch.length && (j === i || writer.size + bytes + batch[j]!.item.bytes <= this.segmentBytes)) {
          bytes += batch[j]!.item.bytes;
          j++;
        }
        await this.writeGroup(writer, batch.slice(i, j), bytes);
      } catch (error) {
        // A disk error fails this group and whatever was queued behind it in the batch: the
        // receiver answers 503 and the clients retry, rather than the spool hammering a failing disk.
        for (const entry of batch.slice(i)) {
          this.reserved -= entry.item.bytes;
          entry.reject(error);
        }
        return;
      }
      i = j;
    }
  }

  /** The segment that takes a frame of `first.bytes` next: the active one, or a new one after a roll. */
  private async writerFor(first: QueuedFrame): Promise<SegmentWriter> {
    const active = this.active;
    if (active && !active.broken && (active.size === 0 || active.size + first.bytes <= this.segmentBytes)) return active;
    this.active = undefined;
    // Its records are on disk (or, when broken, cut off): closing can fail only harmlessly.
    await active?.close().catch(() => {});
    return this.startSegment(first.seq);
  }

  /** Creates the segment named `id` and makes it the active one. */
  private async startSegment(id: number): Promise<SegmentWriter> {
    const writer = await SegmentWriter.create(this.dir, id, this.writerOptions);
    this.ledgers.set(id, new SegmentLedger(id));
    this.active = writer;
    // The segment that was the newest may now be deleted, if it is fully acknowledged.
    if (this.phase === 'ready') this.scheduleReclaim();
    return writer;
  }

  /** One writev + one fdatasync for frames that all go to `writer`, then their appends resolve. */
  private async writeGroup(writer: SegmentWriter, group: Pending<QueuedFrame, AppendOutcome>[], bytes: number): Promise<void> {
    const ledger = this.ledgers.get(writer.id)!;
    const at = writer.size;
    const buffers: Buffer[] = [];
    for (const { item } of group) buffers.push(item.header, ...item.parts);
    this.counters.groupCommits++;
    try {
      await writer.write(buffers, bytes);
    } finally {
      // After a failure the writer knows what is left in the file (normally: what was there before).
      this.resize(ledger, writer.size);
    }
    this.reserved -= bytes;
    let offset = at;
    for (const { item, resolve } of group) {
      ledger.add(item.seq, item.appendedAtMs);
      resolve({ ref: { seq: item.seq, segment: writer.id, offset, length: item.length } });
      offset += item.bytes;
    }
  }

  private scheduleReclaim(): void {
    // reclaim() handles its own errors; the catch only keeps the chain alive if that ever changes.
    this.reclaiming = this.reclaiming.then(() => this.reclaim()).catch(() => void this.counters.reclaimErrors++);
  }

  /**
   * Deletes each segment whose records are all acknowledged, except the newest (the active one, or
   * the last one written when a failed write left none active): it carries the seq floor.
   */
  private async reclaim(): Promise<void> {
    const ids = [...this.ledgers.keys()];
    const newest = ids.at(-1);
    let unlinked = false;
    for (const id of ids) {
      const ledger = this.ledgers.get(id);
      if (!ledger || ledger.live > 0 || id === newest || id === this.active?.id) continue;
      try {
        await unlink(this.pathOf(id));
      } catch (error) {
        if (errorCode(error) !== 'ENOENT') {
          // Still on disk and still counted; the next reclaim tries again.
          this.counters.reclaimErrors++;
          continue;
        }
      }
      this.ledgers.delete(id);
      this.resize(ledger, 0);
      unlinked = true;
    }
    // Without it a deleted segment could come back after a power cut: harmless (its records are
    // replayed and recognised downstream by seq), but wasteful.
    if (unlinked && this.sync) await fsyncDir(this.dir).catch(() => this.counters.reclaimErrors++);
  }

  private resize(ledger: SegmentLedger, size: number): void {
    this.bytes += size - ledger.size;
    ledger.size = size;
  }

  private pathOf(id: number): string {
    return join(this.dir, segmentFileName(id));
  }
}
