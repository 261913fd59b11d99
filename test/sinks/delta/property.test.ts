import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { TABLE_SCHEMAS } from '../../../src/schema/tables.js';
import { optimizeTable } from '../../../src/sinks/delta/optimize.js';
import { appendRows, createTable } from './table-helpers.js';
import { vacuumTable } from '../../../src/sinks/delta/vacuum.js';
import { tempDir } from './temp-dir.js';
import { rng } from '../../rows/wire/payloads.js';
import { runChild } from './child.js';
import { DAY, HOUR, logRow } from './rows.js';
import { liveValues, parquetOnDisk, snapshotFiles } from './snapshot-reader.js';

/**
 * Random sequences of appends, compactions (some SIGKILLed at a random moment), retention runs and
 * vacuums: after every step the table, read by an independent reader from `_last_checkpoint`
 * (checkpoint through DuckDB, then the JSON after it), holds exactly the rows appended minus those
 * past the retention. The log retention is set to 0 so that log clean-up deletes every commit
 * before the last checkpoint, and readers must start there.
 *
 * Fixed seeds; OTLP_DELTA_PROPERTY_RUNS raises the number of sequences.
 */
const RUNS = Number(process.env.OTLP_DELTA_PROPERTY_RUNS ?? 1);
const STEPS = 40;

const schema = {
  ...TABLE_SCHEMAS.logs,
  properties: { ...TABLE_SCHEMAS.logs.properties, 'delta.logRetentionDuration': 'interval 0 hours', 'delta.checkpointInterval': '5' },
};

for (let run = 0; run < RUNS; run++) {
  const seed = 1234 + run;
  test(`random appends, compactions (some killed), retention and vacuum keep exactly the right rows (seed ${seed})`, { timeout: 120_000 }, async (t) => {
    const random = rng(seed);
    const dir = join(await tempDir(t), 'c', 's', 'logs');
    await createTable(dir, schema);
    const now = Date.now();
    const expected = new Map<string, number>(); // body -> time (ms)
    let next = 0;
    const log: string[] = [];
    for (let step = 0; step < STEPS; step++) {
      const r = random();
      if (r < 0.6) {
        const rows = [];
        for (let i = 0, n = 1 + Math.floor(random() * 4); i < n; i++) {
          const time = now - Math.floor(random() * 10 * DAY);
          const id = `r${next++}`;
          expected.set(id, time);
          rows.push(logRow(id, time));
        }
        await appendRows(dir, schema, rows);
        log.push('append');
      } else if (r < 0.72) {
        const result = await optimizeTable(dir, { now });
        log.push(`optimize:${result.status}`);
      } else if (r < 0.82) {
        const killAfter = 300 + Math.floor(random() * 1500);
        const child = await runChild('./optimize-child.ts', [dir], killAfter);
        log.push(`killed-optimize:${child.signal ?? child.code}`);
      } else if (r < 0.9) {
        const days = 3 + Math.floor(random() * 6);
        await optimizeTable(dir, { now, retentionDays: days, minSmallFiles: 1000 });
        const cut = now - days * DAY;
        for (const [id, time] of expected) if (time < cut) expected.delete(id);
        log.push(`retention:${days}`);
      } else {
        const retainMs = random() < 0.5 ? 0 : HOUR;
        await vacuumTable(dir, { retainMs });
        log.push(`vacuum:${retainMs}`);
        if (retainMs === 0) {
          // Nothing but live files is left (a killed compaction's files go at once, by its marker).
          assert.deepEqual(await parquetOnDisk(dir), (await snapshotFiles(dir)).files, log.join(' '));
        }
      }
      assert.deepEqual(await liveValues(dir, 'body'), [...expected.keys()].sort(), `after ${log.join(' ')}`);
    }
    t.diagnostic(log.join(' '));
  });
}
