import type { Worker } from 'node:worker_threads';
import { startWorker } from '../worker-thread.js';
import type { EncodedFile, WrittenFile } from '../data-file.js';
import { encodeAndWriteTask, encodeTask, type EncodeTask } from './encode-task.js';

/**
 * A batch's rows live for the whole encode, so with V8's default young generation most of them are
 * promoted and collected by full GCs. 64 MB keeps them young: at the maximum rate of `npm run bench`
 * it took 5-9% less CPU per row than the default, with no higher peak RSS (128 MB: 8-9% less,
 * but +100-150 MiB).
 */
const YOUNG_GENERATION_MB = 64;

interface Pending {
  id: number;
  task: EncodeTask;
  /** Where the worker writes the file, when it does. */
  dir?: string;
  /** Move the bodies' buffers to the worker rather than copy them (they are the caller's own). */
  transfer: boolean;
  resolve: (file: EncodedFile | WrittenFile) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  /** Tasks sent to the worker and not answered yet, by id. */
  busy: Map<number, Pending>;
  /** The one of them still encoding, if any (the others only wait for their file's fsync). */
  encoding: number | null;
}

/**
 * Worker threads that turn spooled bodies into Parquet files, so that decoding them again,
 * shredding them into columns and encoding Parquet never hold up the event loop that answers
 * requests. With 0 workers the work runs inline (for tools and tests that want no threads).
 *
 * A worker that has encoded a file and only waits for its write and fsync takes the next task:
 * an fsync on a busy disk can take longer than an encode.
 */
export class EncodePool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 0;
  private closed = false;

  constructor(readonly size: number) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  /**
   * With `transfer`, the bodies' buffers move to the worker (and are unusable here afterwards):
   * only for buffers on ArrayBuffers that are the caller's own (bodies may share one).
   */
  encode(task: EncodeTask, transfer = false): Promise<EncodedFile> {
    if (this.size === 0) return Promise.resolve().then(() => encodeTask(task));
    return this.submit(task, undefined, transfer) as Promise<EncodedFile>;
  }

  /** Encodes and writes the file into the table directory `dir` (see `encodeAndWriteTask`). */
  encodeAndWrite(task: EncodeTask, dir: string, transfer = false): Promise<WrittenFile> {
    if (this.size === 0) return encodeAndWriteTask(task, dir);
    return this.submit(task, dir, transfer) as Promise<WrittenFile>;
  }

  private submit(task: EncodeTask, dir: string | undefined, transfer: boolean): Promise<EncodedFile | WrittenFile> {
    if (this.closed) return Promise.reject(new Error('the encode pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, dir, transfer, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new Error('the encode pool is closed'));
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private dispatch(): void {
    // Idle workers first, then those only waiting for a write.
    const free = this.slots.filter((slot) => slot.encoding === null).sort((a, b) => a.busy.size - b.busy.size);
    for (const slot of free) {
      if (this.queue.length === 0) return;
      const pending = this.queue.shift()!;
      slot.busy.set(pending.id, pending);
      slot.encoding = pending.id;
      const buffers = pending.transfer ? [...new Set(pending.task.records.map((r) => r.body.buffer as ArrayBuffer))] : [];
      slot.worker.postMessage({ id: pending.id, task: pending.task, dir: pending.dir }, buffers);
    }
  }

  private spawn(): Slot {
    const worker = startWorker(new URL('./encode-worker.js', import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
    const slot: Slot = { worker, busy: new Map(), encoding: null };
    slot.worker.on('message', (message: { id: number; encoded?: true; file?: EncodedFile; written?: WrittenFile; error?: string }) => {
      const pending = slot.busy.get(message.id);
      if (!pending) return;
      if (slot.encoding === message.id) slot.encoding = null;
      if (message.encoded) {
        this.dispatch();
        return;
      }
      slot.busy.delete(message.id);
      const result = message.file ?? message.written;
      if (result) pending.resolve(result);
      else pending.reject(new Error(message.error));
      this.dispatch();
    });
    let replaced = false;
    const replace = (error: Error) => {
      if (replaced) return;
      replaced = true;
      for (const pending of slot.busy.values()) pending.reject(error);
      slot.busy.clear();
      if (this.closed) return;
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots[index] = this.spawn();
      this.dispatch();
    };
    slot.worker.once('error', replace);
    slot.worker.once('exit', (code) => replace(new Error(`an encode worker exited with code ${code}`)));
    return slot;
  }
}
