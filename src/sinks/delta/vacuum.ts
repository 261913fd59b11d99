import { readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { isCode } from '../../fs/durable.js';
import { findNewestCheckpoint, readCheckpoint, readLastCheckpoint, writeCheckpoint } from './checkpoint.js';
import { DELTA_LOG, logDir, parseLogFileName } from './log-paths.js';
import { readTableState } from './replay.js';
import { deletedFileRetentionMs, logRetentionMs } from './retention-props.js';
import type { TableState } from './table-state.js';
import { deadWriterFiles } from './writer-marker.js';

/**
 * VACUUM and log clean-up of a local table, as Delta Lake does them.
 *
 * A data file on disk is deleted when no version a reader may still ask for needs it:
 * - live in the snapshot: never;
 * - removed (a tombstone): once removed longer ago than the retention (`deletionTimestamp`);
 * - named by no commit: once it is provably an orphan: listed by the writer marker of a process
 *   that is gone (`writer-marker.ts`), or older than the retention *and* than `IN_FLIGHT_MARGIN_MS`.
 *
 * The margin exists because another live writer may have written its Parquet file and not yet
 * committed it. An append takes milliseconds between the two (seconds when it loses many commit
 * races on a busy table); 15 minutes is orders of magnitude more, so even `--retain-hours 0`
 * never deletes a file a running `serve` is about to commit. Long transactions (compaction,
 * retention) are covered by their markers instead, so their files are never mistaken for orphans
 * while they run, however long that is, and are removed as soon as they are killed.
 */
export const IN_FLIGHT_MARGIN_MS = 15 * 60_000;

export interface VacuumResult {
  /** Data files deleted, and their bytes. */
  files: number;
  bytes: number;
  /** Commit and checkpoint files deleted by log clean-up. */
  logFiles: number;
  /** Temporary files and dead writers' markers deleted. */
  tempFiles: number;
}

export interface VacuumOptions {
  /** How long removed files are kept; defaults to `delta.deletedFileRetentionDuration` (7 days). */
  retainMs?: number;
  /** How long files no commit names are kept (never less than the margin); defaults to `retainMs`. */
  unreferencedRetainMs?: number;
  now?: number;
  /** Also delete log entries past `delta.logRetentionDuration` before the last checkpoint (VACUUM: yes; start-up clean-up: no). */
  cleanLog?: boolean;
}

/** Deletes what the retention allows (see above). Safe beside running writers of the same table. */
export async function vacuumTable(tableDir: string, options: VacuumOptions = {}): Promise<VacuumResult> {
  const now = options.now ?? Date.now();
  const result: VacuumResult = { files: 0, bytes: 0, logFiles: 0, tempFiles: 0 };
  // Markers are listed before the log is read: a dead writer's commit that made it is then seen.
  const dead = await deadWriterFiles(tableDir);
  const state = await readTableState(tableDir);
  if (!state) return result;
  const retainMs = options.retainMs ?? deletedFileRetentionMs(state.metaData);
  const unreferencedBefore = now - Math.max(options.unreferencedRetainMs ?? retainMs, IN_FLIGHT_MARGIN_MS);
  for (const name of await listOrEmpty(tableDir)) {
    if (!name.endsWith('.parquet') || name.startsWith('.') || name.startsWith('_')) continue;
    if (state.files.has(name)) continue;
    const path = join(tableDir, name);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) continue;
    const tombstone = state.tombstones.get(name);
    const expired = tombstone
      ? (tombstone.deletionTimestamp ?? 0) < now - retainMs
      : dead.files.has(name) || info.mtimeMs < unreferencedBefore;
    if (expired && (await removeFile(path))) {
      result.files++;
      result.bytes += info.size;
    }
  }
  result.tempFiles += await removeTempFiles(tableDir, dead.files, now - IN_FLIGHT_MARGIN_MS);
  for (const marker of dead.markers) if (await removeFile(marker)) result.tempFiles++;
  if (options.cleanLog ?? true) result.logFiles += await cleanLog(tableDir, state, now);
  return result;
}

/**
 * What a crash left (issue #10 item 11), removed when the sink opens a table: temporary log files
 * and data files no commit names, once provably orphans (see `vacuumTable`). Removed files are
 * left to VACUUM and its retention; the log is left alone.
 */
export function removeCrashLeftovers(tableDir: string, now = Date.now()): Promise<VacuumResult> {
  return vacuumTable(tableDir, { retainMs: Number.POSITIVE_INFINITY, unreferencedRetainMs: 0, now, cleanLog: false });
}

/** `.commit.*.tmp`, `.checkpoint.*.tmp`, `.last_checkpoint.*.tmp` older than `before` or named by a dead writer. */
async function removeTempFiles(tableDir: string, deadFiles: ReadonlySet<string>, before: number): Promise<number> {
  const dir = logDir(tableDir);
  let removed = 0;
  for (const name of await listOrEmpty(dir)) {
    if (!/^\.(commit|checkpoint|last_checkpoint)\.[0-9a-f-]+\.tmp$/.test(name)) continue;
    const path = join(dir, name);
    const info = await stat(path).catch(() => null);
    if (!info) continue;
    if ((deadFiles.has(`${DELTA_LOG}/${name}`) || info.mtimeMs < before) && (await removeFile(path))) removed++;
  }
  return removed;
}

/**
 * Log clean-up (Delta Lake's metadata clean-up): commits and checkpoints older than
 * `delta.logRetentionDuration` that precede the newest checkpoint. That checkpoint is first brought
 * up to the current version (so it carries the protocol, metaData, txns, live files and unexpired
 * tombstones that the deleted JSON held) and read back, so that deletion never leaves a reader
 * without a starting point.
 */
async function cleanLog(tableDir: string, state: TableState, now: number): Promise<number> {
  const dir = logDir(tableDir);
  const hint = (await readLastCheckpoint(dir)) ?? (await findNewestCheckpoint(dir));
  let checkpointVersion = hint?.version ?? -1;
  if (checkpointVersion < state.version) checkpointVersion = (await writeCheckpoint(dir, state)).version;
  await readCheckpoint(dir, checkpointVersion); // throws, deleting nothing, when it is unreadable
  const before = now - logRetentionMs(state.metaData);
  let removed = 0;
  for (const name of await listOrEmpty(dir)) {
    const file = parseLogFileName(name);
    if (!file || file.version >= checkpointVersion) continue;
    const path = join(dir, name);
    const info = await stat(path).catch(() => null);
    if (info && info.mtimeMs < before && (await removeFile(path))) removed++;
  }
  return removed;
}

async function listOrEmpty(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return [];
    throw error;
  }
}

async function removeFile(path: string): Promise<boolean> {
  try {
    await unlink(path);
    return true;
  } catch (error) {
    if (isCode(error, 'ENOENT')) return false;
    throw error;
  }
}
