import v8 from 'node:v8';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * V8 heap settings for worker isolates, where Node has no per-thread option for them: V8's flags,
 * read by every isolate created after they are set (the main isolate is made already). An encode
 * worker keeps little between batches (10-15 MB), and V8 sizes its heap from that:
 *
 * - the old generation's limit for starting a full collection follows what survived the last one,
 *   and what each batch promoted crossed it every one to four batches (25-40 full
 *   collections per worker in 15 s at the maximum rate of `npm run bench`): from 64 MB, one to ten;
 * - the young generation starts at 1-2 MB and grows only as it fills, so that each worker runs its
 *   first batches with scavenges several times as frequent: it starts at 16 MB (and still grows
 *   to what the worker's `resourceLimits` allow).
 *
 * Interleaved with the defaults, 4 rounds of `bench/e2e.ts` at the maximum rate: CPU per committed
 * row metrics 4.7 -> 4.4 µs, logs 10.8 -> 10.3 µs, rows/s +5%, peak RSS unchanged (410-445 MiB).
 * A 128 MB old generation took logs 3% lower still, but with +60-80 MiB of peak RSS.
 */
const WORKER_HEAP_FLAGS = ['--initial-old-space-size=64', '--min-semi-space-size=16'];
let heapFlagsSet = false;

/**
 * Starts the worker module that `url` names: a `.js` file beside its caller, resolved against the
 * caller's `import.meta.url`. Compiled, that is a plain module. From the TypeScript sources (tests,
 * `tsx`) the `.ts` beside it is loaded through tsx, registered inside the worker, since loader
 * hooks are not inherited by worker threads.
 */
export function startWorker(url: URL, options: { resourceLimits?: ResourceLimits } = {}): Worker {
  if (!heapFlagsSet) {
    for (const flag of WORKER_HEAP_FLAGS) v8.setFlagsFromString(flag);
    heapFlagsSet = true;
  }
  if (!import.meta.url.endsWith('.ts')) return new Worker(url, options);
  const source = url.href.replace(/\.js$/, '.ts');
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
