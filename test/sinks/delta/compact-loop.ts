import { setTimeout as sleep } from 'node:timers/promises';
import { optimizeTable } from '../../../src/sinks/delta/optimize.js';

/**
 * A compactor process for `concurrent-compaction.test.ts`: `compact-loop.ts <tableDir> <runs>`
 * compacts the table `runs` times (every file counts as small), printing the outcomes as JSON.
 */
const [dir, runs] = process.argv.slice(2);
const outcomes: string[] = [];
for (let i = 0; i < Number(runs); i++) {
  const result = await optimizeTable(dir!, { minSmallFiles: 2, maxRuns: 1 });
  outcomes.push(result.status);
  await sleep(20);
}
process.stdout.write(JSON.stringify(outcomes) + '\n');
