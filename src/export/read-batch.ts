import type { SpooledBodies } from '../rows/decode.js';
import type { Row } from '../rows/row.js';
import type { ExportBatch, Sink } from '../sinks/sink.js';
import type { Spool } from '../spool/spool.js';
import { batchId, fullBatchAfter, type Entry, type ExportLimits, type Lane } from './batch.js';
import { decodeSpoolRecord } from './spool-record.js';

/** Reads a batch's records back from the spool, as the sink takes them (rows decoded only if asked). */
export async function readExportBatch(spool: Spool, rowsOf: (bodies: SpooledBodies) => Row[], batch: readonly Entry[]): Promise<ExportBatch> {
  const { kind } = batch[0].header;
  const records = await Promise.all(batch.map(async (e) => decodeSpoolRecord(await spool.read(e.ref))));
  const rowCount = batch.reduce((n, e) => n + e.header.rowCount, 0);
  return { records, rowCount, rows: () => rowsOf({ kind, records }), id: batchId(batch) };
}

/**
 * Forms the lane's next batch now when the entries after `current` already fill one, and has the
 * sink prepare it (issue 16: encode batch N+1 while batch N commits). Preparing writes nothing, so
 * commits stay in spool order and exactly once: the next batch is committed only after `current`,
 * with its own `txn` version, and the loop drops it if the lane changed under it (`isPrefixOf`).
 */
export async function prepareNext(
  lane: Lane,
  current: readonly Entry[],
  { sink, spool, rowsOf, limits }: { sink: Sink; spool: Spool; rowsOf: (bodies: SpooledBodies) => Row[]; limits: ExportLimits },
): Promise<void> {
  if (!sink.prepare || lane.next !== null) return;
  // On a later turn: every append of a group commit being resolved is enqueued by then (as the
  // loop's schedule does before forming a batch).
  await new Promise((resolve) => setImmediate(resolve));
  if (lane.batch !== current || lane.next !== null) return;
  const next = fullBatchAfter(lane.entries, current, limits);
  if (next === null) return;
  lane.next = next;
  const { table, kind } = next[0].header;
  sink.prepare(table, kind, await readExportBatch(spool, rowsOf, next));
}
