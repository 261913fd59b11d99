import { optimizeTable } from '../../../src/sinks/delta/optimize.js';

/** A compaction in its own process, for tests that SIGKILL it: `optimize-child.ts <tableDir> [targetBytes]`. */
const [dir, target] = process.argv.slice(2);
const result = await optimizeTable(dir!, target ? { targetFileBytes: Number(target) } : {});
process.stdout.write(JSON.stringify(result) + '\n');
