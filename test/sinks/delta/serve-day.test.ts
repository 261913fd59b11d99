import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { removeDir, startServer } from '../../helpers/server.js';
import { HOUR, logsRequest, postLogs } from './rows.js';
import { liveValues, snapshotFiles } from './snapshot-reader.js';

const TABLE = 'c.s.agent_otel_logs';

const post = (url: string, body: string) => postLogs(url, TABLE, body);

/**
 * A day of traffic through `serve` with simulated time (OTLP_DELTA_SIM_HOURS scales it): the
 * table stays under a bounded number of live files with automatic compaction on.
 */
test('a simulated day of one-commit requests through serve stays under a bounded file count with auto compaction', { timeout: 180_000 }, async (t) => {
  // Claude Code exports every 60 s by default (OTEL_METRIC_EXPORT_INTERVAL); the record times walk
  // through a day at that pace while the requests go as fast as the service commits them.
  const hours = Number(process.env.OTLP_DELTA_SIM_HOURS ?? 24);
  const requests = Math.round((hours * HOUR) / 60_000);
  const server = await startServer({ args: ['--batch-max-age-ms', '0'] });
  // Stopped before its directory goes (hooks run in the order they are added).
  t.after(async () => {
    await server.stop();
    await removeDir(server.dataDir);
  });
  const dir = join(server.dataDir, 'c', 's', 'agent_otel_logs');
  const start = Date.now() - hours * HOUR;
  let maxFiles = 0;
  for (let i = 0; i < requests; i++) {
    await post(server.url, logsRequest([`d${i}`], start + i * 60_000));
    if (i % 100 === 99) maxFiles = Math.max(maxFiles, (await snapshotFiles(dir)).files.size);
  }
  // Acknowledged means spooled: wait for the commits to catch up, then for a compaction to show.
  for (let i = 0; i < 300 && (await liveValues(dir, 'body').catch(() => [])).length < requests; i++) await sleep(100);
  let metrics = '';
  const { version: committed } = await snapshotFiles(dir);
  // Fewer than 50 commits (a run scaled down by OTLP_DELTA_SIM_HOURS) never reach the trigger.
  const compacts = committed > 100;
  for (let i = 0; i < 300; i++) {
    metrics = await (await fetch(`${server.url}/metrics`)).text();
    if (!compacts || /otlp_delta_compactions_total\{[^}]*outcome="committed"\} [1-9]/.test(metrics)) break;
    await sleep(100);
  }
  // /metrics shows the table's files and bytes and the compactions that ran.
  t.diagnostic(metrics.split('\n').filter((l) => /^otlp_delta_(table|compactions|maintenance|vacuumed)/.test(l)).join('; '));
  const label = `table="${TABLE}"`;
  assert.match(metrics, new RegExp(`otlp_delta_table_files\\{${label}\\} \\d+`));
  assert.match(metrics, new RegExp(`otlp_delta_table_bytes\\{${label}\\} [1-9]\\d*`));
  if (compacts) {
    assert.match(metrics, new RegExp(`otlp_delta_compactions_total\\{${label},outcome="committed"\\} [1-9]`));
    assert.match(metrics, new RegExp(`otlp_delta_maintenance_files_removed_total\\{${label}\\} [1-9]`));
  }
  assert.match(metrics, /# TYPE otlp_delta_vacuumed_bytes_total counter/);
  assert.equal(await server.stop(), 0);
  const { files, version } = await snapshotFiles(dir);
  t.diagnostic(`${requests} requests, ${version} commits, ${files.size} live files at the end, at most ${maxFiles} seen`);
  // The default trigger is 50 small files; a compaction runs while commits keep coming.
  assert.ok(maxFiles < 120 && files.size < 120, `live files stayed bounded (max ${maxFiles}, end ${files.size})`);
  assert.ok(version > Math.min(200, requests / 8), 'requests were committed one by one, mostly');
  assert.equal((await liveValues(dir, 'body')).length, requests);
});
