import { open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
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

  async load(): Promise<void> {
    const text = await readFile(this.path, 'utf8').catch(() => '{}');
    for (const [table, seq] of Object.entries(JSON.parse(text) as Record<string, number>)) this.done.set(table, seq);
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
