import type { Action, CommitInfo } from './actions.js';
import { serializeActions } from './actions.js';
import { StagedCommit } from './commit.js';
import { DELTA_LOG, logDir } from './log-paths.js';
import { readCommit } from './replay.js';
import { applyActions, type TableState } from './table-state.js';
import type { WriterMarker } from './writer-marker.js';

/**
 * A Delta transaction in the shape of delta-kernel-rs: it reads the table at a version (the
 * snapshot `state`), stages `add` / `remove` / `txn` actions, and commits them put-if-absent at the
 * next version (`commit.ts`).
 *
 * When another writer took that version, the transaction does not give up at once: it reads each
 * winning commit and asks its `rebase` rule whether its own actions are still valid on top of it
 * (PROTOCOL.md leaves conflict detection to writers; these rules are Delta Lake's optimistic
 * concurrency control). A blind append survives any winner that keeps the schema and protocol; a
 * compaction survives winners that only add files, and stops when a winner removed a file it read.
 * Losing is a value (`{ status: 'stopped' }` or `'exhausted'`), never an exception.
 */
export type CommitOutcome<T> =
  | { status: 'committed'; version: number; attempts: number }
  /** The rebase rule refused a winning commit; `value` says why. Nothing was committed. */
  | { status: 'stopped'; value: T; attempts: number }
  /** Lost `maxAttempts` races in a row. Nothing was committed. */
  | { status: 'exhausted'; attempts: number };

/**
 * Decides whether the staged actions still apply after `winner` (a commit another writer made
 * after the read version); `state` already includes it. Null: try the next version.
 */
export type RebaseRule<T> = (winner: readonly Action[], state: TableState) => T | null;

export class Transaction {
  private readonly staged: Action[] = [];

  /** `state` is the snapshot read; a successful commit advances it in place to the new version. */
  constructor(
    readonly tableDir: string,
    readonly state: TableState,
  ) {}

  get readVersion(): number {
    return this.state.version;
  }

  /** Stages one action (`add`, `remove`, `txn`, `metaData`, `protocol`). */
  stage(action: Action): this {
    this.staged.push(action);
    return this;
  }

  get actions(): readonly Action[] {
    return this.staged;
  }

  /** `marker`, when given, records the temporary commit file before it is written. */
  async commit<T>(commitInfo: CommitInfo, rebase: RebaseRule<T>, maxAttempts: number, marker?: WriterMarker): Promise<CommitOutcome<T>> {
    const actions: Action[] = [{ commitInfo }, ...this.staged];
    const dir = logDir(this.tableDir);
    const staged = await StagedCommit.stage(dir, serializeActions(actions), marker && ((name) => marker.record(`${DELTA_LOG}/${name}`)));
    try {
      for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        const result = await staged.publish(this.state.version + 1);
        if (result.status === 'committed') {
          applyActions(this.state, actions);
          this.state.version = result.version;
          return { status: 'committed', version: result.version, attempts: attempt };
        }
        // Read every commit that won since, checking the rule against each.
        for (;;) {
          const winner = await readCommit(dir, this.state.version + 1);
          if (!winner) break;
          applyActions(this.state, winner);
          this.state.version++;
          const stop = rebase(winner, this.state);
          if (stop !== null) return { status: 'stopped', value: stop, attempts: attempt };
        }
      }
      return { status: 'exhausted', attempts: maxAttempts };
    } finally {
      await staged.discard();
    }
  }
}

/**
 * The rule of a transaction that removes files (compaction, retention): a winner that removed one
 * of the same files, or changed the metaData or protocol, stops it (Delta Lake's
 * `ConcurrentDeleteReadException` / `MetadataChangedException`); a winner that only appended is
 * compatible, since its new files are not touched.
 */
export function removesConflict(removed: ReadonlySet<string>): RebaseRule<string> {
  return (winner) => {
    for (const action of winner) {
      if ('remove' in action && removed.has(action.remove.path)) {
        return `a concurrent commit removed ${action.remove.path}, which this one rewrites`;
      }
      if ('metaData' in action || 'protocol' in action) return 'a concurrent commit changed the table metadata or protocol';
    }
    return null;
  };
}
