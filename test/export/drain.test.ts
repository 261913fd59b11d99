import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config/load.js';
import { startService, type Service } from '../../src/service.js';
import { LocalDeltaSink } from '../../src/sinks/delta/local-delta-sink.js';
import { readTable } from '../helpers/delta-reader.js';
import { FaultySink } from '../helpers/faulty-sink.js';
import { countUids } from '../helpers/logs-load.js';
import { postUidLogs } from '../helpers/post-logs.js';
import { removeDir } from '../helpers/server.js';

const TABLE = 'main.drain.t_otel_logs';

async function start(dataDir: string, sink: FaultySink, settings: Record<string, string>): Promise<{ service: Service; url: string }> {
  const config = loadConfig({ port: '0', dataDir, logLevel: 'silent', encodeWorkers: '0', ...settings }, {});
  const service = await startService(config, { sink });
  return { service, url: `http://127.0.0.1:${service.address.port}` };
}

test('the drain retries at once a table backing off after a failure, and commits it', { timeout: 30_000 }, async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'otlp-delta-drain-'));
  const sink = new FaultySink(new LocalDeltaSink(dataDir));
  // After the first failure the table backs off for a minute: only a drain that cuts the backoff
  // short commits before the grace ends.
  const { service, url } = await start(dataDir, sink, { batchMaxAgeMs: '0', exportRetryInitialMs: '60000', exportRetryMaxMs: '60000', shutdownGraceMs: '3000' });
  try {
    sink.down = true;
    assert.equal(await postUidLogs(url, TABLE, ['x', 'y']), 200);
    for (let i = 0; i < 200 && sink.failedWrites === 0; i++) await new Promise((r) => setTimeout(r, 25));
    assert.ok(sink.failedWrites > 0, 'the first write failed');
    sink.down = false;
    assert.deepEqual(await service.close(), { left: 0 });
    const counts = countUids(await readTable(join(dataDir, 'main', 'drain', 't_otel_logs'), "map_extract_value(attributes, 'uid') AS uid"));
    assert.deepEqual(Object.fromEntries(counts), { x: 1, y: 1 });
  } finally {
    await removeDir(dataDir);
  }
});

test('a write that hangs does not hold the shutdown past its grace: the batch stays spooled', { timeout: 30_000 }, async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'otlp-delta-drain-'));
  const sink = new FaultySink(new LocalDeltaSink(dataDir));
  const { service, url } = await start(dataDir, sink, { batchMaxAgeMs: '0', shutdownGraceMs: '1000' });
  try {
    sink.delayMs = 6_000;
    assert.equal(await postUidLogs(url, TABLE, ['slow']), 200);
    await new Promise((r) => setTimeout(r, 100)); // the write has started
    const started = Date.now();
    const { left } = await service.close();
    const took = Date.now() - started;
    assert.equal(left, 1);
    // The grace is 1 s; a loaded machine gets room, the hanging write (6 s) does not.
    assert.ok(took < 4_500, `close took ${took} ms`);
  } finally {
    await new Promise((r) => setTimeout(r, 6_000)); // let the hanging write finish before the files go
    await removeDir(dataDir);
  }
});
