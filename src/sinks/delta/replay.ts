import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type Action, parseActions } from './actions.js';
import { type CheckpointRef, listCheckpoints, readCheckpoint, readLastCheckpoint } from './checkpoint.js';
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
  if (start.checkpoint) {
    applyActions(state, start.checkpoint.actions);
    state.version = start.checkpoint.version;
  }
  await refreshTableState(tableDir, state);
  if (state.version < start.mustReach) {
    throw new Error(
      `${dir}: checkpoint ${start.mustReach} cannot be read and the commits before it are gone (replay stops at version ${state.version}); the table cannot be read`,
    );
  }
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

/**
 * The checkpoint replay starts from: the one `_last_checkpoint` names, else the newest complete one
 * in the listing. A checkpoint that cannot be read (truncated or corrupt Parquet, or one without
 * protocol and metaData) is skipped for an earlier one, and when none is readable, replay starts
 * from version 0: the protocol makes a checkpoint only a shortcut for the commits before it
 * (PROTOCOL.md "Checkpoints"), so as long as they are still there the table reads the same. When
 * they are gone (log clean-up), `refreshTableState` finds the gap and the error names the file.
 */
async function startingCheckpoint(
  dir: string,
): Promise<{ checkpoint: { version: number; actions: Action[] } | null; mustReach: number }> {
  const candidates: CheckpointRef[] = [];
  const hint = await readLastCheckpoint(dir);
  if (hint) candidates.push({ version: hint.version, parts: hint.parts ?? 1 });
  for (const ref of await listCheckpoints(dir)) {
    if (!candidates.some((c) => c.version === ref.version && c.parts === ref.parts)) candidates.push(ref);
  }
  candidates.sort((a, b) => b.version - a.version);
  const problems: string[] = [];
  // A skipped checkpoint's version must still be reached by replaying commits.
  let mustReach = -1;
  for (const { version, parts } of candidates) {
    try {
      const actions = await readCheckpoint(dir, version, parts);
      if (!actions.some((a) => 'protocol' in a) || !actions.some((a) => 'metaData' in a)) {
        throw new Error('it has no protocol or metaData action');
      }
      return { checkpoint: { version, actions }, mustReach };
    } catch (error) {
      // A hint naming a checkpoint that log clean-up removed is not a problem worth reporting.
      if (!isCode(error, 'ENOENT')) {
        problems.push(`checkpoint ${version}: ${(error as Error).message}`);
        mustReach = Math.max(mustReach, version);
      }
    }
  }
  if (problems.length > 0 && !(await readFileIfExists(join(dir, commitFileName(0))))) {
    throw new Error(`${dir}: no readable checkpoint (${problems.join('; ')}) and no commit 0 to replay from; the table cannot be read`);
  }
  return { checkpoint: null, mustReach };
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
