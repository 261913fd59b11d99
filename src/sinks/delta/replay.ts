import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type Action, parseActions } from './actions.js';
import { findNewestCheckpoint, readCheckpoint, readLastCheckpoint } from './checkpoint.js';
import { isCode, readFileIfExists } from '../../fs/durable.js';
import { commitFileName, logDir, parseLogFileName } from './log-paths.js';
import { applyActions, emptyState, type TableState } from './table-state.js';

/**
 * Log replay (PROTOCOL.md "Action Reconciliation"): the newest checkpoint, then every commit after
 * it in version order.
 *
 * Versions are contiguous, so the commits after the checkpoint are found by reading
 * `version + 1`, `version + 2`, ... until one is missing, without listing `_delta_log`. A commit file
 * is complete as soon as its name exists (`commit.ts` links a fsync'd file), so this never reads a
 * partial commit.
 */
export async function readTableState(tableDir: string): Promise<TableState | null> {
  const dir = logDir(tableDir);
  const state = emptyState();
  const start = await startingCheckpoint(dir);
  if (start) {
    applyActions(state, start.actions);
    state.version = start.version;
  }
  await refreshTableState(tableDir, state);
  if (state.version < 0) {
    await assertNoCommits(dir);
    return null;
  }
  if (!state.protocol || !state.metaData) {
    throw new Error(`${tableDir}: the Delta log up to version ${state.version} has no protocol or metaData action`);
  }
  return state;
}

/**
 * Brings `state` up to the newest version by applying the commits after `state.version`, in place,
 * and returns it. Cheap when nothing changed: one failed open.
 */
export async function refreshTableState(tableDir: string, state: TableState): Promise<TableState> {
  const dir = logDir(tableDir);
  for (;;) {
    const actions = await readCommit(dir, state.version + 1);
    if (!actions) return state;
    applyActions(state, actions);
    state.version++;
  }
}

/** The actions of commit `version`, or null if it does not exist (yet). */
export async function readCommit(dir: string, version: number): Promise<Action[] | null> {
  const bytes = await readFileIfExists(join(dir, commitFileName(version)));
  return bytes ? parseActions(bytes.toString('utf8')) : null;
}

async function startingCheckpoint(dir: string): Promise<{ version: number; actions: Action[] } | null> {
  const hint = await readLastCheckpoint(dir);
  if (hint) {
    try {
      return { version: hint.version, actions: await readCheckpoint(dir, hint.version, hint.parts ?? 1) };
    } catch (error) {
      // A hint naming a checkpoint that metadata cleanup removed: fall back to listing. Any other
      // failure (a corrupt checkpoint) is reported, not skipped: the commits it covers may be gone.
      if (!isCode(error, 'ENOENT')) throw error;
    }
  }
  const newest = await findNewestCheckpoint(dir);
  return newest ? { version: newest.version, actions: await readCheckpoint(dir, newest.version, newest.parts) } : null;
}

/**
 * Without a checkpoint and without commit 0, the log must be empty. If it holds later commits (their
 * predecessors and checkpoint deleted by hand), the table is broken; saying so beats answering "no
 * table", on which a writer would create version 0 next to them.
 */
async function assertNoCommits(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return;
    throw error;
  }
  const stray = names.find((name) => parseLogFileName(name)?.kind === 'commit');
  if (stray) throw new Error(`${dir} holds ${stray} but neither version 0 nor a checkpoint: the log is incomplete`);
}
