import { parentPort } from 'node:worker_threads';
import { encodeAndWriteTask, encodeTask, type EncodeTask } from './encode-task.js';

/**
 * A worker thread of the encode pool, answering by id. A task with a `dir` is announced encoded
 * before its file is written, so that the pool can send the next task while the write's fsync runs.
 */
parentPort!.on('message', async ({ id, task, dir }: { id: number; task: EncodeTask; dir?: string }) => {
  try {
    if (dir !== undefined) {
      const written = await encodeAndWriteTask(task, dir, () => parentPort!.postMessage({ id, encoded: true }));
      parentPort!.postMessage({ id, written });
      return;
    }
    const file = encodeTask(task);
    parentPort!.postMessage({ id, file }, [file.bytes.buffer as ArrayBuffer]);
  } catch (error) {
    parentPort!.postMessage({ id, error: (error as Error).message });
  }
});
