import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI, freePort, runCli } from '../helpers/cli-run.js';
import { readTable } from '../helpers/delta-reader.js';
import { removeDir, startServer } from '../helpers/server.js';

/** A start-up failure: a non-zero exit (not a process left alive), and one line that names what to fix. */
function assertOneLineFailure(result: { code: number | null; output: string }, names: RegExp): void {
  assert.notEqual(result.code, null, `the process exited by itself:\n${result.output}`);
  assert.notEqual(result.code, 0, result.output);
  const lines = result.output.trim().split('\n');
  assert.equal(lines.length, 1, `one line, no stack:\n${result.output}`);
  assert.match(lines[0], names);
}

test('port in use: exits non-zero naming the port setting, and releases the data dir for the next start', { timeout: 60_000 }, async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'otlp-delta-start-'));
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const { port } = blocker.address() as net.AddressInfo;
  try {
    const result = await runCli(['serve', '--host', '127.0.0.1', '--port', String(port), '--data-dir', dataDir]);
    assertOneLineFailure(result, new RegExp(`127\\.0\\.0\\.1:${port}.*in use.*--port or OTLP_DELTA_PORT`));
    // The failed start let go of the spool: the next one starts.
    const next = await startServer({ dataDir });
    assert.equal(await next.stop(), 0, next.output());
  } finally {
    blocker.close();
    await removeDir(dataDir);
  }
});

test('a damaged .spool/progress.json: exits non-zero naming the file and what to do', { timeout: 60_000 }, async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'otlp-delta-start-'));
  try {
    await mkdir(join(dataDir, '.spool'), { recursive: true });
    await writeFile(join(dataDir, '.spool', 'progress.json'), 'garbage{');
    const result = await runCli(['serve', '--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir]);
    assertOneLineFailure(result, /progress\.json is damaged.*move it aside/);
  } finally {
    await removeDir(dataDir);
  }
});

test('a data dir the user may not write: exits non-zero with one line saying it must be writable by this uid', { timeout: 60_000 }, async () => {
  const parent = await mkdtemp(join(tmpdir(), 'otlp-delta-start-'));
  const dataDir = join(parent, 'data');
  await mkdir(dataDir);
  // As root, run the service as another user (as in a container whose bind mount root owns);
  // otherwise take write permission away from ourselves.
  const asRoot = process.getuid?.() === 0;
  const uid = asRoot ? 1000 : process.getuid!();
  if (asRoot) await chmod(parent, 0o755);
  await chmod(dataDir, 0o555);
  try {
    const result = await runCli(['serve', '--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir], {
      env: { HOME: parent },
      spawn: asRoot ? { uid, gid: uid } : {},
    });
    assertOneLineFailure(result, new RegExp(`${dataDir}.*must be writable by the user the service runs as \\(uid ${uid}\\)`));
  } finally {
    await chmod(dataDir, 0o755);
    if (asRoot) await chown(dataDir, 0, 0);
    await removeDir(parent);
  }
});

test('host, port and data dir from OTLP_DELTA_* alone, with no flags', { timeout: 60_000 }, async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'otlp-delta-env-'));
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve'], {
    env: { ...process.env, OTLP_DELTA_LOG_LEVEL: 'warn', OTLP_DELTA_HOST: '127.0.0.1', OTLP_DELTA_PORT: String(port), OTLP_DELTA_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    for (let i = 0; i < 200 && !output.includes('listening on'); i++) await new Promise((r) => setTimeout(r, 100));
    assert.match(output, new RegExp(`listening on http://127\\.0\\.0\\.1:${port}\\b`));
    const response = await fetch(`http://127.0.0.1:${port}/v1/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-databricks-uc-table-name': 'main.env.t_otel_logs' },
      body: JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: 'from env' } }] }] }] }),
    });
    assert.equal(response.status, 200, await response.text());
    child.kill('SIGTERM');
    assert.equal(await exited, 0, output);
    assert.deepEqual(await readTable(join(dataDir, 'main', 'env', 't_otel_logs'), 'body'), [{ body: 'from env' }]);
  } finally {
    child.kill('SIGKILL');
    await removeDir(dataDir);
  }
});
