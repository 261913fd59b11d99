import { readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { isCode } from '../../fs/durable.js';
import { decodeParquet } from './parquet/decode.js';
import type { Row } from '../../rows/row.js';
import { TABLE_SCHEMAS } from '../../schema/tables.js';
import type { TableKind } from '../../schema/types.js';
import { type AddAction, commitInfoAction, type RemoveAction } from './actions.js';
import { checkpointIfDue } from './checkpoint.js';
import { encodeRows, writeDataFile } from './data-file.js';
import { dataFilePath } from './log-paths.js';
import { type Bin, planMaintenance } from './maintenance-plan.js';
import { checkWritable } from './protocol-check.js';
import { readTableState } from './replay.js';
import { byTime, rowTime } from './row-time.js';
import { detectKind } from './table-kind.js';
import { removesConflict, Transaction } from './transaction.js';
import { removeCrashLeftovers } from './vacuum.js';
import { WriterMarker } from './writer-marker.js';

/**
 * Compaction (OPTIMIZE) and retention of one local table, as one transaction: the small files are
 * bin-packed in time order, each bin read one file at a time, its rows sorted by time and written
 * as one new file; files wholly past the retention are removed unread, and a file that straddles
 * the cut is rewritten without its old rows. One commit removes the inputs and adds the outputs.
 *
 * Memory: one bin's rows at a time (at most `maxRowsPerFile` rows, plus the Parquet bytes of the
 * file being read and of the one being written); the table's size does not matter.
 *
 * Killed at any moment, it leaves the table as it was: its new files are named by no commit until
 * the single put-if-absent commit, and its writer marker lets VACUUM (and the next start) delete
 * them at once.
 */
export const DEFAULT_TARGET_FILE_BYTES = 64 * 1024 * 1024;
export const DEFAULT_MAX_ROWS_PER_FILE = 10_000;

export interface OptimizeOptions {
  targetFileBytes?: number;
  maxRowsPerFile?: number;
  /** Compact only when at least this many small files are there (2: whenever there is something to merge). */
  minSmallFiles?: number;
  /** Remove rows older than this many days (by the table's time column); undefined: keep all. */
  retentionDays?: number;
  now?: number;
  /** Whole runs to try when a concurrent commit removed a file this one rewrites. */
  maxRuns?: number;
}

export interface OptimizeResult {
  status: 'committed' | 'nothing-to-do' | 'conflict' | 'skipped';
  version?: number;
  filesRemoved: number;
  filesAdded: number;
  bytesRemoved: number;
  bytesAdded: number;
  rowsRemoved: number;
  message?: string;
}

const NOTHING = { filesRemoved: 0, filesAdded: 0, bytesRemoved: 0, bytesAdded: 0, rowsRemoved: 0 };

export async function optimizeTable(tableDir: string, options: OptimizeOptions = {}): Promise<OptimizeResult> {
  // What a killed compaction left (its writer marker names it) goes first: optimize after a crash
  // leaves no orphan behind.
  await removeCrashLeftovers(tableDir).catch(() => {});
  const runs = options.maxRuns ?? 5;
  let last: OptimizeResult = { status: 'nothing-to-do', ...NOTHING };
  for (let run = 0; run < runs; run++) {
    last = await optimizeOnce(tableDir, options);
    if (last.status !== 'conflict') return last;
  }
  return last;
}

async function optimizeOnce(tableDir: string, options: OptimizeOptions): Promise<OptimizeResult> {
  const state = await readTableState(tableDir);
  if (!state) return { status: 'skipped', ...NOTHING, message: `no Delta table at ${tableDir}` };
  const kind = detectKind(state.metaData!);
  if (kind === 'other') return { status: 'skipped', ...NOTHING, message: `${tableDir} is not an OpenTelemetry v1 table` };
  const support = checkWritable(state.protocol!, state.metaData!);
  if (!support.ok) return { status: 'skipped', ...NOTHING, message: support.reason };
  const now = options.now ?? Date.now();
  const cut = options.retentionDays === undefined ? null : BigInt(now - Math.round(options.retentionDays * 86_400_000)) * 1_000_000n;
  const maxRowsPerFile = options.maxRowsPerFile ?? DEFAULT_MAX_ROWS_PER_FILE;
  const plan = planMaintenance(state.files.values(), {
    kind,
    targetFileBytes: options.targetFileBytes ?? DEFAULT_TARGET_FILE_BYTES,
    maxRowsPerFile,
    minSmallFiles: options.minSmallFiles ?? 2,
    retentionCutNs: cut,
  });
  if (plan.drop.length === 0 && plan.bins.length === 0) return { status: 'nothing-to-do', version: state.version, ...NOTHING };

  const transaction = new Transaction(tableDir, state);
  const result = { ...NOTHING };
  const removed = new Set<string>();
  const written: AddAction[] = [];
  const marker = await WriterMarker.create(tableDir);
  let committed = false;
  try {
    const remove = (add: AddAction, dataChange: boolean) => {
      transaction.stage({ remove: removeAction(add, now, dataChange) });
      removed.add(add.path);
      result.filesRemoved++;
      result.bytesRemoved += add.size;
    };
    for (const add of plan.drop) {
      remove(add, true);
      result.rowsRemoved += numRecords(add);
    }
    for (const bin of plan.bins) {
      let rewrite;
      try {
        rewrite = await rewriteBin(tableDir, kind, bin, cut, marker);
      } catch (error) {
        // A file of the snapshot is gone: another compaction removed it and a vacuum deleted it
        // since this one read the log. Start over from the newer snapshot.
        if (isCode(error, 'ENOENT')) return { status: 'conflict', ...NOTHING, message: `a file it read is gone: ${(error as Error).message}` };
        throw error;
      }
      if (!rewrite) continue;
      for (const add of bin.files) remove(add, rewrite.dropped > 0);
      result.rowsRemoved += rewrite.dropped;
      if (rewrite.add) {
        written.push(rewrite.add);
        transaction.stage({ add: rewrite.add });
        result.filesAdded++;
        result.bytesAdded += rewrite.add.size;
      }
    }
    if (result.filesRemoved === 0) return { status: 'nothing-to-do', version: state.version, ...NOTHING };
    const commitInfo = commitInfoAction(
      now,
      result.rowsRemoved > 0 ? 'DELETE' : 'OPTIMIZE',
      result.rowsRemoved > 0 ? { predicate: `["time before ${String(cut)} ns"]` } : { predicate: '[]', zOrderBy: '[]' },
      {
        isBlindAppend: false,
        operationMetrics: {
          numRemovedFiles: String(result.filesRemoved),
          numAddedFiles: String(result.filesAdded),
          numRemovedBytes: String(result.bytesRemoved),
          numAddedBytes: String(result.bytesAdded),
          numDeletedRows: String(result.rowsRemoved),
        },
      },
    );
    const outcome = await transaction.commit(commitInfo, removesConflict(removed), 1000, marker);
    if (outcome.status !== 'committed') {
      return { status: 'conflict', ...NOTHING, message: outcome.status === 'stopped' ? outcome.value : 'lost every commit race' };
    }
    committed = true;
    await checkpointIfDue(tableDir, state);
    return { status: 'committed', version: outcome.version, ...result };
  } finally {
    if (!committed) for (const add of written) await unlink(join(tableDir, add.path)).catch(() => {});
    await marker.close();
  }
}

/**
 * Reads a bin's files one at a time, keeps the rows inside the retention, sorts them by time and
 * writes them as one file. Null when the bin is a retention-only check whose file keeps every row.
 */
async function rewriteBin(
  tableDir: string,
  kind: TableKind,
  bin: Bin,
  cut: bigint | null,
  marker: WriterMarker,
): Promise<{ add: AddAction | null; dropped: number } | null> {
  let rows: Row[] = [];
  let dropped = 0;
  for (const add of bin.files) {
    for (const row of decodeParquet(await readFile(dataFilePath(tableDir, add.path)))) {
      const time = cut === null ? null : rowTime(kind, row);
      if (time !== null && cut !== null && time < cut) dropped++;
      else rows.push(row);
    }
  }
  if (bin.retentionOnly && dropped === 0) return null;
  rows.sort(byTime(kind));
  const file = encodeRows(TABLE_SCHEMAS[kind], rows);
  rows = [];
  if (!file) return { add: null, dropped };
  const add = await writeDataFile(tableDir, file, dropped > 0, (name) => marker.record(name));
  return { add, dropped };
}

function removeAction(add: AddAction, now: number, dataChange: boolean): RemoveAction {
  return {
    path: add.path,
    deletionTimestamp: now,
    dataChange,
    extendedFileMetadata: true,
    partitionValues: add.partitionValues,
    size: add.size,
    stats: add.stats ?? null,
  };
}

function numRecords(add: AddAction): number {
  const m = add.stats ? /"numRecords":(\d+)/.exec(add.stats) : null;
  return m ? Number(m[1]) : 0;
}
