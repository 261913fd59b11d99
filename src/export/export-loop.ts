import PQueue from 'p-queue';
import type { SpooledBodies } from '../rows/decode.js';
import type { Row } from '../rows/row.js';
import { formatTableName } from '../route/table-name.js';
import type { Sink, WriteOutcome } from '../sinks/sink.js';
import type { RecordRef, ReplayReport, Spool } from '../spool/spool.js';
import { backoffDelay, type BackoffPolicy } from './backoff.js';
import { exportLag, isPrefixOf, takeBatch, type Entry, type ExportLimits, type Lane } from './batch.js';
import { exportBatchOf, joinPrepared, prepareAhead } from './read-batch.js';
import { raceDeadline } from './deadline.js';
import type { DeadLetters } from './dead-letter.js';
import type { ExportProgress } from './progress.js';
import { decodeSpoolRecord, encodeSpoolRecord, headerOf, type SpoolRecord, type SpoolRecordHeader } from './spool-record.js';

export interface ExportLoopOptions {
  spool: Spool;
  sink: Sink;
  deadLetters: DeadLetters;
  progress: ExportProgress;
  /** Turns a spooled record back into rows, for sinks that ask for rows. */
  rowsOf: (bodies: SpooledBodies) => Row[];
  limits: ExportLimits;
  /** How many batches of a table the sink may prepare ahead of the one committing (its encode threads). */
  prepareDepth: number;
  concurrency: number;
  backoff: BackoffPolicy;
  events?: ExportEvents;
}

/** What the loop reports, for the service's metrics and logs. */
export interface ExportEvents {
  committed?(table: string, rows: number, seconds: number): void;
  retrying?(table: string, attempt: number, delayMs: number, error: Error): void;
  deadLettered?(table: string, rows: number, error: Error, path: string): void;
  skippedCommitted?(table: string, records: number): void;
}

export type AcceptOutcome = { status: 'spooled' } | { status: 'full' };

/**
 * Drains the spool into the sink, one lane per table.
 *
 * A batch is the oldest entries of a lane, in spool order, flushed by rows, bytes or age. It is
 * fixed once formed, and committed with the Delta `txn` (appId = the spool's id, version = the
 * batch's last sequence number): sequence numbers grow with every record, so after a crash the
 * table's latest txn version tells which records it already holds, and a retried batch that had in
 * fact committed is recognized by the sink. Spool space is acknowledged only after the commit.
 */
export class ExportLoop {
  private readonly lanes = new Map<string, Lane>();
  private readonly queue: PQueue;
  private draining = false;
  private stopped = false;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly options: ExportLoopOptions) {
    this.queue = new PQueue({ concurrency: options.concurrency });
  }

  /**
   * Indexes every record left in the spool by an earlier run, and acknowledges at once those its
   * table already holds. Call before accepting requests.
   */
  async recover(): Promise<{ records: number; alreadyCommitted: number; replay: ReplayReport }> {
    const { spool, sink, progress } = this.options;
    await progress.load();
    let records = 0;
    const unreadable: Array<{ ref: RecordRef; payload: Buffer; error: Error }> = [];
    const replay = await spool.replay(({ ref, payload, appendedAtMs }) => {
      let header: SpoolRecordHeader;
      try {
        header = headerOf(decodeSpoolRecord(payload));
      } catch (error) {
        unreadable.push({ ref, payload, error: error as Error });
        return;
      }
      this.enqueue({ ref, header, bytes: payload.length, spooledAt: appendedAtMs });
      records++;
    });
    // Intact on disk but not a record this version understands: set aside, never dropped.
    for (const { ref, payload, error } of unreadable) {
      const path = await this.options.deadLetters.write('unreadable', [payload], error);
      this.options.events?.deadLettered?.('unreadable', 0, error, path);
      spool.ack(ref);
    }
    let alreadyCommitted = 0;
    for (const lane of this.lanes.values()) {
      if (lane.entries.length === 0) continue;
      const committed = await sink.committedVersion(lane.entries[0].header.table, spool.id);
      const done = Math.max(committed ?? -1, progress.doneWith(lane.key));
      let n = 0;
      while (n < lane.entries.length && lane.entries[n].ref.seq <= done) n++;
      if (n > 0) {
        this.complete(lane, lane.entries.slice(0, n));
        this.options.events?.skippedCommitted?.(lane.key, n);
        alreadyCommitted += n;
      }
    }
    for (const lane of this.lanes.values()) this.schedule(lane);
    return { records, alreadyCommitted, replay };
  }

  /**
   * Spools a validated request; resolves once it is on disk. It is exported later, from the spool:
   * rows are not kept in memory meanwhile, which is what keeps memory bounded during an outage.
   */
  async accept(record: SpoolRecord): Promise<AcceptOutcome> {
    const parts = encodeSpoolRecord(record);
    const appended = await this.options.spool.append(parts);
    if ('full' in appended) return { status: 'full' };
    // No await between the append and the enqueue: appends of one group commit resolve in
    // sequence order, and so enqueue in that order (batches start on a later turn, see schedule).
    const lane = this.enqueue({ ref: appended.ref, header: headerOf(record), bytes: appended.ref.length, spooledAt: Date.now() });
    this.schedule(lane);
    // While a batch commits, the entries arriving behind it start encoding as soon as they fill one.
    if (lane.batch !== null && !this.draining) void prepareAhead(lane, this.options).catch(() => undefined);
    return { status: 'spooled' };
  }

  /** Records not yet committed, and the age of the oldest. */
  pending(): { records: number; oldestMs: number | null } {
    let records = 0;
    let oldest = Infinity;
    for (const lane of this.lanes.values()) {
      records += lane.entries.length;
      if (lane.entries.length > 0) oldest = Math.min(oldest, lane.entries[0].spooledAt);
    }
    return { records, oldestMs: records === 0 ? null : Date.now() - oldest };
  }

  /**
   * How long (ms) the oldest unexported request of a table that is exporting has waited past its
   * batch age, 0 when none: what admission holds against its lag limit. A lane backing off from a failing sink is left
   * out (the spool absorbs an outage up to its cap), and a lane's lag counts from when it could
   * export at all (after an outage, after a restart).
   */
  lag(): number {
    return exportLag(this.lanes.values(), Date.now(), this.options.limits.maxAgeMs);
  }

  /**
   * Exports everything pending without waiting for batch ages, until the spool is drained or
   * `graceMs` has passed; what is left stays in the spool for the next start.
   */
  async drain(graceMs: number): Promise<{ left: number }> {
    const deadline = Date.now() + graceMs;
    this.draining = true;
    for (const lane of this.lanes.values()) {
      // A lane waiting for its batch age, or backing off after a failure, has a timer armed, and
      // schedule() leaves such a lane alone: cancel it so that the lane goes now (a batch that is
      // running has no timer and carries on).
      if (lane.timer === null) {
        this.schedule(lane);
        continue;
      }
      clearTimeout(lane.timer);
      lane.timer = null;
      if (lane.batch) this.start(lane);
      else this.schedule(lane);
    }
    const drained = new Promise<void>((resolve) => {
      if (this.pending().records === 0) resolve();
      else this.idleWaiters.push(resolve);
    });
    await raceDeadline(drained, deadline);
    this.stop();
    // A write that is still running gets what is left of the grace, no more: the shutdown must end
    // within it whatever the sink does. A write cut off by the exit is safe: the batch stays in the
    // spool and the table's txn version tells the next start whether it committed.
    await raceDeadline(this.queue.onIdle(), deadline);
    await this.options.progress.save(true);
    return { left: this.pending().records };
  }

  /** Cancels timers; batches already running finish. */
  stop(): void {
    this.stopped = true;
    this.draining = false;
    this.queue.pause();
    this.queue.clear();
    for (const lane of this.lanes.values()) {
      if (lane.timer) clearTimeout(lane.timer);
      lane.timer = null;
    }
  }

  private enqueue(entry: Entry): Lane {
    const key = formatTableName(entry.header.table);
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { key, entries: [], rows: 0, bytes: 0, batch: null, parts: null, attempts: 0, flowingSince: Date.now(), next: [], timer: null, waitsForAge: false };
      this.lanes.set(key, lane);
    }
    // Keep spool order even if two appends' continuations ran out of order.
    let at = lane.entries.length;
    while (at > 0 && lane.entries[at - 1].ref.seq > entry.ref.seq) at--;
    lane.entries.splice(at, 0, entry);
    lane.rows += entry.header.rowCount;
    lane.bytes += entry.bytes;
    return lane;
  }

  /** Starts the lane's next batch when it is due, or arms a timer for when it will be. */
  private schedule(lane: Lane): void {
    if (this.stopped || lane.batch || lane.entries.length === 0) return;
    const { maxRows, maxBytes, maxAgeMs } = this.options.limits;
    const age = Date.now() - lane.entries[0].spooledAt;
    const due = this.draining || lane.rows >= maxRows || lane.bytes >= maxBytes || age >= maxAgeMs;
    if (lane.timer) {
      // A lane that filled a batch by rows or bytes while its timer waited for the oldest entry's
      // age goes now: waiting out the age would leave the encode threads idle while it fills on.
      if (!due || !lane.waitsForAge) return;
      clearTimeout(lane.timer);
    }
    // Even a due batch starts on a later turn of the event loop, so that every append resolved by
    // the same group commit has been enqueued first (a batch must never pass over a lower sequence).
    lane.waitsForAge = !due;
    lane.timer = setTimeout(() => {
      lane.timer = null;
      lane.waitsForAge = false;
      this.start(lane);
    }, due ? 0 : maxAgeMs - age);
  }

  private start(lane: Lane): void {
    if (this.stopped) return;
    if (!lane.batch) {
      // The batch formed early while the one before committed, unless the lane changed under it.
      const next = lane.next.length > 0 && isPrefixOf(lane.next[0], lane.entries) ? lane.next.shift()! : null;
      if (next === null) lane.next = [];
      lane.batch = next ?? takeBatch(lane.entries, this.options.limits);
      if (next !== null) joinPrepared(lane, this.options);
    }
    const batch = lane.batch;
    void this.queue.add(() =>
      this.export(lane, batch).catch((error: Error) => this.retryLater(lane, { error })),
    );
  }

  private async export(lane: Lane, batch: Entry[]): Promise<void> {
    const { sink, spool } = this.options;
    const { table, kind } = batch[0].header;
    const started = performance.now();
    const exportBatch = exportBatchOf(spool, this.options.rowsOf, batch, lane.parts);
    const rowCount = exportBatch.rowCount;
    // This batch's preparation first (a no-op when it was prepared as the next one, and none for
    // batches joined from prepared ones), then the next batch's, which overlaps this one's commit.
    if (!exportBatch.parts) sink.prepare?.(table, kind, exportBatch);
    if (!this.draining) void prepareAhead(lane, this.options).catch(() => undefined);
    let outcome: WriteOutcome;
    try {
      outcome = await sink.write(table, kind, exportBatch, { appId: spool.id, version: batch[batch.length - 1].ref.seq });
    } catch (error) {
      outcome = { status: 'retryable', error: error as Error };
    }
    if (outcome.status === 'success') {
      this.options.events?.committed?.(lane.key, rowCount, (performance.now() - started) / 1000);
      this.options.progress.advance(lane.key, batch[batch.length - 1].ref.seq);
      this.complete(lane, batch);
      this.schedule(lane);
    } else if (outcome.status === 'retryable') {
      this.retryLater(lane, outcome);
    } else {
      await this.deadLetter(lane, batch, outcome.error);
    }
  }

  /** Backs the lane off; the same batch is tried again, without a limit on attempts. */
  private retryLater(lane: Lane, outcome: { error: Error; afterMs?: number }): void {
    lane.attempts++;
    const delay = backoffDelay(this.options.backoff, lane.attempts, outcome.afterMs);
    this.options.events?.retrying?.(lane.key, lane.attempts, delay, outcome.error);
    if (this.stopped) return;
    lane.timer = setTimeout(() => {
      lane.timer = null;
      this.start(lane);
    }, delay);
  }

  private async deadLetter(lane: Lane, batch: Entry[], error: Error): Promise<void> {
    // If the records cannot even be read, writing them aside fails too: the batch stays, and is retried.
    const payloads = await this.options.spool.readAll(batch.map((e) => e.ref));
    const path = await this.options.deadLetters.write(lane.key, payloads, error);
    // Durably done with these records before they leave the spool: a restart must not export them.
    this.options.progress.advance(lane.key, batch[batch.length - 1].ref.seq);
    await this.options.progress.save(true);
    const rows = batch.reduce((n, e) => n + e.header.rowCount, 0);
    this.options.events?.deadLettered?.(lane.key, rows, error, path);
    this.complete(lane, batch);
    this.schedule(lane);
  }

  /** The batch is in the table (or the dead letters): release its spool space and memory. */
  private complete(lane: Lane, batch: Entry[]): void {
    for (const entry of batch) {
      this.options.spool.ack(entry.ref);
      lane.rows -= entry.header.rowCount;
      lane.bytes -= entry.bytes;
    }
    lane.entries.splice(0, batch.length);
    lane.batch = null;
    lane.parts = null;
    if (lane.attempts > 0) lane.flowingSince = Date.now();
    lane.attempts = 0;
    if (this.pending().records === 0) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }
}
