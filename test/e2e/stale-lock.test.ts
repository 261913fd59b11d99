import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import { removeDir, startServer, type RunningServer } from '../helpers/server.js';

describe('the spool lock over the real server', { skip: process.platform !== 'linux' && 'the kernel-held lock is Linux only' }, () => {
  const started: RunningServer[] = [];
  const sleeper = spawn('sleep', ['120'], { stdio: 'ignore' });
  let dataDir: string;
  let otherDataDir: string | undefined;

  after(async () => {
    for (const server of started) if (server.process.exitCode === null && server.process.signalCode === null) await server.stop();
    sleeper.kill('SIGKILL');
    await removeDir(dataDir);
    if (otherDataDir !== undefined) await removeDir(otherDataDir);
  });

  /** The error of a start expected to be refused; a server that starts all the same is stopped later. */
  function attemptStart(dir: string): Promise<string> {
    return startServer({ dataDir: dir }).then(
      (server) => {
        started.push(server);
        return 'it started';
      },
      (error: Error) => error.message,
    );
  }

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

    const refusal = await attemptStart(dataDir);
    assert.match(refusal, /server exited with 2/);
    assert.match(refusal, new RegExp(`is in use by another otlp-delta \\(pid ${first.process.pid}\\)`));
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

  // A container of its own network namespace, as `unshare` makes one without privileges where
  // user namespaces are allowed (with loopback up, so that serve can listen).
  const canUnshare = process.platform === 'linux' && spawnSync('unshare', ['-rn', 'ip', 'link', 'set', 'lo', 'up']).status === 0;

  test('a serve in another network namespace on the same spool refuses the start', { skip: !canUnshare && 'no unprivileged network namespaces here' }, async () => {
    otherDataDir = await mkdtemp(join(tmpdir(), 'otlp-delta-lock-netns-'));
    const cli = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
    const inside = spawn(
      'unshare',
      ['-rn', 'sh', '-c', 'ip link set lo up && exec "$0" "$@"', process.execPath, '--import', 'tsx', cli, 'serve', '--port', '0', '--host', '127.0.0.1', '--data-dir', otherDataDir],
      { env: { ...process.env, OTLP_DELTA_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    inside.stdout!.on('data', (d) => (output += d));
    inside.stderr!.on('data', (d) => (output += d));
    const exited = new Promise((resolve) => inside.once('exit', resolve));
    try {
      const deadline = Date.now() + 20_000;
      while (!/listening on/.test(output)) {
        assert.ok(Date.now() < deadline && inside.exitCode === null, `the namespaced serve did not start:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      // Its abstract name is invisible from here; its socket file is not.
      assert.match(await attemptStart(otherDataDir), /is in use by another otlp-delta in another network namespace/);
    } finally {
      inside.kill('SIGTERM');
      await exited;
    }
    // Gone (its socket file removed by its own close): the start succeeds.
    const after = await startServer({ dataDir: otherDataDir });
    started.push(after);
    assert.equal(await after.stop(), 0);
  });
});
