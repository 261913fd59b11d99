import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { removeDir, startServer, type RunningServer } from '../helpers/server.js';

describe('the spool lock over the real server', { skip: process.platform !== 'linux' && 'the kernel-held lock is Linux only' }, () => {
  const started: RunningServer[] = [];
  const sleeper = spawn('sleep', ['120'], { stdio: 'ignore' });
  let dataDir: string;

  after(async () => {
    for (const server of started) if (server.process.exitCode === null && server.process.signalCode === null) await server.stop();
    sleeper.kill('SIGKILL');
    await removeDir(dataDir);
  });

  test('a lock file naming a live unrelated pid does not refuse the start; a second live serve is refused', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'otlp-delta-lock-e2e-'));
    const lockFile = join(dataDir, '.spool', 'lock');
    await mkdir(join(dataDir, '.spool'), { recursive: true });
    // What a crash leaves when the pid is later reused by something else: a live, unrelated pid.
    assert.ok(sleeper.pid !== undefined);
    await writeFile(lockFile, String(sleeper.pid));

    const first = await startServer({ dataDir });
    started.push(first);
    assert.equal((await fetch(`${first.url}/healthz`)).status, 200);
    assert.equal(await readFile(lockFile, 'utf8'), String(first.process.pid), 'the pid file names the owner');

    await assert.rejects(startServer({ dataDir }), (error: Error) => {
      assert.match(error.message, /server exited with 2/);
      assert.match(error.message, new RegExp(`is in use by another otlp-delta \\(pid ${first.process.pid}\\)`));
      return true;
    });
    assert.equal((await fetch(`${first.url}/healthz`)).status, 200, 'the owner is undisturbed');

    // SIGKILL: nothing runs at exit, the pid file stays, and the kernel frees the lock.
    first.process.kill('SIGKILL');
    await new Promise((resolve) => first.process.once('exit', resolve));
    assert.equal(await readFile(lockFile, 'utf8'), String(first.process.pid));
    const next = await startServer({ dataDir });
    started.push(next);
    assert.equal((await fetch(`${next.url}/healthz`)).status, 200);
    assert.equal(await next.stop(), 0);
  });
});
