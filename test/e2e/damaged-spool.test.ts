import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
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

test('a spool with a torn tail and a flipped byte: the damaged record is skipped and counted, the rest lands', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'otlp-delta-damage-'));
  const config = loadConfig({ port: '0', dataDir, logLevel: 'silent', batchMaxAgeMs: '10' }, {});
  const table = 'main.damage.t_otel_logs';
  try {
    // Spool five requests while the sink is down, then stop with them still spooled.
    const sink = new FaultySink(new LocalDeltaSink(dataDir));
    sink.down = true;
    const first = await startService(loadConfig({ port: '0', dataDir, logLevel: 'silent', shutdownGraceMs: '0' }, {}), { sink });
    for (let n = 0; n < 5; n++) {
      const response = await fetch(`http://127.0.0.1:${first.address.port}/v1/logs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-databricks-uc-table-name': table },
        body: uidLogsRequest([`req${n}-a`, `req${n}-b`]),
      });
      assert.equal(response.status, 200);
    }
    await first.close();

    // Flip a byte inside the third request's payload, and leave half a frame at the end.
    const spoolDir = join(dataDir, '.spool');
    const [segment] = (await readdir(spoolDir)).filter((f) => f.endsWith('.seg'));
    const path = join(spoolDir, segment);
    const bytes = await readFile(path);
    const at = bytes.indexOf('req2-a');
    assert.ok(at > 0);
    bytes[at] ^= 0x20;
    await writeFile(path, bytes);
    await appendFile(path, bytes.subarray(0, 40));

    const second = await startService(config, { sink: new LocalDeltaSink(dataDir) });
    const metrics = await (await fetch(`http://127.0.0.1:${second.address.port}/metrics`)).text();
    assert.match(metrics, /otlp_delta_spool_damage_total\{kind="torn_tail"\} 1/);
    assert.match(metrics, /otlp_delta_spool_damage_total\{kind="corrupt_record"\} 1/);
    await second.close();

    const counts = countUids(await readTable(join(dataDir, 'main', 'damage', 't_otel_logs'), "map_extract_value(attributes, 'uid') AS uid"));
    assert.deepEqual([...counts.keys()].sort(), ['req0-a', 'req0-b', 'req1-a', 'req1-b', 'req3-a', 'req3-b', 'req4-a', 'req4-b']);
    assert.ok([...counts.values()].every((n) => n === 1));
  } finally {
    await removeDir(dataDir);
  }
});
