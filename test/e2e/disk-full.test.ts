import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, open, rm, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { jsonLogs } from '../helpers/payloads.js';
import { removeDir, startServer } from '../helpers/server.js';

/** A small tmpfs to fill up: needs root (or CAP_SYS_ADMIN); where there is none, the test is skipped. */
function mountSmallDisk(dir: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Writes a file that takes every byte left on the disk of `dir`. */
async function fill(path: string): Promise<void> {
  const handle = await open(path, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) await handle.write(chunk);
  } catch (error) {
    assert.equal((error as NodeJS.ErrnoException).code, 'ENOSPC');
  } finally {
    await handle.close();
  }
}

async function postLogs(url: string, table: string): Promise<Response> {
  return fetch(`${url}/v1/logs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-databricks-uc-table-name': table },
    body: jsonLogs('full disk'),
  });
}

test('full disk: a new table answers a retryable 503, /readyz says why, and both recover once space is freed', { timeout: 60_000 }, async (t) => {
  const mountPoint = await mkdtemp(join(tmpdir(), 'otlp-delta-full-'));
  if (!mountSmallDisk(mountPoint)) {
    await rm(mountPoint, { recursive: true, force: true });
    t.skip('mounting a tmpfs needs root');
    return;
  }
  const dataDir = join(mountPoint, 'data');
  await mkdir(dataDir);
  const server = await startServer({
    dataDir,
    args: ['--max-body-bytes', String(64 * 1024), '--spool-segment-bytes', String(64 * 1024), '--spool-max-bytes', String(1024 * 1024)],
  });
  try {
    assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
    const filler = join(mountPoint, 'filler');
    await fill(filler);

    const refused = await postLogs(server.url, 'main.full.new_otel_logs');
    const status = (await refused.json()) as { code: number; message: string };
    assert.equal(refused.status, 503, status.message);
    assert.equal(status.code, 14);
    assert.match(status.message, /disk is full \(ENOSPC\)/);
    assert.ok(Number(refused.headers.get('retry-after')) > 0, 'Retry-After');

    const unready = await fetch(`${server.url}/readyz`);
    const body = (await unready.json()) as { problems: string[] };
    assert.equal(unready.status, 503, JSON.stringify(body));
    assert.ok(body.problems.some((p) => /ENOSPC|bytes free/.test(p)), JSON.stringify(body.problems));

    await rm(filler);
    assert.ok((await statfs(mountPoint)).bavail > 0);
    assert.equal((await postLogs(server.url, 'main.full.new_otel_logs')).status, 200);
    let ready = 0;
    for (let i = 0; i < 50 && ready !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      ready = (await fetch(`${server.url}/readyz`)).status;
    }
    assert.equal(ready, 200, 'ready again once a write succeeded');
  } finally {
    await server.stop();
    await removeDir(dataDir);
    execFileSync('umount', [mountPoint]);
    await rm(mountPoint, { recursive: true, force: true });
  }
});
