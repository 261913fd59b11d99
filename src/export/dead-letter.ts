import { mkdir, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDir, writeNewFile } from '../fs/durable.js';

/**
 * Batches the sink refused for good (table dropped, schema changed) are moved here rather than
 * dropped: `<dir>/<catalog.schema.table>/<time>-<n>.dead` holds the spooled records, framed by
 * their length, and `.json` beside it says why. `requeue` puts them back once the cause is fixed.
 */
export class DeadLetters {
  private counter = 0;

  constructor(readonly dir: string) {}

  async write(table: string, payloads: Uint8Array[], error: Error): Promise<string> {
    const tableDir = join(this.dir, table);
    await mkdir(tableDir, { recursive: true });
    const base = join(tableDir, `${Date.now()}-${process.pid}-${this.counter++}`);
    const frames: Uint8Array[] = [];
    for (const payload of payloads) {
      const length = Buffer.alloc(4);
      length.writeUInt32LE(payload.length);
      frames.push(length, payload);
    }
    await writeNewFile(`${base}.json`, JSON.stringify({ table, error: error.message, at: new Date().toISOString(), records: payloads.length }) + '\n');
    // The data file appears last, under its final name, so a listed `.dead` file is always whole.
    await writeNewFile(`${base}.tmp`, Buffer.concat(frames));
    await rename(`${base}.tmp`, `${base}.dead`);
    await fsyncDir(tableDir);
    return `${base}.dead`;
  }

  /** Every dead-letter file, oldest first within its table. */
  async list(): Promise<Array<{ table: string; path: string }>> {
    const out: Array<{ table: string; path: string }> = [];
    let tables: string[];
    try {
      tables = await readdir(this.dir);
    } catch {
      return out;
    }
    for (const table of tables.sort()) {
      const files = (await readdir(join(this.dir, table))).filter((f) => f.endsWith('.dead')).sort(byTime);
      for (const f of files) out.push({ table, path: join(this.dir, table, f) });
    }
    return out;
  }

  /** Reads the records of one file. */
  async read(path: string): Promise<Uint8Array[]> {
    const buf = await readFile(path);
    const payloads: Uint8Array[] = [];
    for (let at = 0; at < buf.length; ) {
      const length = buf.readUInt32LE(at);
      payloads.push(buf.subarray(at + 4, at + 4 + length));
      at += 4 + length;
    }
    return payloads;
  }

  /** Removes a file whose records were put back into the spool. */
  async remove(path: string): Promise<void> {
    await unlink(path);
    await unlink(path.replace(/\.dead$/, '.json')).catch(() => undefined);
  }
}

function byTime(a: string, b: string): number {
  return Number(a.split('-')[0]) - Number(b.split('-')[0]) || a.localeCompare(b);
}

