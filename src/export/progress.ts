import { open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConfigError } from '../config/load.js';
import { fsyncDir } from '../fs/durable.js';

/**
 * The last spool sequence number each table is done with (committed, or set aside as a dead
 * letter). A table's batches complete in spool order, so one number per table says which of its
 * spooled records a restart can skip.
 *
 * The spool does not persist acknowledgements, and a sink that records no transactions (the
 * warehouse) cannot say what it holds: without this file every restart would export again the
 * acknowledged records still in the spool. It is written after each completion without fsync
 * (losing the last write only means exporting again, at least once) and with fsync where that is
 * not enough: after a dead letter, and at shutdown.
 */
export class ExportProgress {
  private readonly done = new Map<string, number>();
  private saving: Promise<void> = Promise.resolve();
  private dirty = false;

  constructor(private readonly path: string) {}

  /** Reads the file (none yet: nothing done); one that is not what this class writes stops the start. */
  async load(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    const entries = parseProgress(text);
    if (entries === null) {
      throw new ConfigError(
        `${this.path} is damaged (not a JSON object of table names to sequence numbers); it records which spooled records are exported: ` +
          'move it aside to start anyway (the spooled records are then exported again: local Delta tables skip what they hold, a warehouse table may get duplicates)',
      );
    }
    for (const [table, seq] of entries) this.done.set(table, seq);
  }

  /** The last seq `table` is done with, or -1. */
  doneWith(table: string): number {
    return this.done.get(table) ?? -1;
  }

  /** Records that `table` is done with every record up to `seq`, and saves soon. */
  advance(table: string, seq: number): void {
    if (seq <= this.doneWith(table)) return;
    this.done.set(table, seq);
    void this.save(false).catch(() => undefined);
  }

  /** Writes the file (temp + rename); with `sync`, also fsyncs it and its directory. Saves coalesce. */
  save(sync: boolean): Promise<void> {
    this.dirty = true;
    this.saving = this.saving.then(async () => {
      if (!this.dirty && !sync) return;
      this.dirty = false;
      const tmp = `${this.path}.tmp`;
      const handle = await open(tmp, 'w');
      try {
        await handle.writeFile(JSON.stringify(Object.fromEntries(this.done)));
        if (sync) await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(tmp, this.path);
      if (sync) await fsyncDir(dirname(this.path));
    });
    return this.saving;
  }
}

/** The file's entries, or null when it is not an object of integers (a torn or foreign file). */
function parseProgress(text: string): Array<[string, number]> | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const entries = Object.entries(value);
  return entries.every(([, seq]) => Number.isSafeInteger(seq)) ? (entries as Array<[string, number]>) : null;
}
