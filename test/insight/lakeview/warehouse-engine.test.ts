import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { DatabricksSettings } from '../../../src/config/schema.js';
import { usageDashboard } from '../../../src/insight/lakeview/usage.js';
import { VIEWS } from '../../../src/insight/model/index.js';
import { WarehouseEngine } from '../../../src/insight/warehouse-engine.js';
import { WarehouseQueryRunner } from '../../../src/sinks/databricks/query-runner.js';
import { startTestWarehouse, type TestWarehouse } from '../../warehouse/index.js';

/**
 * The usage views run on the SQL warehouse through the real connector: the test warehouse records
 * one statement per view whose SQL is the exported dashboard's dataset for that view, with the
 * view's filters bound as named STRING parameters (never in the SQL text); a failed statement
 * rejects with the warehouse's classified error.
 */

const TABLES = { catalog: 'main', schema: 'agents', prefixes: ['claude', 'codex'] };
let wh: TestWarehouse;
let engine: WarehouseEngine;

before(async () => {
  wh = await startTestWarehouse();
  const settings: DatabricksSettings = {
    host: wh.host,
    port: wh.port,
    httpPath: wh.httpPath,
    auth: { kind: 'token', token: wh.token },
    maxStatementBytes: 1 << 20,
    statementTimeoutMs: 10_000,
  };
  // In one process the connector trusts the test CA through customCaCert (NODE_EXTRA_CA_CERTS is read at start only).
  engine = new WarehouseEngine(new WarehouseQueryRunner(settings, { connectOverrides: { customCaCert: readFileSync(wh.caCertPath) } }), TABLES);
});

after(async () => {
  await engine?.close();
  await wh?.close();
});

describe('warehouse engine', () => {
  test('runs every view as the export dataset\'s SQL, filters as named parameters', async () => {
    const datasets = new Map(usageDashboard(TABLES.catalog, TABLES.schema, TABLES.prefixes).datasets.map((d) => [d.name, d.queryLines.join('')]));
    const filters = { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z', agent: "claude_code' OR 1=1 --", user: '', session: 's-1' };
    for (const view of VIEWS) {
      const before = wh.statements.length;
      const result = await engine.run(view, filters);
      assert.deepEqual(result.rows, [], `${view.id}: the test warehouse answers no rows`);
      const recorded = wh.statements.slice(before);
      assert.equal(recorded.length, 1, view.id);
      const [statement] = recorded;
      assert.equal(statement.outcome, 'success', `${view.id}: ${statement.error}`);
      assert.equal(statement.sql, datasets.get(`ds_${view.id}`), `${view.id}: the dataset's SQL`);
      assert.deepEqual(
        statement.parameters,
        Object.fromEntries(view.params.map((p) => [p, { type: 'STRING', value: (filters as Record<string, string>)[p] ?? '' }])),
        `${view.id}: parameters`,
      );
      assert.ok(!statement.sql.includes('OR 1=1'), 'a filter value never enters the SQL text');
    }
  });

  test('a failed statement rejects with the warehouse\'s own message', async () => {
    wh.failNext('thrift-error', 1, { message: '[INSUFFICIENT_PERMISSIONS] User does not have SELECT on Table main.agents.claude_otel_logs. SQLSTATE: 42501', sqlState: '42501', where: 'operation' });
    await assert.rejects(engine.run(VIEWS[0], {}), /INSUFFICIENT_PERMISSIONS.*SELECT on Table/);
  });
});
