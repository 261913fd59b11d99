import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CLI } from '../helpers/cli-run.js';
import { readTable } from '../helpers/delta-reader.js';
import { jsonLogs } from '../helpers/payloads.js';
import { removeDir } from '../helpers/server.js';

/**
 * A copy of the package's start script, run by the real npm, with `dist/cli.js` standing in for the
 * build: it loads the sources through tsx, so the test needs no build.
 */
async function packageWithStartScript(dir: string): Promise<void> {
  const { scripts } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } };
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'start-check', version: '0.0.0', private: true, scripts: { start: scripts.start } }));
  await mkdir(join(dir, 'dist'));
  await writeFile(
    join(dir, 'dist', 'cli.js'),
    `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};\nregister();\nawait import(${JSON.stringify(pathToFileURL(CLI).href)});\n`,
  );
  await writeFile(join(dir, 'dist', 'package.json'), '{"type":"module"}');
}

test('kill -TERM <pid of npm start> reaches the service: it drains and the port is released', { timeout: 90_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'otlp-delta-npm-'));
  const dataDir = join(dir, 'data');
  await packageWithStartScript(dir);
  // Its own process group, so that whatever is left can be cleaned up in one go.
  const npm = spawn('npm', ['start'], {
    cwd: dir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      npm_config_update_notifier: 'false',
      OTLP_DELTA_HOST: '127.0.0.1',
      OTLP_DELTA_PORT: '0',
      OTLP_DELTA_DATA_DIR: dataDir,
      OTLP_DELTA_LOG_LEVEL: 'warn',
      // Rows wait for their batch age: only a drain commits them before the process exits.
      OTLP_DELTA_BATCH_MAX_AGE_MS: '60000',
      OTLP_DELTA_SHUTDOWN_GRACE_MS: '3000',
      // Encode workers load the sources through tsx from the working directory, which has none.
      OTLP_DELTA_ENCODE_WORKERS: '0',
    },
  });
  let output = '';
  npm.stdout.on('data', (d) => (output += d));
  npm.stderr.on('data', (d) => (output += d));
  const npmExited = new Promise<number | null>((resolve) => npm.once('exit', resolve));
  try {
    let url: string | undefined;
    for (let i = 0; i < 300 && url === undefined; i++) {
      await new Promise((r) => setTimeout(r, 100));
      url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
    }
    assert.ok(url, `the service started:\n${output}`);
    const response = await fetch(`${url}/v1/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-databricks-uc-table-name': 'main.npm.t_otel_logs' },
      body: jsonLogs('through npm'),
    });
    assert.equal(response.status, 200);

    process.kill(npm.pid!, 'SIGTERM');
    await npmExited;
    // The service itself stops: within its grace (with room for a loaded machine) the port is closed.
    let refused = false;
    for (let i = 0; i < 150 && !refused; i++) {
      refused = await fetch(`${url}/healthz`).then(
        () => false,
        () => true,
      );
      if (!refused) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(refused, `the service still answers after npm stopped:\n${output}`);
    // And it drained before going: the row waiting for its 60 s batch age is in the table.
    let rows: Array<Record<string, unknown>> = [];
    for (let i = 0; i < 50 && rows.length === 0; i++) {
      rows = await readTable(join(dataDir, 'main', 'npm', 't_otel_logs'), 'body').catch(() => []);
      if (rows.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(rows, [{ body: "through npm" }], output);
  } finally {
    try {
      process.kill(-npm.pid!, 'SIGKILL');
    } catch {
      // the group is gone already
    }
    await removeDir(dir);
  }
});
