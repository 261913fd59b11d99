import type { TableName } from '../../src/route/table-name.js';
import type { ExportBatch, Sink, TableCheck, WriteOutcome, WriteTxn } from '../../src/sinks/sink.js';
import type { AppendOutcome, RecordRef, ReplayedRecord, ReplayReport, Spool, SpoolStats } from '../../src/spool/spool.js';

/** A record given in parts, as one buffer (what a spool stores). */
function joined(payload: Uint8Array | readonly Uint8Array[]): Buffer {
  return payload instanceof Uint8Array ? Buffer.from(payload) : Buffer.concat(payload);
}

/**
 * A spool in memory. `hold` keeps appends pending until `release()`, which resolves them all in
 * sequence order, as one group commit of the disk spool does.
 */
export class MemorySpool implements Spool {
  readonly id = 'spool-under-test';
  readonly records = new Map<number, Buffer>();
  readonly acked: number[] = [];
  hold = false;
  private seq = 0;
  private held: Array<() => void> = [];
  private replayed: Buffer[] = [];

  /** Records as a spool replays them: each one buffer, or the parts `encodeSpoolRecord` gives. */
  constructor(replayed: Array<Uint8Array | readonly Uint8Array[]> = []) {
    this.replayed = replayed.map(joined);
  }

  async replay(onRecord: (record: ReplayedRecord) => void | Promise<void>): Promise<ReplayReport> {
    for (const payload of this.replayed) {
      const ref = this.store(payload);
      await onRecord({ ref, payload, appendedAtMs: Date.now() });
    }
    return { records: this.replayed.length, bytes: 0, segments: 1, tornTails: 0, truncatedBytes: 0, corruptRecords: 0, skippedBytes: 0 };
  }

  append(payload: Uint8Array | readonly Uint8Array[]): Promise<AppendOutcome> {
    const ref = this.store(joined(payload));
    if (!this.hold) return Promise.resolve({ ref });
    return new Promise((resolve) => this.held.push(() => resolve({ ref })));
  }

  release(): void {
    for (const resolve of this.held.splice(0)) resolve();
  }

  async readAll(refs: readonly RecordRef[]): Promise<Buffer[]> {
    return refs.map((ref) => this.records.get(ref.seq)!);
  }

  ack(ref: RecordRef): void {
    this.acked.push(ref.seq);
  }

  stats(): SpoolStats {
    return { bytes: 0, maxBytes: 0, segments: 0, records: this.records.size, oldestUnackedAppendMs: null, syncs: 0, groupCommits: 0, reclaimErrors: 0 };
  }

  hasRoom(): boolean {
    return true;
  }

  async settle(): Promise<void> {}
  async close(): Promise<void> {}

  private store(payload: Buffer): RecordRef {
    const seq = ++this.seq;
    this.records.set(seq, payload);
    return { seq, segment: 0, offset: 0, length: payload.length };
  }
}

export interface SinkWrite {
  table: string;
  rowCount: number;
  records: number;
  txn?: WriteTxn;
}

/** A sink that records each write and answers with the next scripted outcome (success when none is left). */
export class ScriptedSink implements Sink {
  readonly description = 'scripted sink';
  readonly writes: SinkWrite[] = [];
  outcomes: WriteOutcome[] = [];
  committed: number | null = null;

  async prepareTable(): Promise<TableCheck> {
    return { status: 'ok' };
  }

  async write(table: TableName, _kind: unknown, batch: ExportBatch, txn?: WriteTxn): Promise<WriteOutcome> {
    const records = (await batch.records()).length;
    this.writes.push({ table: `${table.catalog}.${table.schema}.${table.table}`, rowCount: batch.rowCount, records, txn });
    return this.outcomes.shift() ?? { status: 'success' };
  }

  async committedVersion(): Promise<number | null> {
    return this.committed;
  }

  async ready(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {}
}
