import assert from 'node:assert/strict';
import { test } from 'node:test';
import { removeDir, startServer } from '../helpers/server.js';

test('a refused request is logged at info with its Status message, the table and the caller', { timeout: 60_000 }, async () => {
  const server = await startServer({ env: { OTLP_DELTA_LOG_LEVEL: 'info' } });
  try {
    const response = await fetch(`${server.url}/v1/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-databricks-uc-table-name': 'main.log.t_otel_logs' },
      body: '{"resourceLogs": [',
    });
    assert.equal(response.status, 400);
    const { message } = (await response.json()) as { message: string };
    let line: Record<string, unknown> | undefined;
    for (let i = 0; i < 50 && line === undefined; i++) {
      await new Promise((r) => setTimeout(r, 100));
      line = server
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((l) => l.msg === 'request refused');
    }
    assert.ok(line, `a "request refused" line in:\n${server.output()}`);
    assert.deepEqual(
      { level: line.level, status: line.status, table: line.table, caller: line.caller, problem: line.problem },
      { level: 30, status: 400, table: 'main.log.t_otel_logs', caller: 'anonymous', problem: message },
    );
  } finally {
    await server.stop();
    await removeDir(server.dataDir);
  }
});
