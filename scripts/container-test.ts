// The container checks, run by scripts/container-test.sh after it built the image (README: "Run as a
// container"). Every container and volume made here is removed at the end, whatever happened.
import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { readTable } from '../test/helpers/delta-reader.js';
import { CLAUDE_LOGS_TABLE, claudeEvents, claudeLogsProtobuf } from './container-payload.js';
import { freePort, mustPodman, podman, waitFor } from './container-podman.js';

const image = process.env.OTLP_DELTA_IMAGE ?? 'localhost/otlp-delta:test';
const prefix = `otlp-delta-test-${process.pid}`;
const containers: string[] = [];
const volumes: string[] = [];
const dirs: string[] = [];

after(async () => {
  for (const name of containers) await podman(['rm', '--force', '--volumes', '--time', '0', name]);
  for (const name of volumes) await podman(['volume', 'rm', '--force', name]);
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** The image's own config, as `podman image inspect` reads it. */
async function imageConfig(): Promise<Record<string, unknown>> {
  const [inspected] = JSON.parse(await mustPodman(['image', 'inspect', image]));
  return { ...inspected.Config, Healthcheck: inspected.Healthcheck };
}

test('the image: settings in its environment, `serve` alone as its command, uid 1000, SIGTERM, a healthcheck script', async () => {
  const config = await imageConfig();
  assert.equal(config.User, '1000:1000');
  assert.deepEqual(config.Entrypoint, ['node', 'dist/cli.js']);
  assert.deepEqual(config.Cmd, ['serve'], 'no flags: they would win over the environment');
  assert.equal(config.StopSignal, 'SIGTERM');
  const env = config.Env as string[];
  for (const setting of ['OTLP_DELTA_HOST=0.0.0.0', 'OTLP_DELTA_PORT=4318', 'OTLP_DELTA_DATA_DIR=/data', 'OTLP_DELTA_ALLOW_UNAUTHENTICATED=true']) {
    assert.ok(env.includes(setting), `${setting} in ${env.join(' ')}`);
  }
  assert.deepEqual((config.Healthcheck as { Test: string[] }).Test, ['CMD', 'node', '/app/healthcheck.mjs']);
});

test('the image: no npm, npx, corepack or yarn, no build secret, no empty scope folder, a compiled dist/', async () => {
  const script = [
    'for tool in npm npx corepack yarn; do command -v "$tool" && echo "found $tool"; done',
    'ls -d /root/.npmrc /run/secrets/npmrc /run/secrets/npm_ca /app/.npmrc 2>/dev/null',
    'find /app/node_modules -mindepth 1 -maxdepth 1 -type d -empty',
    'test -f /app/dist/cli.js && echo dist/cli.js',
  ].join('; ');
  const out = await mustPodman(['run', '--rm', '--no-healthcheck', '--entrypoint', '/bin/sh', image, '-c', script]);
  assert.equal(out, 'dist/cli.js\n');
});

test('run with settings from -e: /healthz, healthcheck and uid, a Claude Code export, stop exits 0 with every row committed', async (t) => {
  const name = `${prefix}-serve`;
  const volume = `${prefix}-data`;
  const port = await freePort();
  await mustPodman(['volume', 'create', volume]);
  volumes.push(volume);
  containers.push(name);
  // A port other than the image's, and a batch age far longer than the test: the rows sent are
  // committed by the drain at `podman stop` or not at all.
  await mustPodman([
    'run', '--detach', '--name', name, '--health-interval', 'disable',
    '--env', 'OTLP_DELTA_PORT=14321', '--env', 'OTLP_DELTA_BATCH_MAX_AGE_MS=60000',
    '--publish', `127.0.0.1:${port}:14321`, '--volume', `${volume}:/data`, image,
  ]);
  const url = `http://127.0.0.1:${port}`;
  const logs = async () => {
    const { stdout, stderr } = await podman(['logs', name]);
    return stdout + stderr;
  };

  await waitFor('/healthz answering on the port set by OTLP_DELTA_PORT', 60_000, async () => {
    const state = await mustPodman(['inspect', '--format', '{{.State.Status}}', name]);
    if (state.trim() !== 'running') throw new Error(`the container is ${state.trim()}: ${await logs()}`);
    const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
    return response.status === 200 ? true : undefined;
  });
  // The image's healthcheck follows OTLP_DELTA_PORT (it asks /readyz, ready once the sink is).
  const health = await waitFor('podman healthcheck run reporting healthy', 30_000, async () => {
    const result = await podman(['healthcheck', 'run', name]);
    return result.code === 0 ? result : undefined;
  });
  assert.equal(health.code, 0);
  assert.equal((await mustPodman(['inspect', '--format', '{{.State.Health.Status}}', name])).trim(), 'healthy');
  // And it does ask that port: pointed at the image's default one, where nothing listens now, it fails.
  const elsewhere = await podman(['exec', '--env', 'OTLP_DELTA_PORT=4318', name, 'node', '/app/healthcheck.mjs']);
  assert.equal(elsewhere.code, 1, elsewhere.stderr);
  assert.match(elsewhere.stderr, /\/readyz on 127\.0\.0\.1:4318 did not answer: ECONNREFUSED/);

  const status = await mustPodman(['exec', name, 'cat', '/proc/1/status']);
  assert.match(status, /^Uid:\s+1000\s+1000\s+1000\s+1000$/m, 'the service (pid 1) runs as uid 1000');

  const events = claudeEvents(`session-${process.pid}`);
  const response = await fetch(`${url}/v1/logs`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-protobuf', 'x-databricks-uc-table-name': CLAUDE_LOGS_TABLE },
    body: await claudeLogsProtobuf(events),
  });
  assert.equal(response.status, 200, await response.clone().text());
  assert.equal(response.headers.get('content-type'), 'application/x-protobuf');

  const dataDir = (await mustPodman(['volume', 'inspect', '--format', '{{.Mountpoint}}', volume])).trim();
  const tableDir = join(dataDir, ...CLAUDE_LOGS_TABLE.split('.'));
  const committedBeforeStop = await readTable(tableDir).catch(() => []);
  assert.equal(committedBeforeStop.length, 0, 'nothing is committed before its batch age');

  // 10 s is the stop timeout of `podman stop` and `docker stop` when none is set; past it, SIGKILL (137).
  const started = Date.now();
  await mustPodman(['stop', '--time', '10', name], 60_000);
  t.diagnostic(`podman stop took ${Date.now() - started} ms`);
  const [exitCode, oomKilled] = (await mustPodman(['inspect', '--format', '{{.State.ExitCode}} {{.State.OOMKilled}}', name])).trim().split(' ');
  assert.equal(exitCode, '0', `exit code after podman stop; the service said:\n${await logs()}`);
  assert.equal(oomKilled, 'false');

  const rows = await readTable(tableDir, 'body, attributes');
  assert.deepEqual(
    rows.map((r) => r.body).sort(),
    events.map((e) => e.body).sort(),
    'every row of the request was committed by the drain at stop',
  );
  const apiRequest = rows.find((r) => r.body === 'claude_code.api_request')!;
  const attributes = Object.fromEntries((apiRequest.attributes as Array<{ key: string; value: string }>).map((e) => [e.key, e.value]));
  assert.equal(attributes['event.name'], 'api_request');
  assert.equal(attributes.input_tokens, '1200');
});

test('a `serve --port` flag after the image name wins over the environment, and the healthcheck follows it', async () => {
  const name = `${prefix}-flag`;
  const port = await freePort();
  containers.push(name);
  await mustPodman(['run', '--detach', '--name', name, '--health-interval', 'disable', '--publish', `127.0.0.1:${port}:14322`, image, 'serve', '--port', '14322']);
  await waitFor('/healthz on the port set by --port', 60_000, async () => {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2_000) });
    return response.status === 200 ? true : undefined;
  });
  await waitFor('podman healthcheck run reporting healthy', 30_000, async () => ((await podman(['healthcheck', 'run', name])).code === 0 ? true : undefined));
});

test('a root-owned bind mount at /data: the service exits non-zero with one line saying what to do', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'otlp-delta-root-owned-'));
  dirs.push(dir);
  await chmod(dir, 0o755); // as `mkdir` leaves it: readable by everyone, writable by its owner (root) only
  const name = `${prefix}-root-owned`;
  containers.push(name);
  const run = await podman(['run', '--name', name, '--no-healthcheck', '--volume', `${dir}:/data`, image], 60_000);
  const output = `${run.stdout}${run.stderr}`;
  // The container's own exit code (podman's own failures, 125 and up, leave no exited container).
  const exitCode = (await mustPodman(['inspect', '--format', '{{.State.Status}} {{.State.ExitCode}}', name])).trim();
  assert.match(exitCode, /^exited [1-9]\d*$/, `the service must not run with a data dir it cannot write; it said:\n${output}`);
  assert.doesNotMatch(output, /^\s+at /m, `a message, not a stack trace:\n${output}`);
  const lines = output.split('\n').filter((line) => line.includes('/data'));
  assert.ok(lines.some((line) => /1000/.test(line) && /writ/i.test(line)), `one line naming /data, uid 1000 and what to do:\n${output}`);
});
