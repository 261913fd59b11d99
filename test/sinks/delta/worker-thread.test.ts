import assert from 'node:assert/strict';
import { once } from 'node:events';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { startWorker } from '../../../src/sinks/delta/worker-thread.js';

const MB = 1 << 20;

/** A worker module that reports its young generation as V8 configured it, before allocating much. */
const PROBE = new URL(
  'data:text/javascript,' +
    encodeURIComponent(`import v8 from 'node:v8';
import { parentPort } from 'node:worker_threads';
parentPort.postMessage(v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size);`),
);

async function youngGeneration(worker: Worker): Promise<number> {
  const [bytes] = (await once(worker, 'message')) as [number];
  await worker.terminate();
  return bytes;
}

test('workers started by startWorker get the heap settings; a worker started before them did not', async () => {
  const limits = { resourceLimits: { maxYoungGenerationSizeMb: 64 } };
  // Started first, straight through Node: V8's default young generation, a few MB.
  const before = await youngGeneration(new Worker(PROBE, limits));
  const after = await youngGeneration(startWorker(PROBE, limits));
  assert.ok(before < 16 * MB, `a default worker starts below 16 MB of young generation (${before})`);
  assert.ok(after >= 16 * MB, `a worker from startWorker starts at 16 MB or more (${after})`);
});
