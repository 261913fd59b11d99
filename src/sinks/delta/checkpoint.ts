import { readdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeParquet } from './parquet/decode.js';
import { encodeParquet } from './parquet/encode.js';
import type { Action, MetaDataAction } from './actions.js';
import { CHECKPOINT_COLUMNS } from './checkpoint-schema.js';
import { actionToRow, rowToAction } from './checkpoint-rows.js';
import { fsyncDir, isCode, readFileIfExists, writeNewFile } from '../../fs/durable.js';
import {
  checkpointFileName,
  DELTA_LOG,
  LAST_CHECKPOINT,
  multipartCheckpointFileName,
  parseLogFileName,
  tempFileName,
} from './log-paths.js';
import { deletedFileRetentionMs } from './retention-props.js';
import { stateActions, type TableState } from './table-state.js';

/**
 * Classic V1 checkpoints (PROTOCOL.md "Checkpoints", "Classic checkpoint"): the reconciled state at
 * a version in one Parquet file `%020d.checkpoint.parquet`, plus the `_last_checkpoint` hint.
 */

/** Writers are "encouraged to checkpoint reasonably frequently"; Spark's default interval is 10. */
export const CHECKPOINT_INTERVAL = 10;

/**
 * Commits between checkpoints: the table property `delta.checkpointInterval` when it is set to a
 * positive integer (as Spark honours it), else 10. A checkpoint is written after each version that
 * is a positive multiple of it.
 */
export function checkpointInterval(metaData: MetaDataAction): number {
  const configured = Number(metaData.configuration['delta.checkpointInterval']);
  return Number.isSafeInteger(configured) && configured > 0 ? configured : CHECKPOINT_INTERVAL;
}

export type CheckpointOutcome = { checkpoint?: LastCheckpoint; checkpointError?: Error };

/**
 * Writes a checkpoint when `state` (just committed) is at a version due one. A checkpoint that
 * fails leaves the commit standing (readers replay more JSON), so its error is returned, not thrown.
 * What is taken from `state` is taken before this returns a promise (see `writeCheckpoint`), so the
 * caller may go on changing it while the checkpoint is stored.
 */
export function checkpointIfDue(tableDir: string, state: TableState): Promise<CheckpointOutcome> | null {
  if (state.version % checkpointInterval(state.metaData!) !== 0) return null;
  let written: Promise<LastCheckpoint>;
  try {
    written = writeCheckpoint(join(tableDir, DELTA_LOG), state);
  } catch (error) {
    written = Promise.reject(error);
  }
  return written.then(
    (checkpoint) => ({ checkpoint }),
    (error: unknown) => ({ checkpointError: error instanceof Error ? error : new Error(String(error)) }),
  );
}

/** `_last_checkpoint` (PROTOCOL.md "Last Checkpoint File Schema"). */
export interface LastCheckpoint {
  version: number;
  /** The number of actions (rows) in the checkpoint. */
  size: number;
  parts?: number;
  sizeInBytes?: number;
  numOfAddFiles?: number;
}

/**
 * Writes the checkpoint of `state` (which must be the state at `state.version`, a committed
 * version: "Checkpoints for a given version must only be created after the associated delta file
 * has been successfully written"), then points `_last_checkpoint` at it.
 *
 * The file is written under a temporary name, fsync'd and renamed into place, so a reader sees a
 * whole checkpoint or none. Rename may replace a checkpoint of the same version; the protocol allows
 * it ("If two checkpoint writers race to create the same classic checkpoint, the latest writer
 * wins"), since both hold the same state.
 */
export function writeCheckpoint(logDir: string, state: TableState): Promise<LastCheckpoint> {
  // Everything read from `state` is read now, before the first await: the caller's state moves on.
  const actions = stateActions(state, Date.now() - deletedFileRetentionMs(state.metaData));
  const bytes = encodeParquet({ columns: CHECKPOINT_COLUMNS }, actions.map(actionToRow));
  const hint: LastCheckpoint = {
    version: state.version,
    size: actions.length,
    sizeInBytes: bytes.length,
    numOfAddFiles: state.files.size,
  };
  return storeCheckpoint(logDir, bytes, hint);
}

async function storeCheckpoint(logDir: string, bytes: Uint8Array, hint: LastCheckpoint): Promise<LastCheckpoint> {
  const temp = join(logDir, tempFileName('checkpoint'));
  await writeNewFile(temp, bytes);
  await rename(temp, join(logDir, checkpointFileName(hint.version)));
  await fsyncDir(logDir);
  await updateLastCheckpoint(logDir, hint);
  return hint;
}

/**
 * Replaces `_last_checkpoint` unless it already names this or a newer version. The check and the
 * rename are not one atomic step: two writers finishing checkpoints at the same moment can still
 * leave the older one's hint, which costs readers only extra commits to replay, never correctness
 * (the hint is only a starting point; readers replay every commit after it).
 */
export async function updateLastCheckpoint(logDir: string, hint: LastCheckpoint): Promise<void> {
  const current = await readLastCheckpoint(logDir);
  if (current && current.version >= hint.version) return;
  const temp = join(logDir, tempFileName('last_checkpoint'));
  await writeNewFile(temp, JSON.stringify(hint));
  await rename(temp, join(logDir, LAST_CHECKPOINT));
  await fsyncDir(logDir);
}

/** The hint, or null when it is missing or unreadable (it is an optimization, never required). */
export async function readLastCheckpoint(logDir: string): Promise<LastCheckpoint | null> {
  const bytes = await readFileIfExists(join(logDir, LAST_CHECKPOINT));
  if (!bytes) return null;
  try {
    const hint = JSON.parse(bytes.toString('utf8')) as LastCheckpoint;
    return Number.isSafeInteger(hint.version) && hint.version >= 0 ? hint : null;
  } catch {
    return null;
  }
}

/** The actions of the checkpoint at `version` (all parts of a multi-part one, in order). */
export async function readCheckpoint(logDir: string, version: number, parts = 1): Promise<Action[]> {
  const names =
    parts === 1
      ? [checkpointFileName(version)]
      : Array.from({ length: parts }, (_, i) => multipartCheckpointFileName(version, i + 1, parts));
  const actions: Action[] = [];
  for (const name of names) {
    for (const row of decodeParquet(await readFile(join(logDir, name)))) {
      const action = rowToAction(row);
      if (action) actions.push(action);
    }
  }
  return actions;
}

export interface CheckpointRef {
  version: number;
  parts: number;
}

/**
 * The complete checkpoints in `_delta_log`, newest first, one per version ("readers must ignore
 * multi-part checkpoints with missing parts"; a single file is preferred when both forms exist).
 */
export async function listCheckpoints(logDir: string): Promise<CheckpointRef[]> {
  let names: string[];
  try {
    names = await readdir(logDir);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return [];
    throw error;
  }
  // version -> parts count -> part numbers seen
  const seen = new Map<number, Map<number, Set<number>>>();
  for (const name of names) {
    const file = parseLogFileName(name);
    if (file?.kind !== 'checkpoint') continue;
    let byParts = seen.get(file.version);
    if (!byParts) seen.set(file.version, (byParts = new Map()));
    let partsSeen = byParts.get(file.parts);
    if (!partsSeen) byParts.set(file.parts, (partsSeen = new Set()));
    partsSeen.add(file.part);
  }
  const refs: CheckpointRef[] = [];
  for (const [version, byParts] of seen) {
    const complete = [...byParts].filter(([parts, got]) => got.size === parts).map(([parts]) => parts).sort((a, b) => a - b);
    if (complete.length > 0) refs.push({ version, parts: complete[0] });
  }
  return refs.sort((a, b) => b.version - a.version);
}

/** The newest complete checkpoint, or null. */
export async function findNewestCheckpoint(logDir: string): Promise<CheckpointRef | null> {
  return (await listCheckpoints(logDir))[0] ?? null;
}
