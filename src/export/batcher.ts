import PQueue from 'p-queue';
import type { Row } from '../rows/row.js';
import { formatTableName, type TableName } from '../route/table-name.js';
import type { TableKind } from '../schema/types.js';
import type { Sink, WriteOutcome } from '../sinks/sink.js';

export interface BatchLimits {
  maxRows: number;
  maxBytes: number;
  maxAgeMs: number;
}

interface Pending {
  rows: Row[];
  bytes: number;
  waiters: Array<(outcome: WriteOutcome) => void>;
  timer: NodeJS.Timeout | null;
}

interface TableQueue {
  table: TableName;
  kind: TableKind;
  pending: Pending | null;
  /** The commit in progress for this table: commits of one table run one after the other. */
  tail: Promise<void>;
}

/**
 * Groups the rows of concurrent requests per table and commits them together, flushed by rows,
 * bytes or age. Every submitter learns the outcome of the commit that carried its rows.
 */
export class Batcher {
  private readonly tables = new Map<string, TableQueue>();
  private readonly queue: PQueue;
  private closed = false;

  constructor(
    private readonly sink: Sink,
    private readonly limits: BatchLimits,
    concurrency: number,
  ) {
    this.queue = new PQueue({ concurrency });
  }

  submit(table: TableName, kind: TableKind, rows: Row[], bytes: number): Promise<WriteOutcome> {
    if (this.closed) return Promise.resolve({ status: 'retryable', error: new Error('the service is shutting down') });
    const key = formatTableName(table);
    let tq = this.tables.get(key);
    if (!tq) {
      tq = { table, kind, pending: null, tail: Promise.resolve() };
      this.tables.set(key, tq);
    }
    const pending = (tq.pending ??= { rows: [], bytes: 0, waiters: [], timer: null });
    for (const row of rows) pending.rows.push(row);
    pending.bytes += bytes;
    const done = new Promise<WriteOutcome>((resolve) => pending.waiters.push(resolve));
    if (pending.rows.length >= this.limits.maxRows || pending.bytes >= this.limits.maxBytes) {
      this.flush(tq);
    } else if (!pending.timer) {
      const queued = tq;
      pending.timer = setTimeout(() => this.flush(queued), this.limits.maxAgeMs);
    }
    return done;
  }

  /** Commits everything pending and waits for every commit in progress. */
  async close(): Promise<void> {
    this.closed = true;
    for (const tq of this.tables.values()) this.flush(tq);
    await Promise.all([...this.tables.values()].map((tq) => tq.tail));
    await this.queue.onIdle();
  }

  private flush(tq: TableQueue): void {
    const batch = tq.pending;
    if (!batch) return;
    tq.pending = null;
    if (batch.timer) clearTimeout(batch.timer);
    tq.tail = tq.tail.then(async () => {
      const outcome = (await this.queue.add(() => this.write(tq, batch.rows))) as WriteOutcome;
      for (const resolve of batch.waiters) resolve(outcome);
    });
  }

  private async write(tq: TableQueue, rows: Row[]): Promise<WriteOutcome> {
    try {
      return await this.sink.write(tq.table, tq.kind, rows);
    } catch (error) {
      // A sink reports expected failures as outcomes; anything thrown is a bug or an I/O error
      // we did not classify, and the client may retry it.
      return { status: 'retryable', error: error as Error };
    }
  }
}
