import type { SpooledBodies } from '../rows/decode.js';
import type { Row } from '../rows/row.js';
import type { ExportBatch, Sink } from '../sinks/sink.js';
import type { Spool } from '../spool/spool.js';
import { batchId, fullBatchAfter, isPrefixOf, type Entry, type ExportLimits, type Lane } from './batch.js';
import { decodeSpoolRecord } from './spool-record.js';

/**
 * A batch as the sink takes it: its records are read back from the spool only when asked for (a
 * batch encoded ahead is committed without reading them again), and rows decoded only if asked.
 */
export function exportBatchOf(
  spool: Spool,
  rowsOf: (bodies: SpooledBodies) => Row[],
  batch: readonly Entry[],
  parts?: readonly (readonly Entry[])[] | null,
): ExportBatch {
  const { kind } = batch[0].header;
  const records = async () => (await spool.readAll(batch.map((e) => e.ref))).map((payload) => decodeSpoolRecord(payload));
  const rowCount = batch.reduce((n, e) => n + e.header.rowCount, 0);
  return {
    records,
    rowCount,
    rows: async () => rowsOf({ kind, records: await records() }),
    id: batchId(batch),
    ...(parts && { parts: parts.map((part) => exportBatchOf(spool, rowsOf, part)) }),
  };
}

/**
 * Joins to the lane's batch, just formed from its first batch prepared ahead, the batches prepared
 * behind it whose work the sink has done already (`isPrepared`): they are committed in one commit
 * (one `txn`, the last batch's version), so that a table commits its backlog in fewer, larger steps
 * when the commits and not the encoding are what hold it back.
 */
export function joinPrepared(lane: Lane, { sink, spool, rowsOf }: { sink: Sink; spool: Spool; rowsOf: (bodies: SpooledBodies) => Row[] }): void {
  if (!sink.isPrepared || lane.batch === null || lane.next.length === 0) return;
  const { table } = lane.batch[0].header;
  const parts = [lane.batch];
  let taken = lane.batch.length;
  while (lane.next.length > 0) {
    const next = lane.next[0];
    if (!isPrefixOf(next, lane.entries, taken) || !sink.isPrepared(table, exportBatchOf(spool, rowsOf, next))) break;
    parts.push(lane.next.shift()!);
    taken += next.length;
  }
  if (parts.length === 1) return;
  lane.parts = parts;
  lane.batch = parts.flat();
}

/**
 * Forms the lane's next batches now, up to `depth` of them, while the entries after the current
 * one and those already formed fill them, and has the sink prepare each (issue 16: encode batches
 * N+1, N+2... while batch N commits, on as many threads as the sink has). Preparing commits
 * nothing (a file written ahead is named by no commit until its batch's turn), so commits stay in
 * spool order and exactly once: a batch is committed only after the one before it, with its own
 * `txn` version, and the loop drops the batches formed ahead if the lane changed under them
 * (`isPrefixOf`).
 */
export async function prepareAhead(
  lane: Lane,
  { sink, spool, rowsOf, limits, prepareDepth: depth }: { sink: Sink; spool: Spool; rowsOf: (bodies: SpooledBodies) => Row[]; limits: ExportLimits; prepareDepth: number },
): Promise<void> {
  if (!sink.prepare || lane.batch === null || lane.next.length >= depth) return;
  // On a later turn: every append of a group commit being resolved is enqueued by then (as the
  // loop's schedule does before forming a batch).
  await new Promise((resolve) => setImmediate(resolve));
  const current = lane.batch;
  if (current === null) return;
  // Formed synchronously, so that two calls never form the same batch.
  while (lane.next.length < depth) {
    const taken = lane.next.reduce((n, b) => n + b.length, current.length);
    const next = fullBatchAfter(lane.entries, taken, limits);
    if (next === null) return;
    lane.next.push(next);
    const { table, kind } = next[0].header;
    sink.prepare(table, kind, exportBatchOf(spool, rowsOf, next));
  }
}
