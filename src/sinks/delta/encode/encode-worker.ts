import { parentPort } from 'node:worker_threads';
import { encodeTask, type EncodeTask } from './encode-task.js';

/** A worker thread of the encode pool: one task at a time, answered by id. */
parentPort!.on('message', ({ id, task }: { id: number; task: EncodeTask }) => {
  try {
    const file = encodeTask(task);
    parentPort!.postMessage({ id, file }, [file.bytes.buffer as ArrayBuffer]);
  } catch (error) {
    parentPort!.postMessage({ id, error: (error as Error).message });
  }
});
