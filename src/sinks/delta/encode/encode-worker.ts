import { parentPort } from 'node:worker_threads';
import { encodeAndWriteTask, encodeTask, type EncodeTask } from './encode-task.js';

/** A worker thread of the encode pool: one task at a time, answered by id. */
parentPort!.on('message', async ({ id, task, dir }: { id: number; task: EncodeTask; dir?: string }) => {
  try {
    if (dir !== undefined) {
      parentPort!.postMessage({ id, written: await encodeAndWriteTask(task, dir) });
      return;
    }
    const file = encodeTask(task);
    parentPort!.postMessage({ id, file }, [file.bytes.buffer as ArrayBuffer]);
  } catch (error) {
    parentPort!.postMessage({ id, error: (error as Error).message });
  }
});
