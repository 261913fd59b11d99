/**
 * The durable spool: an append-only, crash-safe log of opaque records on local disk. It is what
 * lets the receiver answer 200 as soon as a request is on disk (SPEC.md, "The promise") while the
 * export loop drains the records into a sink at its own pace.
 *
 * The spool knows nothing about what its records mean (no OTLP, no Delta). It gives each record a
 * sequence number (`seq`) that is unique and increasing for the life of the spool, across restarts
 * and across the deletion of every segment, so that the export loop can use it, with `id`, as the
 * Delta `txn` (appId, version) that makes a replayed commit recognisable.
 *
 * This file is the interface; `disk-spool.ts` implements it.
 */

/** Where a record lives on disk, and the seq it was given. */
export interface RecordRef {
  readonly seq: number;
  /** The segment's id: the seq its file is named after (`<20-digit id>.seg`). */
  readonly segment: number;
  /** Byte offset of the record's frame in its segment file. */
  readonly offset: number;
  /** Payload bytes (not counting the frame header). */
  readonly length: number;
}

export interface ReplayedRecord {
  readonly ref: RecordRef;
  /** A buffer of its own: the callback may keep it. */
  readonly payload: Buffer;
  /** When the record was appended (ms since the epoch, the appending process's clock). */
  readonly appendedAtMs: number;
}

/** What `replay` found, damage included: every number is also worth a metric and a log line. */
export interface ReplayReport {
  /** Records delivered to the callback. */
  records: number;
  /** Payload bytes delivered. */
  bytes: number;
  /** Segment files scanned. */
  segments: number;
  /** Segments whose end held a partial or damaged frame with nothing valid after it (cut off). */
  tornTails: number;
  /** Bytes cut off those tails. */
  truncatedBytes: number;
  /**
   * Records lost to damage in the middle of a segment and skipped. Counted from the gap in seqs
   * around the damage (seqs within a segment are consecutive), so a damaged region that swallowed
   * three frames counts three.
   */
  corruptRecords: number;
  /** Bytes skipped over in the middle of segments (left on disk: the segment is read-only). */
  skippedBytes: number;
}

/** Either the record is on disk, or the spool is at its size cap and nothing was written. */
export type AppendOutcome = { readonly ref: RecordRef } | { readonly full: true };

export interface SpoolStats {
  /** Bytes on disk of the segments still held (acknowledged records included, until their segment goes). */
  bytes: number;
  maxBytes: number;
  segments: number;
  /** Records not yet acknowledged. */
  records: number;
  /**
   * When the oldest unacknowledged record was appended (ms since the epoch, exact to one second), or
   * null when every record is acknowledged. Its age is the "oldest unexported" metric.
   */
  oldestUnackedAppendMs: number | null;
  /** fdatasync calls on segment files: with group commit, far fewer than appends. */
  syncs: number;
  /** Group writes (one writev each): one per group of concurrent appends, two when a group straddles a segment roll. */
  groupCommits: number;
  /** Fully acknowledged segments whose unlink failed: they stay on disk, and are retried at the next reclaim. */
  reclaimErrors: number;
}

export interface SpoolOptions {
  /** Past this size the spool starts a new segment file. Default 64 MiB. */
  segmentBytes?: number;
  /** The size cap: an append that would take the spool past it answers `{ full: true }`. */
  maxBytes: number;
  /**
   * fdatasync each group and fsync the directory after creating or deleting files. Default true;
   * false only for tests and benchmarks, where it gives up the whole point of the spool.
   */
  sync?: boolean;
}

export interface Spool {
  /**
   * A UUID made when the spool was first created, kept in `<dir>/spool-id`. With `seq` it names a
   * record for all time: the export loop uses it as the Delta `txn` appId.
   */
  readonly id: string;

  /**
   * Streams every record still in the spool to `onRecord`, in seq order, once, awaiting each call.
   * Must run once, before the first `append`. Acknowledgements are not persisted, so a record
   * acknowledged before a restart is replayed again until its whole segment has been deleted: the
   * consumer must be idempotent by seq (the Delta `txn` makes it so).
   *
   * Damage is repaired and counted, never replayed: a torn tail is cut off the file, a damaged
   * record in the middle is skipped and the scan resumes at the next valid frame. A callback that
   * throws ends the replay with its error, and the spool must be closed and opened again.
   */
  replay(onRecord: (record: ReplayedRecord) => void | Promise<void>): Promise<ReplayReport>;

  /**
   * Appends one record and resolves once it is on disk (written and fdatasync'd): only then may the
   * receiver answer 200. Appends that arrive while a write is in flight share the next write and
   * fdatasync (group commit). At the size cap it resolves to `{ full: true }` without writing.
   * Rejects on a disk error (ENOSPC, EIO), and the caller answers 503: the failed write is cut back
   * off the segment (if even that fails, a whole frame of it may be replayed later: a duplicate of
   * what the client retries, never a half record). The payload must not change until the promise
   * settles (it is written without a copy). It may be given in parts (a record's header and the
   * request body), which are stored as one record, so that neither is copied into the other.
   * A record larger than the whole cap can never fit, and is a RangeError.
   */
  append(payload: Uint8Array | readonly Uint8Array[]): Promise<AppendOutcome>;

  /**
   * Reads records back from disk, in the order given, checking their checksums; throws
   * `SpoolCorruptionError` if they fail. Records next to each other on disk come with one read,
   * and then share one buffer (of their own: the caller may transfer it).
   */
  readAll(refs: readonly RecordRef[]): Promise<Buffer[]>;

  /**
   * The record is committed downstream and may go. A segment whose records are all acknowledged, and
   * that is not the newest one, is deleted, and its bytes leave the size count (asynchronously:
   * `settle()` waits for it). Acknowledging twice, or a record whose segment is gone, is a no-op.
   */
  ack(ref: RecordRef): void;

  stats(): SpoolStats;

  /** Whether an append of `payloadBytes` would fit under the cap now (for `/readyz` and backpressure). */
  hasRoom(payloadBytes?: number): boolean;

  /** Resolves when the appends and segment deletions already started have finished. */
  settle(): Promise<void>;

  /** Waits for the appends in flight, then closes the files. Later appends reject. */
  close(): Promise<void>;
}

/** A record on disk whose checksum does not match: the disk returned something other than what was written. */
export class SpoolCorruptionError extends Error {
  readonly code = 'SPOOL_CORRUPT';

  constructor(message: string) {
    super(message);
    this.name = 'SpoolCorruptionError';
  }
}
