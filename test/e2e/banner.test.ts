import assert from 'node:assert/strict';
import { test } from 'node:test';
import { removeDir, startServer } from '../helpers/server.js';

test('with default tables, the banner says where requests without the header go and asks for no header', { timeout: 60_000 }, async () => {
  const server = await startServer({
    env: { OTLP_DELTA_DEFAULT_LOGS_TABLE: 'main.agents.claude_otel_logs', OTLP_DELTA_DEFAULT_METRICS_TABLE: 'main.agents.claude_otel_metrics' },
  });
  try {
    const banner = server.output();
    assert.match(banner, /logs requests without an X-Databricks-UC-Table-Name header go to main\.agents\.claude_otel_logs/);
    assert.match(banner, /metrics requests without an X-Databricks-UC-Table-Name header go to main\.agents\.claude_otel_metrics/);
    assert.doesNotMatch(banner, /OTEL_EXPORTER_OTLP_LOGS_HEADERS/);
    assert.doesNotMatch(banner, /OTEL_EXPORTER_OTLP_METRICS_HEADERS/);
    // Traces have no default: their header is still needed, and shown.
    assert.match(banner, /OTEL_EXPORTER_OTLP_TRACES_HEADERS=X-Databricks-UC-Table-Name=<catalog>\.<schema>\.<prefix>_otel_spans/);
    assert.match(banner, new RegExp(`OTEL_EXPORTER_OTLP_LOGS_ENDPOINT=${server.url}/api/2.0/otel/v1/logs`));
  } finally {
    await server.stop();
    await removeDir(server.dataDir);
  }
});
