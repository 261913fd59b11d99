import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readTable } from '../helpers/delta-reader.js';
import { countUids, uidLogsRequest } from '../helpers/logs-load.js';
import { removeDir, startServer, type RunningServer } from '../helpers/server.js';

const ROUNDS = 5;
const CLIENTS = 4;
const RECORDS_PER_REQUEST = 25;

/**
 * Posts requests until the server dies; returns the uids of every record whose request got a 200.
 */
async function client(server: RunningServer, id: string, acknowledged: string[]): Promise<void> {
  for (let n = 0; ; n++) {
    const uids = Array.from({ length: RECORDS_PER_REQUEST }, (_, i) => `${id}-${n}-${i}`);
    try {
      const response = await fetch(`${server.url}/v1/logs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-databricks-uc-table-name': 'main.crash.t_otel_logs' },
        body: uidLogsRequest(uids),
      });
      if (response.status === 200) acknowledged.push(...uids);
      else await response.arrayBuffer();
    } catch {
      return; // the server was killed mid-request: that request was not acknowledged
    }
  }
}

test('SIGKILL during load, repeated: every acknowledged record lands exactly once', { timeout: 180_000 }, async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'otlp-delta-crash-'));
  const acknowledged: string[] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      // A short batch age keeps commits happening while the kill lands.
      const server = await startServer({ dataDir, env: { OTLP_DELTA_BATCH_MAX_AGE_MS: '50' } });
      const clients = Array.from({ length: CLIENTS }, (_, c) => client(server, `r${round}c${c}`, acknowledged));
      await new Promise((r) => setTimeout(r, 400 + Math.random() * 1200));
      server.process.kill('SIGKILL');
      await Promise.all(clients);
      await server.stop();
    }
    // A clean run drains what the killed ones left in the spool.
    const last = await startServer({ dataDir });
    assert.equal(await last.stop(), 0, last.output());

    const counts = countUids(await readTable(join(dataDir, 'main', 'crash', 't_otel_logs'), "map_extract_value(attributes, 'uid') AS uid"));
    console.log(`${acknowledged.length} records acknowledged over ${ROUNDS} kills; ${counts.size} distinct records in the table`);
    assert.ok(acknowledged.length > ROUNDS * RECORDS_PER_REQUEST, `load reached the server (${acknowledged.length} acknowledged)`);
    const missing = acknowledged.filter((uid) => counts.get(uid) !== 1);
    assert.deepEqual(missing.slice(0, 10), [], `${missing.length} acknowledged records are not in the table exactly once`);
    const duplicated = [...counts].filter(([, n]) => n > 1);
    assert.deepEqual(duplicated.slice(0, 10), [], 'no record is in the table twice');
  } finally {
    await removeDir(dataDir);
  }
});
