import type { Worker } from 'node:worker_threads';
import { startWorker } from './worker-thread.js';
import type { MaintenanceTask } from './maintenance-worker.js';

type Task = MaintenanceTask extends infer T ? (T extends { id: number } ? Omit<T, 'id'> : never) : never;

/**
 * One worker thread for table maintenance, started when a task comes and ended when none is left.
 * Tasks run one after another; a thread that dies fails its task and the next task starts a new one. `close` terminates it even
 * mid-task, which is safe: a transaction cut short leaves the table as it was (`optimize.ts`).
 */
export class MaintenanceThread {
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly waiting = new Map<number, { worker: Worker; resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private closed = false;

  run<R>(task: Task): Promise<R> {
    if (this.closed) return Promise.reject(new Error('table maintenance is stopped'));
    const worker = (this.worker ??= this.start());
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      this.waiting.set(id, { worker, resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ ...task, id });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.worker?.terminate();
  }

  private start(): Worker {
    const worker = startWorker(new URL('./maintenance-worker.js', import.meta.url));
    worker.on('message', (message: { id: number; result?: unknown; error?: string }) => {
      const waiter = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      // Parquet's WebAssembly memory only grows: a thread with nothing left to do is ended, so
      // that what a compaction needed is given back between runs (the next task starts a new one).
      if (![...this.waiting.values()].some((w) => w.worker === worker)) {
        if (this.worker === worker) this.worker = null;
        void worker.terminate();
      }
      if (message.error !== undefined) waiter?.reject(new Error(message.error));
      else waiter?.resolve(message.result);
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const [id, waiter] of this.waiting) {
        if (waiter.worker !== worker) continue;
        this.waiting.delete(id);
        waiter.reject(error);
      }
    };
    worker.once('error', fail);
    worker.once('exit', (code) => fail(new Error(`the maintenance thread exited with code ${code}`)));
    // Referenced while it works (a task's caller may be all that keeps the process up); it is
    // ended as soon as it has nothing left to do, so it never holds a process open when idle.
    return worker;
  }
}
