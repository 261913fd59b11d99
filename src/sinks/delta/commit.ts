import { link, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDir, isCode, writeNewFile } from '../../fs/durable.js';
import { commitFileName, tempFileName } from './log-paths.js';

/**
 * The put-if-absent step of a Delta commit on a local file system.
 *
 * PROTOCOL.md "Creation of New Log Entries": writers MUST never overwrite an existing log entry, and
 * should use the file system's atomic primitives so that concurrent writers cannot. The commit is
 * written completely to a temporary file and fsync'd, then hard-linked to `%020d.json`: `link(2)`
 * fails with EEXIST if the name exists, atomically, so of two writers racing for one version
 * exactly one wins, and a reader never sees a partial commit. `rename(2)` would silently replace
 * the winner's commit, so it is never used on commit names (delta-rs uses `renameat2` with
 * RENAME_NOREPLACE for the same reason; Node has no binding for it).
 *
 * Losing is an expected outcome, returned as `{ status: 'conflict' }` (as delta-kernel-rs returns
 * `CommitResponse::Conflict`): the caller re-reads the log and tries the next version with the same
 * staged file.
 */
export type PublishResult = { status: 'committed'; version: number } | { status: 'conflict'; version: number };

export class StagedCommit {
  private constructor(
    private readonly logDir: string,
    private readonly tempPath: string,
  ) {}

  /**
   * Writes and fsyncs the commit text under a temporary name in `_delta_log`; `beforeWrite` hears
   * the name first (a long transaction records it in its writer marker, `writer-marker.ts`).
   */
  static async stage(logDir: string, text: string, beforeWrite?: (name: string) => Promise<void>): Promise<StagedCommit> {
    const name = tempFileName('commit');
    await beforeWrite?.(name);
    const tempPath = join(logDir, name);
    await writeNewFile(tempPath, text);
    return new StagedCommit(logDir, tempPath);
  }

  /** Tries to make the staged text version `version` of the table. */
  async publish(version: number): Promise<PublishResult> {
    try {
      await link(this.tempPath, join(this.logDir, commitFileName(version)));
    } catch (error) {
      if (isCode(error, 'EEXIST')) return { status: 'conflict', version };
      throw error;
    }
    // The new directory entry is what makes the commit exist: make it durable before reporting it.
    await fsyncDir(this.logDir);
    return { status: 'committed', version };
  }

  /** Removes the temporary name (after publishing, the commit keeps its own link to the data). */
  async discard(): Promise<void> {
    await unlink(this.tempPath).catch(() => {});
  }
}
