import type { EncodedFile } from './data-file.js';

/**
 * Parquet files encoded ahead of their commit (issue 16: encode batch N+1 while batch N commits),
 * keyed by table directory and the batch's id. Encoding writes nothing, so a file that is never
 * asked for is only memory: the oldest are dropped past a few, and one that failed is encoded again
 * by the write itself.
 */
const MAX_AHEAD = 8;

export class EncodeAhead {
  private readonly files = new Map<string, Promise<EncodedFile>>();

  put(dir: string, id: string, file: Promise<EncodedFile>): void {
    // A failure here is the write's to meet (it encodes again); never an unhandled rejection.
    file.catch(() => undefined);
    this.files.set(`${dir}\0${id}`, file);
    while (this.files.size > MAX_AHEAD) this.files.delete(this.files.keys().next().value!);
  }

  has(dir: string, id: string): boolean {
    return this.files.has(`${dir}\0${id}`);
  }

  /** The file encoded ahead for this batch (taken: asked for once), or null. */
  async take(dir: string, id: string | undefined, rowCount: number): Promise<EncodedFile | null> {
    if (id === undefined) return null;
    const key = `${dir}\0${id}`;
    const file = this.files.get(key);
    if (file === undefined) return null;
    this.files.delete(key);
    const encoded = await file.catch(() => null);
    return encoded !== null && encoded.numRecords === rowCount ? encoded : null;
  }

  clear(): void {
    this.files.clear();
  }
}
