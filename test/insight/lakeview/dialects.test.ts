import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DuckDBInstance, VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import { sourcesOf } from '../../../src/insight/duckdb-engine.js';
import { listLocalTables } from '../../../src/insight/local-tables.js';
import { databricksSources } from '../../../src/insight/lakeview/sources.js';
import { parameterMarkers } from '../../../src/insight/lakeview/parameters.js';
import { VIEWS, type Sources } from '../../../src/insight/model/index.js';
import { removeDir, startServer } from '../../helpers/server.js';
import { duckdbMarkers, outputColumns } from './checks.js';

/**
 * The same view, rendered in both dialects from its one definition: the DuckDB rendering runs on
 * local tables that the real server wrote from Claude Code- and Codex-shaped OTLP/JSON, and
 * returns exactly the view's columns; the Databricks rendering (the export's dataset) selects
 * the same columns, in the same order, and takes the same parameters.
 */

const T0 = 1_767_225_600_000_000_000n; // 2026-01-01T00:00:00Z in ns
const at = (minutes: number) => String(T0 + BigInt(minutes) * 60_000_000_000n);
const kv = (o: Record<string, string>) => Object.entries(o).map(([key, v]) => ({ key, value: { stringValue: v } }));

const CLAUDE_RESOURCE = { attributes: kv({ 'service.name': 'claude-code', 'team.id': 'payments' }) };
const CLAUDE_ATTRS = { 'session.id': 's-1', 'user.email': 'ana@example.com' };

function claudeMetrics() {
  const point = (value: number, extra: Record<string, string>, minute: number) => ({ asDouble: value, startTimeUnixNano: at(minute - 1), timeUnixNano: at(minute), attributes: kv({ ...CLAUDE_ATTRS, ...extra }) });
  return {
    resourceMetrics: [
      {
        resource: CLAUDE_RESOURCE,
        scopeMetrics: [
          {
            scope: { name: 'com.anthropic.claude_code', version: '2.0.0' },
            metrics: [
              { name: 'claude_code.cost.usage', unit: 'USD', sum: { aggregationTemporality: 1, isMonotonic: true, dataPoints: [point(0.25, { model: 'claude-sonnet-4-5' }, 10), point(0.5, { model: 'claude-sonnet-4-5' }, 20)] } },
              { name: 'claude_code.token.usage', unit: 'tokens', sum: { aggregationTemporality: 1, isMonotonic: true, dataPoints: [point(100, { model: 'claude-sonnet-4-5', type: 'input' }, 10), point(40, { model: 'claude-sonnet-4-5', type: 'output' }, 10)] } },
              { name: 'claude_code.lines_of_code.count', unit: 'count', sum: { aggregationTemporality: 1, isMonotonic: true, dataPoints: [point(7, { type: 'added' }, 15)] } },
            ],
          },
        ],
      },
    ],
  };
}

function claudeLogs() {
  const record = (event: string, minute: number, extra: Record<string, string>) => ({
    timeUnixNano: at(minute),
    observedTimeUnixNano: at(minute),
    body: { stringValue: `claude_code.${event}` },
    attributes: kv({ ...CLAUDE_ATTRS, 'event.name': event, ...extra }),
  });
  return {
    resourceLogs: [
      {
        resource: CLAUDE_RESOURCE,
        scopeLogs: [
          {
            scope: { name: 'com.anthropic.claude_code.events', version: '2.0.0' },
            logRecords: [
              record('user_prompt', 9, { prompt_length: '12' }),
              record('api_request', 10, { model: 'claude-sonnet-4-5', cost_usd: '0.25', duration_ms: '900', input_tokens: '100', output_tokens: '40' }),
              record('tool_result', 11, { tool_name: 'Edit', success: 'true', duration_ms: '30' }),
              record('api_error', 12, { model: 'claude-sonnet-4-5', status_code: '529', error: 'overloaded', duration_ms: '50' }),
            ],
          },
        ],
      },
    ],
  };
}

function codexLogs() {
  const record = (event: string, minute: number, extra: Record<string, string>) => ({
    timeUnixNano: '0',
    observedTimeUnixNano: at(minute),
    attributes: kv({ 'conversation.id': 'c-1', 'user.email': 'bo@example.com', model: 'gpt-5-codex', 'event.name': `codex.${event}`, ...extra }),
  });
  return {
    resourceLogs: [
      {
        resource: { attributes: kv({ 'service.name': 'codex_exec' }) },
        scopeLogs: [
          {
            scope: { name: 'codex_otel' },
            logRecords: [
              record('user_prompt', 30, { prompt_length: '20' }),
              record('api_request', 31, { attempt: '1', duration_ms: '700', 'http.response.status_code': '200' }),
              record('sse_event', 31, { 'event.kind': 'response.completed', input_token_count: '500', output_token_count: '80', cached_token_count: '200' }),
              record('tool_result', 32, { tool_name: 'shell', call_id: 'x', duration_ms: '15', success: 'false' }),
            ],
          },
        ],
      },
    ],
  };
}

let dataDir: string;
let connection: DuckDBConnection;
let duckSources: Sources;
const DBX = databricksSources('main', 'agents', ['claude', 'codex']);

before(async () => {
  const server = await startServer();
  dataDir = server.dataDir;
  try {
    const post = async (signal: 'metrics' | 'logs', table: string, body: unknown) => {
      const response = await fetch(`${server.url}/v1/${signal}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-databricks-uc-table-name': table },
        body: JSON.stringify(body),
      });
      assert.equal(response.status, 200, await response.text());
    };
    await post('metrics', 'main.agents.claude_otel_metrics', claudeMetrics());
    await post('logs', 'main.agents.claude_otel_logs', claudeLogs());
    await post('logs', 'main.agents.codex_otel_logs', codexLogs());
  } finally {
    // SIGTERM: the server commits what it holds, then exits 0.
    assert.equal(await server.stop(), 0);
  }
  duckSources = sourcesOf(await listLocalTables(dataDir));
  connection = await (await DuckDBInstance.create(':memory:', { threads: '1' })).connect();
}, { timeout: 90_000 });

after(async () => {
  connection?.closeSync();
  if (dataDir) await removeDir(dataDir);
});

async function runDuck(sql: string, params: Record<string, string>): Promise<{ columns: string[]; rows: Record<string, unknown>[] }> {
  const types = Object.fromEntries(Object.keys(params).map((k) => [k, VARCHAR]));
  const reader = await connection.runAndReadAll(sql, params, types);
  return { columns: reader.columnNames(), rows: reader.getRowObjectsJS() as Record<string, unknown>[] };
}

describe('one view, two dialects', () => {
  test('the local tables hold what was sent', () => {
    assert.equal(duckSources.metrics.length, 1);
    assert.equal(duckSources.logs.length, 2);
  });

  for (const view of VIEWS) {
    test(`${view.id}: same columns and parameters; the DuckDB rendering runs on the local tables`, async () => {
      const duck = view.sql('duckdb', duckSources);
      const dbx = view.sql('databricks', DBX);
      assert.deepEqual(duckdbMarkers(duck).sort(), [...view.params].sort(), 'DuckDB parameters');
      assert.deepEqual(parameterMarkers(dbx).sort(), [...view.params].sort(), 'Databricks parameters');
      const names = view.columns.map((c) => c.name);
      // A view that ends in `SELECT *` is checked by its DuckDB result alone.
      if (!outputColumns(dbx).includes('*')) {
        assert.deepEqual(outputColumns(dbx), names, 'Databricks select list');
        assert.deepEqual(outputColumns(duck), names, 'DuckDB select list');
      }
      const all = Object.fromEntries(view.params.map((p) => [p, '']));
      const result = await runDuck(duck, all);
      assert.deepEqual(result.columns, names, 'DuckDB result columns');
      const window = { ...all, ...(view.params.includes('from') ? { from: '2026-01-01 00:00:00' } : {}), ...(view.params.includes('to') ? { to: '2026-01-02 00:00:00' } : {}) };
      assert.deepEqual((await runDuck(duck, window)).columns, names);
    });
  }

  test('the summary counts both agents from the local tables', async () => {
    const view = VIEWS.find((v) => v.id === 'summary')!;
    const { rows } = await runDuck(view.sql('duckdb', duckSources), Object.fromEntries(view.params.map((p) => [p, ''])));
    const byAgent = new Map(rows.map((r) => [r.agent, r]));
    assert.deepEqual([...byAgent.keys()].sort(), ['claude_code', 'codex']);
    assert.equal(Number(byAgent.get('claude_code')!.cost_usd), 0.75);
    assert.equal(Number(byAgent.get('claude_code')!.lines_added), 7);
    assert.equal(Number(byAgent.get('codex')!.sessions), 1);
    assert.equal(Number(byAgent.get('codex')!.users), 1);
  });
});
