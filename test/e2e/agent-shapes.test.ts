import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { readTable } from '../helpers/delta-reader.js';
import { removeDir, startServer } from '../helpers/server.js';

const fixture = (name: string) => readFile(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const asMap = (entries: Array<{ key: string; value: string | null }>) => Object.fromEntries(entries.map((e) => [e.key, e.value]));

/** Payloads shaped as the coding agents send them (see RESEARCH.md), through the real server. */
test('Codex-style pretty OTLP/JSON logs and Gemini-style JSON metrics land as the SPEC maps them', async () => {
  const server = await startServer({ args: ['--default-metrics-table', 'main.agents.gemini_otel_metrics'] });
  try {
    const codex = await fetch(`${server.url}/api/2.0/otel/v1/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-databricks-uc-table-name': 'main.agents.codex_otel_logs', 'content-encoding': 'gzip' },
      body: gzipSync(await fixture('codex-logs.json')),
    });
    assert.equal(codex.status, 200);
    assert.deepEqual(await codex.json(), {});
    // Gemini CLI posts to the OTLP default path without the table header.
    const gemini = await fetch(`${server.url}/v1/metrics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: await fixture('gemini-metrics.json'),
    });
    assert.equal(gemini.status, 200);
    assert.equal(await server.stop(), 0);

    const [log] = await readTable(join(server.dataDir, 'main', 'agents', 'codex_otel_logs'));
    assert.equal(log.event_name, 'codex_otel::otel_event_manager: src/otel_event_manager.rs:123');
    assert.equal(log.time_unix_nano, 0n);
    assert.equal(log.observed_time_unix_nano, 1764236412345678901n);
    assert.equal(log.trace_id, null);
    assert.equal(log.span_id, null);
    assert.equal(log.severity_number, 'SEVERITY_NUMBER_INFO');
    assert.equal(log.body, '');
    const attributes = asMap(log.attributes as never);
    assert.equal(attributes['event.name'], 'codex.api_request');
    assert.equal(attributes.duration_ms, '1234');
    assert.equal(attributes['http.response.status_code'], '200');
    assert.equal(attributes.input_token_count, '9007199254740993');
    assert.deepEqual(log.resource, {
      attributes: [
        { key: 'service.name', value: 'codex_cli_rs' },
        { key: 'service.version', value: '0.63.0' },
        { key: 'env', value: 'dev' },
      ],
      dropped_attributes_count: 0,
    });
    assert.deepEqual(log.instrumentation_scope, { name: 'codex_otel', version: '0.63.0', attributes: [], dropped_attributes_count: 0 });

    const metrics = await readTable(join(server.dataDir, 'main', 'agents', 'gemini_otel_metrics'));
    const byName = Object.fromEntries(metrics.map((m) => [m.name as string, m]));
    const usage = byName['gemini_cli.token.usage'];
    assert.equal(usage.metric_type, 'sum');
    assert.equal(usage.gauge, null);
    const sum = usage.sum as Record<string, unknown>;
    assert.equal(sum.value, 4821);
    assert.equal(sum.aggregation_temporality, 'AGGREGATION_TEMPORALITY_CUMULATIVE');
    assert.equal(sum.is_monotonic, true);
    assert.equal(sum.start_time_unix_nano, 1764236400000000000n);
    assert.deepEqual(asMap(sum.attributes as never), { model: 'gemini-2.5-pro', type: 'input', empty: null });
    const latency = byName['gemini_cli.api.request.latency'];
    assert.equal(latency.metric_type, 'histogram');
    const histogram = latency.histogram as Record<string, unknown>;
    assert.equal(histogram.count, 2n);
    assert.deepEqual(histogram.bucket_counts, [0n, 1n, 1n]);
    assert.deepEqual(histogram.explicit_bounds, [500, 1000]);
    assert.equal(histogram.sum, 1830.5);
    assert.equal(histogram.min, 612.25);
    assert.equal(histogram.max, 1218.25);
    assert.equal(latency.description, '');
    assert.equal(latency.resource_schema_url, '');
  } finally {
    await server.stop();
    await removeDir(server.dataDir);
  }
});
