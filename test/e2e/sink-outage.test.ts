import assert from 'node:assert/strict';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { requeue } from '../../src/commands/requeue.js';
import { loadConfig } from '../../src/config/load.js';
import { startService, type Service } from '../../src/service.js';
import { LocalDeltaSink } from '../../src/sinks/delta/local-delta-sink.js';
import { readTable } from '../helpers/delta-reader.js';
import { FaultySink } from '../helpers/faulty-sink.js';
import { countUids, uidLogsRequest } from '../helpers/logs-load.js';
import { removeDir } from '../helpers/server.js';

const MiB = 1024 * 1024;

async function start(dataDir: string, sink: FaultySink, extra: Record<string, string> = {}): Promise<{ service: Service; url: string }> {
  const config = loadConfig(
    {
      port: '0',
      dataDir,
      logLevel: 'silent',
      spoolMaxBytes: String(MiB),
      spoolSegmentBytes: String(64 * 1024),
      batchMaxAgeMs: '20',
      exportRetryInitialMs: '20',
      exportRetryMaxMs: '200',
      ...extra,
    },
    {},
  );
  const service = await startService(config, { sink });
  return { service, url: `http://127.0.0.1:${service.address.port}` };
}

function post(url: string, table: string, uids: string[], padding = 0) {
  return fetch(`${url}/v1/logs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-databricks-uc-table-name': table },
    body: uidLogsRequest(uids, padding),
  });
}

async function waitFor(check: () => Promise<boolean> | boolean, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

test('a sink outage: 200 while the spool has room, then 503 + Retry-After, then everything lands once', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'otlp-delta-outage-'));
  const sink = new FaultySink(new LocalDeltaSink(dataDir));
  const { service, url } = await start(dataDir, sink);
  const table = 'main.outage.t_otel_logs';
  const acknowledged: string[] = [];
  try {
    sink.down = true;
    let refused: Response | undefined;
    for (let n = 0; n < 500 && !refused; n++) {
      const uids = Array.from({ length: 10 }, (_, i) => `o-${n}-${i}`);
      const response = await post(url, table, uids, 1000);
      if (response.status === 200) acknowledged.push(...uids);
      else refused = response;
    }
    assert.ok(refused, 'the spool filled up');
    assert.equal(refused.status, 503);
    assert.match(refused.headers.get('retry-after') ?? '', /^\d+$/);
    assert.match(((await refused.json()) as { message: string }).message, /spool is full/);
    assert.ok(acknowledged.length >= 100, `requests were accepted while the spool had room (${acknowledged.length} records)`);
    assert.equal((await fetch(`${url}/readyz`)).status, 503);
    assert.ok(sink.failedWrites > 0, 'the export loop kept trying');
    const metricsText = await (await fetch(`${url}/metrics`)).text();
    assert.match(metricsText, /otlp_delta_export_retries_total\{table="main.outage.t_otel_logs"\} [1-9]/);

    sink.down = false;
    await waitFor(async () => (await fetch(`${url}/readyz`)).status === 200);
    const after = ['after-0', 'after-1'];
    assert.equal((await post(url, table, after)).status, 200);
    acknowledged.push(...after);
    await waitFor(async () => /otlp_delta_unexported_records 0\b/.test(await (await fetch(`${url}/metrics`)).text()));

    const counts = countUids(await readTable(join(dataDir, 'main', 'outage', 't_otel_logs'), "map_extract_value(attributes, 'uid') AS uid"));
    assert.equal(counts.size, acknowledged.length);
    for (const uid of acknowledged) assert.equal(counts.get(uid), 1, uid);
  } finally {
    await service.close();
    await removeDir(dataDir);
  }
});

test('a permanent failure moves the batch to the dead letters; requeue lands it once fixed', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'otlp-delta-dead-'));
  const sink = new FaultySink(new LocalDeltaSink(dataDir));
  sink.permanent.add('gone_otel_logs');
  let { service, url } = await start(dataDir, sink);
  const deadDir = join(dataDir, '.spool', 'dead-letter', 'main.dead.gone_otel_logs');
  try {
    assert.equal((await post(url, 'main.dead.gone_otel_logs', ['d-1', 'd-2'])).status, 200);
    assert.equal((await post(url, 'main.dead.fine_otel_logs', ['f-1'])).status, 200);
    await waitFor(async () => /otlp_delta_dead_letter_rows_total\{table="main.dead.gone_otel_logs"\} 2/.test(await (await fetch(`${url}/metrics`)).text()));
    const files = await readdir(deadDir);
    assert.equal(files.filter((f) => f.endsWith('.dead')).length, 1);
    assert.equal(files.filter((f) => f.endsWith('.json')).length, 1);
    await waitFor(async () => (await readTable(join(dataDir, 'main', 'dead', 'fine_otel_logs'))).length === 1);
    assert.equal((await readTable(join(dataDir, 'main', 'dead', 'gone_otel_logs'))).length, 0);

    await service.close();
    assert.equal(await requeue(loadConfig({ dataDir, logLevel: 'silent' }, {})), 0);
    assert.deepEqual(await readdir(deadDir), []);
    sink.permanent.clear();
    ({ service, url } = await start(dataDir, sink));
    await waitFor(async () => (await readTable(join(dataDir, 'main', 'dead', 'gone_otel_logs'))).length === 2);
    const counts = countUids(await readTable(join(dataDir, 'main', 'dead', 'gone_otel_logs'), "map_extract_value(attributes, 'uid') AS uid"));
    assert.deepEqual([...counts].sort(), [['d-1', 1], ['d-2', 1]]);
  } finally {
    await service.close();
    await removeDir(dataDir);
  }
});

test('a sink that records no transactions: a clean restart exports nothing twice', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'otlp-delta-progress-'));
  const sink = new FaultySink(new LocalDeltaSink(dataDir));
  sink.withoutTxn = true;
  const table = 'main.progress.t_otel_logs';
  try {
    for (let round = 0; round < 3; round++) {
      const { service, url } = await start(dataDir, sink);
      assert.equal((await post(url, table, [`p-${round}`])).status, 200);
      await service.close();
    }
    const counts = countUids(await readTable(join(dataDir, 'main', 'progress', 't_otel_logs'), "map_extract_value(attributes, 'uid') AS uid"));
    assert.deepEqual([...counts].sort(), [['p-0', 1], ['p-1', 1], ['p-2', 1]]);
  } finally {
    await removeDir(dataDir);
  }
});
