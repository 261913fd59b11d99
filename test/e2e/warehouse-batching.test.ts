import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { inserts, postLogs, runCli, serveWarehouse, uidCounts, warehouseEnv } from '../sinks/databricks/e2e-helpers.js';
import { removeDir } from '../helpers/server.js';
import { startTestWarehouse, type TestWarehouse } from '../warehouse/index.js';

/**
 * What the warehouse batch age costs: INSERT statements for a minute of steady traffic (one
 * request a second per table), at the default age (30 s) against the 500 ms the local sink uses.
 * The minute is run ten times faster (requests every 100 ms, ages 3 s and 50 ms): the counts are
 * those of the real minute, since both the traffic and the ages are scaled alike.
 */
const SCALE = 10;
const MINUTE_MS = 60_000 / SCALE;
const REQUEST_EVERY_MS = 1_000 / SCALE;
const DEFAULT_AGE_MS = 30_000;

let wh: TestWarehouse;
before(async () => {
  wh = await startTestWarehouse();
  for (const prefix of ['slow', 'fast']) {
    const made = await runCli(['bootstrap', '--catalog', 'main', '--schema', 'batching', '--prefix', prefix], warehouseEnv(wh));
    assert.equal(made.code, 0, made.stderr);
  }
});
after(() => wh?.close());

async function minuteOfTraffic(ageMs: number, table: string): Promise<{ statements: number; requests: number }> {
  const server = await serveWarehouse(wh, { env: { OTLP_DELTA_WAREHOUSE_BATCH_MAX_AGE_MS: String(ageMs / SCALE) } });
  const uids: string[] = [];
  try {
    const start = Date.now();
    for (let i = 0; Date.now() - start < MINUTE_MS; i++) {
      const uid = `${ageMs}-${i}`;
      const response = await postLogs(server.url, table, [uid]);
      assert.equal(response.status, 200);
      uids.push(uid);
      await sleep(REQUEST_EVERY_MS);
    }
  } finally {
    assert.equal(await server.stop(), 0);
    await removeDir(server.dataDir);
  }
  // Every row landed once, whatever the batching.
  const counts = uidCounts(wh, table);
  assert.deepEqual(uids.filter((u) => counts.get(u) !== 1), []);
  return { statements: inserts(wh, table).length, requests: uids.length };
}

test('the default warehouse batch age sends a handful of INSERTs a minute where 500 ms sends one per request', { timeout: 120_000 }, async (t) => {
  const slow = await minuteOfTraffic(DEFAULT_AGE_MS, 'main.batching.slow_otel_logs');
  const fast = await minuteOfTraffic(500, 'main.batching.fast_otel_logs');
  t.diagnostic(
    `INSERTs in a minute of one request/s: ${slow.statements} at 30 s batches (${slow.requests} requests), ${fast.statements} at 500 ms (${fast.requests} requests)`,
  );
  // 60 s / 30 s = 2 flushes (the last may be the one at shutdown).
  assert.ok(slow.statements <= 3, `${slow.statements} statements at the default`);
  // At 500 ms, requests a second apart each get their own statement (a loaded machine may merge a few).
  assert.ok(fast.statements >= fast.requests / 2, `${fast.statements} statements at 500 ms for ${fast.requests} requests`);
});
