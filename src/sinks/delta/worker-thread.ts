import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * Starts the worker module that `url` names: a `.js` file beside its caller, resolved against the
 * caller's `import.meta.url`. Compiled, that is a plain module. From the TypeScript sources (tests,
 * `tsx`) the `.ts` beside it is loaded through tsx, registered inside the worker, since loader
 * hooks are not inherited by worker threads.
 */
export function startWorker(url: URL, options: { resourceLimits?: ResourceLimits } = {}): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(url, options);
  const source = url.href.replace(/\.js$/, '.ts');
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
