import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config/load.js';
import { startService } from '../../src/service.js';
import { LocalDeltaSink } from '../../src/sinks/delta/local-delta-sink.js';
import { readTable } from '../helpers/delta-reader.js';
import { FaultySink } from '../helpers/faulty-sink.js';
import { countUids, uidLogsRequest } from '../helpers/logs-load.js';
import { removeDir } from '../helpers/server.js';

async function waitFor(check: () => Promise<boolean> | boolean, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

test('a sink slower than the load: the lag passes its limit, requests get 503 + Retry-After, readiness says why; caught up, 200 again', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'otlp-delta-lag-'));
  // A working sink that takes 1.5 s per commit: every write succeeds, the export just falls behind.
  const sink = new FaultySink(new LocalDeltaSink(dataDir));
  sink.delayMs = 1500;
  const config = loadConfig({ port: '0', dataDir, logLevel: 'silent', batchMaxAgeMs: '20', maxExportLagMs: '300' }, {});
  const service = await startService(config, { sink });
  const url = `http://127.0.0.1:${service.address.port}`;
  const table = 'main.lag.t_otel_logs';
  const post = (uids: string[]) =>
    fetch(`${url}/v1/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-databricks-uc-table-name': table },
      body: uidLogsRequest(uids),
    });
  const acknowledged: string[] = [];
  try {
    let refused: Response | undefined;
    for (let n = 0; n < 400 && !refused; n++) {
      const uids = [`l-${n}-a`, `l-${n}-b`];
      const response = await post(uids);
      if (response.status === 200) acknowledged.push(...uids);
      else refused = response;
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.ok(refused, 'a request was refused once the export fell behind');
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get('retry-after'), '1');
    const status = (await refused.json()) as { code: number; message: string };
    assert.equal(status.code, 14, 'google.rpc.Code UNAVAILABLE');
    assert.match(status.message, /the export is behind: the oldest unexported request has waited \d+ ms past its batch age, over the limit of 300 ms/);
    assert.ok(acknowledged.length > 0, 'requests were accepted before the lag passed its limit');

    const ready = await fetch(`${url}/readyz`);
    assert.equal(ready.status, 503);
    const readiness = (await ready.json()) as { problems: string[] };
    assert.ok(readiness.problems.some((p) => /the export is behind/.test(p)), JSON.stringify(readiness));
    const metricsText = await (await fetch(`${url}/metrics`)).text();
    assert.match(metricsText, /otlp_delta_export_lag_refusals_total [1-9]/);
    assert.match(metricsText, /otlp_delta_export_lag_limit_seconds 0\.3\b/);
    const lag = Number(/^otlp_delta_export_lag_seconds (\S+)$/m.exec(metricsText)?.[1]);
    assert.ok(lag > 0.3, `the lag gauge shows the lag (${lag} s)`);

    // The sink speeds up: the backlog drains, and the service takes requests again.
    sink.delayMs = 0;
    await waitFor(async () => (await fetch(`${url}/readyz`)).status === 200);
    const after = ['after-0', 'after-1'];
    assert.equal((await post(after)).status, 200);
    acknowledged.push(...after);
    await waitFor(async () => /otlp_delta_unexported_records 0\b/.test(await (await fetch(`${url}/metrics`)).text()));

    const counts = countUids(await readTable(join(dataDir, 'main', 'lag', 't_otel_logs'), "map_extract_value(attributes, 'uid') AS uid"));
    assert.equal(counts.size, acknowledged.length);
    for (const uid of acknowledged) assert.equal(counts.get(uid), 1, uid);
  } finally {
    await service.close();
    await removeDir(dataDir);
  }
});
