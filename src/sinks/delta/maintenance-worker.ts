import { parentPort } from 'node:worker_threads';
import { optimizeTable, type OptimizeOptions } from './optimize.js';
import { vacuumTable, type VacuumOptions } from './vacuum.js';

/**
 * The thread `serve` runs table maintenance in, so that reading, sorting and encoding a table's
 * files never holds up the event loop that answers requests. One task at a time, answered by id.
 */
export type MaintenanceTask =
  | { id: number; op: 'optimize'; dir: string; options: OptimizeOptions }
  | { id: number; op: 'vacuum'; dir: string; options: VacuumOptions };

parentPort!.on('message', (task: MaintenanceTask) => {
  const run = task.op === 'optimize' ? optimizeTable(task.dir, task.options) : vacuumTable(task.dir, task.options);
  run.then(
    (result) => parentPort!.postMessage({ id: task.id, result }),
    (error: Error) => parentPort!.postMessage({ id: task.id, error: error.message }),
  );
});
