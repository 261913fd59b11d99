/**
 * A separate writer process for `concurrent-writers.test.ts`:
 * `node --import tsx append-worker.ts <tableDir> <tag> <commits> <rowsPerCommit>`.
 * Prints `ready`, waits for a line on stdin so that all writers start together, creates the table
 * (racing the other writers for version 0), appends, and prints a JSON summary.
 */
import { createInterface } from 'node:readline';
import { TABLE_SCHEMAS } from '../../../src/schema/tables.js';
import { DeltaTable } from '../../../src/sinks/delta/table.js';
import { manyLogRows } from './fixtures.js';

const [dir, tag, commits, rowsPerCommit] = process.argv.slice(2);
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
process.stdout.write('ready\n');
await lines.next();

const table = new DeltaTable(dir);
const created = await table.create(TABLE_SCHEMAS.logs);
const versions: number[] = [];
let lostRaces = 0;
for (let i = 0; i < Number(commits); i++) {
  const result = await table.append(TABLE_SCHEMAS.logs, manyLogRows(Number(rowsPerCommit), `${tag}-${i}`));
  if (result.status !== 'committed') throw new Error(`append ${i}: ${JSON.stringify(result)}`);
  const checkpoint = await result.checkpoint;
  if (checkpoint?.checkpointError) throw checkpoint.checkpointError;
  versions.push(result.version);
  lostRaces += result.attempts - 1;
}
process.stdout.write(`${JSON.stringify({ created: created.created, versions, lostRaces })}\n`);
process.exit(0);
