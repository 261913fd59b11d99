import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { WrittenFile } from './data-file.js';

/**
 * Data files encoded and written ahead of their commit (issue 16: batches N+1, N+2... encoded and
 * written while batch N commits), keyed by table directory and the batch's id. A file no commit
 * will name is removed when it is dropped: past `MAX_AHEAD`, when asked for with another row count
 * (the batch changed), and at close; one whose encoding failed is encoded again by the write itself.
 * The cap is for files left by batches that changed: each busy table keeps up to two per encode
 * thread ahead (the loop's `prepareDepth`), and dropping one of those would only encode it again.
 */
export const MAX_AHEAD = 64;

/**
 * A file written ahead is committed only while it is younger than this. Vacuum deletes files no
 * commit names once they are 15 minutes old (`IN_FLIGHT_MARGIN_MS`); one that waited longer behind
 * a failing commit is written afresh instead, so that a commit never names a file vacuum may have
 * taken.
 */
export const MAX_AHEAD_AGE_MS = 10 * 60_000;

export class EncodeAhead {
  private readonly files = new Map<string, { dir: string; file: Promise<WrittenFile>; written: boolean }>();

  put(dir: string, id: string, file: Promise<WrittenFile>): void {
    const entry = { dir, file, written: false };
    // A failure here is the write's to meet (it encodes again); never an unhandled rejection.
    file.then(() => (entry.written = true)).catch(() => undefined);
    this.files.set(`${dir}\0${id}`, entry);
    while (this.files.size > MAX_AHEAD) this.drop(this.files.keys().next().value!);
  }

  has(dir: string, id: string): boolean {
    return this.files.has(`${dir}\0${id}`);
  }

  /** Whether the batch's file is written and fsync'd (taking it would not wait). */
  isWritten(dir: string, id: string | undefined): boolean {
    return id !== undefined && this.files.get(`${dir}\0${id}`)?.written === true;
  }

  /** The file written ahead for this batch (taken: asked for once), or null: none, or not fit to commit now. */
  async take(dir: string, id: string | undefined, rowCount: number): Promise<WrittenFile | null> {
    if (id === undefined) return null;
    const key = `${dir}\0${id}`;
    const entry = this.files.get(key);
    if (entry === undefined) return null;
    this.files.delete(key);
    const written = await entry.file.catch(() => null);
    if (written === null) return null;
    if (written.numRecords === rowCount && Date.now() - written.add.modificationTime < MAX_AHEAD_AGE_MS) return written;
    await removeWritten(dir, written);
    return null;
  }

  /** Drops every file not yet taken; resolves once they are removed. */
  async clear(): Promise<void> {
    await Promise.all([...this.files.keys()].map((key) => this.drop(key)));
  }

  private async drop(key: string): Promise<void> {
    const entry = this.files.get(key)!;
    this.files.delete(key);
    const written = await entry.file.catch(() => null);
    if (written !== null) await removeWritten(entry.dir, written);
  }
}

/** Removes a file written ahead that no commit names. */
export function removeWritten(dir: string, { add }: WrittenFile): Promise<void> {
  return unlink(join(dir, add.path)).catch(() => undefined);
}
