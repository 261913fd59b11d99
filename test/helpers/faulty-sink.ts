import type { TableName } from '../../src/route/table-name.js';
import type { TableKind } from '../../src/schema/types.js';
import type { ExportBatch, Sink, TableCheck, WriteOutcome, WriteTxn } from '../../src/sinks/sink.js';

/**
 * Wraps a real sink and injects faults on writes: an outage (retryable failures), a permanent
 * failure for some tables, and a delay. Everything else goes through to the real sink.
 */
export class FaultySink implements Sink {
  down = false;
  permanent = new Set<string>();
  delayMs = 0;
  failedWrites = 0;
  /** Drop the `txn` of writes and answer `committedVersion` with null, as a sink that records no transactions does. */
  withoutTxn = false;

  constructor(private readonly inner: Sink) {}

  get description(): string {
    return `faulty ${this.inner.description}`;
  }

  prepareTable(table: TableName, kind: TableKind, create: boolean): Promise<TableCheck> {
    return this.inner.prepareTable(table, kind, create);
  }

  async write(table: TableName, kind: TableKind, batch: ExportBatch, txn?: WriteTxn): Promise<WriteOutcome> {
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.down) {
      this.failedWrites++;
      return { status: 'retryable', error: new Error('injected outage') };
    }
    if (this.permanent.has(table.table)) {
      this.failedWrites++;
      return { status: 'permanent', error: new Error(`injected permanent failure for ${table.table}`) };
    }
    return this.inner.write(table, kind, batch, this.withoutTxn ? undefined : txn);
  }

  async committedVersion(table: TableName, appId: string): Promise<number | null> {
    return this.withoutTxn ? null : this.inner.committedVersion(table, appId);
  }

  async ready(): Promise<boolean> {
    return !this.down && (await this.inner.ready());
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
