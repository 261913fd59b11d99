import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { uidLogsRequest } from '../helpers/logs-load.js';
import { removeDir } from '../helpers/server.js';

const MiB = 1024 * 1024;
const SERVICE = fileURLToPath(new URL('../helpers/slow-service.ts', import.meta.url));

async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

test('clients offering far more than the sink takes keep the process under its memory cap', { timeout: 120_000 }, async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'otlp-delta-memory-'));
  const child = spawn(process.execPath, ['--import', 'tsx', SERVICE], {
    env: {
      ...process.env,
      OTLP_DELTA_PORT: '0',
      OTLP_DELTA_DATA_DIR: dataDir,
      OTLP_DELTA_LOG_LEVEL: 'silent',
      OTLP_DELTA_SPOOL_MAX_BYTES: String(256 * MiB),
      SLOW_SINK_DELAY_MS: '2000',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d) => {
        out += d;
        const m = /listening on (\S+)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`service exited ${code}`)));
    });
    const cap = 512 * MiB; // the documented default of OTLP_DELTA_MEMORY_LIMIT_BYTES
    const body = uidLogsRequest(Array.from({ length: 2000 }, (_, i) => `m-${i}`), 900); // ~2 MiB of JSON
    const statuses = new Map<number, number>();
    let peak = 0;
    const until = Date.now() + 12_000;
    const sampler = setInterval(async () => (peak = Math.max(peak, await rssOf(child.pid!).catch(() => 0))), 50);
    await Promise.all(
      Array.from({ length: 24 }, async () => {
        while (Date.now() < until) {
          const response = await fetch(`${url}/v1/logs`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-databricks-uc-table-name': 'main.mem.t_otel_logs' },
            body,
          });
          await response.arrayBuffer();
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        }
      }),
    );
    clearInterval(sampler);
    const offered = [...statuses.values()].reduce((a, b) => a + b, 0) * body.length;
    console.log(`offered ${(offered / MiB).toFixed(0)} MiB; statuses ${JSON.stringify(Object.fromEntries(statuses))}; peak RSS ${(peak / MiB).toFixed(0)} MiB`);
    assert.ok(statuses.get(503)! > 0, 'the service pushed back');
    assert.ok(statuses.get(200)! > 0, 'the service accepted what it could');
    assert.deepEqual([...statuses.keys()].filter((s) => s !== 200 && s !== 503), [], 'only 200 and 503');
    assert.ok(peak < cap, `peak RSS ${peak} under the cap ${cap}`);
  } finally {
    child.kill('SIGKILL');
    await removeDir(dataDir);
  }
});
