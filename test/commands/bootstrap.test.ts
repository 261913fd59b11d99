import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test, type TestContext } from 'node:test';
import { claudeCodeEnv } from '../../src/exporter-settings.js';
import { parseTableName, type TableName } from '../../src/route/table-name.js';
import { TABLE_SCHEMAS } from '../../src/schema/tables.js';
import { LocalDeltaSink } from '../../src/sinks/delta/local-delta-sink.js';

/**
 * `otlp-delta bootstrap`, run as the real command: it creates the metrics, logs and spans tables
 * from `sql/` (idempotently), and prints Claude Code's `env` block with the metrics, logs and
 * traces exporters pointed at this service and at those tables.
 */

const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', CLI, ...args],
      { env: { ...process.env, OTLP_DELTA_LOG_LEVEL: 'silent', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'otlp-delta-bootstrap-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** The `metaData` action of a table's first commit, read straight from the JSON log. */
async function metaData(tableDir: string): Promise<{ schemaString: string; configuration: Record<string, string> }> {
  const text = await readFile(join(tableDir, '_delta_log', '00000000000000000000.json'), 'utf8');
  const actions = text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const found = actions.find((a) => a.metaData !== undefined);
  assert.ok(found, `${tableDir}: no metaData action in version 0`);
  return found.metaData as { schemaString: string; configuration: Record<string, string> };
}

function name(text: string): TableName {
  const parsed = parseTableName(text);
  assert.ok(parsed.ok);
  return parsed.name;
}

const BOOTSTRAP = ['bootstrap', '--catalog', 'main', '--schema', 'telemetry', '--prefix', 'claude', '--url', 'http://127.0.0.1:4318'];

describe('otlp-delta bootstrap', () => {
  test('creates the metrics, logs and spans tables and prints the exporter settings of all three signals', async (t) => {
    const dataDir = await tempDir(t);
    const run = await runCli([...BOOTSTRAP, '--data-dir', dataDir]);
    assert.equal(run.code, 0, run.stderr);

    for (const kind of ['metrics', 'logs', 'spans'] as const) {
      const dir = join(dataDir, 'main', 'telemetry', `claude_otel_${kind}`);
      const meta = await metaData(dir);
      const fields = (JSON.parse(meta.schemaString) as { fields: Array<{ name: string }> }).fields.map((f) => f.name);
      assert.deepEqual(
        fields,
        TABLE_SCHEMAS[kind].columns.map((c) => c.name),
        `${kind}: the columns of sql/otel_${kind}.sql`,
      );
      assert.equal(meta.configuration['otel.schemaVersion'], 'v1', `${kind}: otel.schemaVersion`);
      assert.match(run.stderr, new RegExp(`main\\.telemetry\\.claude_otel_${kind}`));
    }

    const { env } = JSON.parse(run.stdout) as { env: Record<string, string> };
    assert.deepEqual(env, {
      CLAUDE_CODE_ENABLE_TELEMETRY: '1',
      OTEL_METRICS_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://127.0.0.1:4318/api/2.0/otel/v1/metrics',
      OTEL_EXPORTER_OTLP_METRICS_HEADERS: 'content-type=application/x-protobuf,X-Databricks-UC-Table-Name=main.telemetry.claude_otel_metrics',
      OTEL_METRIC_EXPORT_INTERVAL: '10000',
      OTEL_LOGS_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'http://127.0.0.1:4318/api/2.0/otel/v1/logs',
      OTEL_EXPORTER_OTLP_LOGS_HEADERS: 'content-type=application/x-protobuf,X-Databricks-UC-Table-Name=main.telemetry.claude_otel_logs',
      OTEL_LOGS_EXPORT_INTERVAL: '5000',
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4318/api/2.0/otel/v1/traces',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'content-type=application/x-protobuf,X-Databricks-UC-Table-Name=main.telemetry.claude_otel_spans',
    });
  });

  test('is idempotent: a second run finds the tables and leaves them as they are', async (t) => {
    const dataDir = await tempDir(t);
    const first = await runCli([...BOOTSTRAP, '--data-dir', dataDir]);
    assert.equal(first.code, 0, first.stderr);
    const spansDir = join(dataDir, 'main', 'telemetry', 'claude_otel_spans');
    const before = await readFile(join(spansDir, '_delta_log', '00000000000000000000.json'), 'utf8');
    const second = await runCli([...BOOTSTRAP, '--data-dir', dataDir]);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stdout, first.stdout);
    assert.equal(await readFile(join(spansDir, '_delta_log', '00000000000000000000.json'), 'utf8'), before);
  });

  test('refuses a prefix whose spans table holds another schema', async (t) => {
    const dataDir = await tempDir(t);
    const sink = new LocalDeltaSink(dataDir);
    try {
      assert.equal((await sink.prepareTable(name('main.telemetry.taken_otel_spans'), 'logs', true)).status, 'ok');
    } finally {
      await sink.close();
    }
    const run = await runCli(['bootstrap', '--catalog', 'main', '--schema', 'telemetry', '--prefix', 'taken', '--data-dir', dataDir]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /main\.telemetry\.taken_otel_spans/);
    assert.match(run.stderr, /spans/);
    assert.equal(run.stdout, '');
  });

  test('refuses names that are not catalog.schema.table parts', async (t) => {
    const dataDir = await tempDir(t);
    const run = await runCli(['bootstrap', '--catalog', 'main', '--schema', 'te/lemetry', '--prefix', 'x', '--data-dir', dataDir]);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
  });
});

describe('claudeCodeEnv', () => {
  test('puts the token in the headers of every signal, traces included', () => {
    const env = claudeCodeEnv({
      baseUrl: 'http://[::1]:4318',
      metricsTable: 'c.s.p_otel_metrics',
      logsTable: name('c.s.p_otel_logs'),
      spansTable: 'c.s.p_otel_spans',
      token: 'secret',
    });
    assert.equal(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, 'http://[::1]:4318/api/2.0/otel/v1/traces');
    assert.equal(
      env.OTEL_EXPORTER_OTLP_TRACES_HEADERS,
      'content-type=application/x-protobuf,Authorization=Bearer secret,X-Databricks-UC-Table-Name=c.s.p_otel_spans',
    );
    assert.equal(
      env.OTEL_EXPORTER_OTLP_LOGS_HEADERS,
      'content-type=application/x-protobuf,Authorization=Bearer secret,X-Databricks-UC-Table-Name=c.s.p_otel_logs',
    );
  });
});
