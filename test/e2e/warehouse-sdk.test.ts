import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags, ValueType } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { AggregationTemporalityPreference, OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { parseDdl } from '../../src/schema/parse-ddl.js';
import { ddlTemplate, TABLE_KINDS } from '../../src/schema/tables.js';
import { SparkSQL } from 'dt-sql-parser';
import { inserts, insertedRows, runCli, serveWarehouse, warehouseEnv } from '../sinks/databricks/e2e-helpers.js';
import { removeDir, type RunningServer } from '../helpers/server.js';
import {
  assertSameRows,
  conformanceResource,
  expectedResource,
  hrNanos,
  mapOf,
  recordExports,
  RESOURCE_SCHEMA_URL,
  show,
} from '../helpers/sdk-expect.js';
import { startTestWarehouse, type TestWarehouse } from '../warehouse/index.js';

/**
 * The warehouse path end to end: `otlp-delta bootstrap` creates the three tables on the test
 * warehouse (the real connector, the real protocol), then `otlp-delta serve` in warehouse mode
 * takes OpenTelemetry JS SDK traffic (logs over protobuf, metrics over JSON, traces over protobuf),
 * and the `rows` parameters of the INSERT statements the warehouse recorded are decoded (integers
 * exact) and compared, column by column, with rows written out by hand from SPEC.md.
 */

const CATALOG = 'main';
const SCHEMA = 'sdk';
const PREFIX = 'wh';
const TABLES = { metrics: `${CATALOG}.${SCHEMA}.${PREFIX}_otel_metrics`, logs: `${CATALOG}.${SCHEMA}.${PREFIX}_otel_logs`, spans: `${CATALOG}.${SCHEMA}.${PREFIX}_otel_spans` };

/** The columns SCHEMAS.md documents, copied from it by hand (metrics: the names; its types are sql/'s). */
const DOCUMENTED = {
  logs: `event_name STRING, trace_id STRING, span_id STRING, time_unix_nano LONG, observed_time_unix_nano LONG,
    severity_number STRING, severity_text STRING, body STRING, attributes MAP<STRING, STRING>, dropped_attributes_count INT,
    flags INT, resource STRUCT<attributes: MAP<STRING, STRING>, dropped_attributes_count: INT>, resource_schema_url STRING,
    instrumentation_scope STRUCT<name: STRING, version: STRING, attributes: MAP<STRING, STRING>, dropped_attributes_count: INT>,
    log_schema_url STRING`,
  spans: `trace_id STRING, span_id STRING, trace_state STRING, parent_span_id STRING, flags INT, name STRING, kind STRING,
    start_time_unix_nano LONG, end_time_unix_nano LONG, attributes MAP<STRING, STRING>, dropped_attributes_count INT,
    events ARRAY<STRUCT<time_unix_nano: LONG, name: STRING, attributes: MAP<STRING, STRING>, dropped_attributes_count: INT>>,
    dropped_events_count INT, links ARRAY<STRUCT<trace_id: STRING, span_id: STRING, trace_state: STRING, attributes: MAP<STRING,
    STRING>, dropped_attributes_count: INT, flags: INT>>, dropped_links_count INT, status STRUCT<message: STRING, code: STRING>,
    resource STRUCT<attributes: MAP<STRING, STRING>, dropped_attributes_count: INT>, resource_schema_url STRING,
    instrumentation_scope STRUCT<name: STRING, version: STRING, attributes: MAP<STRING, STRING>, dropped_attributes_count: INT>,
    span_schema_url STRING`,
  metricsNames: [
    'name', 'description', 'unit', 'metric_type', 'gauge', 'sum', 'histogram', 'exponential_histogram', 'summary',
    'metadata', 'resource', 'resource_schema_url', 'instrumentation_scope', 'metric_schema_url',
  ],
};

const columnsOf = (columnsSql: string) => parseDdl(`CREATE TABLE x (${columnsSql}) USING DELTA`).columns;

// ---------------------------------------------------------------------------------------------
// Logs: three records, every expected column by hand

const LOG_SCOPE = { name: 'wh-logger', version: '1.0.0', schemaUrl: 'https://example.com/logger' };
const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const SPAN_ID = 'eee19b7ec3c1b174';

function emitLogs(provider: LoggerProvider): void {
  const logger = provider.getLogger(LOG_SCOPE.name, LOG_SCOPE.version, { schemaUrl: LOG_SCOPE.schemaUrl });
  logger.emit({
    timestamp: [1_700_000_000, 123_456_789],
    observedTimestamp: [1_700_000_000, 223_456_789],
    severityNumber: SeverityNumber.INFO,
    severityText: 'INFO',
    body: 'user signed in',
    attributes: { str: 'hello "world"', 'int.max_safe': 9007199254740991, neg: -42, dbl: 0.1, flag: true, list: ['a', 1], empty: null },
    context: trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED }),
  });
  logger.emit({
    timestamp: [1_700_000_001, 5],
    observedTimestamp: [1_700_000_001, 999_999_999],
    severityNumber: SeverityNumber.ERROR,
    severityText: 'ERROR',
    eventName: 'order.failed',
    body: { order: 'A-17', qty: 3 },
    attributes: { 'event.name': 'attribute.loses' },
  });
  provider.getLogger('wh-bare').emit({ timestamp: [0, 0], observedTimestamp: [1_700_000_200, 0], body: 42 });
}

const LOG_ROWS = [
  {
    event_name: null,
    trace_id: TRACE_ID,
    span_id: SPAN_ID,
    time_unix_nano: 1_700_000_000_123_456_789n,
    observed_time_unix_nano: 1_700_000_000_223_456_789n,
    severity_number: 'SEVERITY_NUMBER_INFO',
    severity_text: 'INFO',
    body: 'user signed in',
    attributes: mapOf({ str: 'hello "world"', 'int.max_safe': '9007199254740991', neg: '-42', dbl: '0.1', flag: 'true', list: '["a",1]', empty: null }),
    dropped_attributes_count: 0,
    flags: 1,
    resource: expectedResource(),
    resource_schema_url: RESOURCE_SCHEMA_URL,
    instrumentation_scope: { name: LOG_SCOPE.name, version: LOG_SCOPE.version, attributes: [], dropped_attributes_count: 0 },
    log_schema_url: LOG_SCOPE.schemaUrl,
  },
  {
    event_name: 'order.failed',
    trace_id: null,
    span_id: null,
    time_unix_nano: 1_700_000_001_000_000_005n,
    observed_time_unix_nano: 1_700_000_001_999_999_999n,
    severity_number: 'SEVERITY_NUMBER_ERROR',
    severity_text: 'ERROR',
    body: '{"order":"A-17","qty":3}',
    attributes: mapOf({ 'event.name': 'attribute.loses' }),
    dropped_attributes_count: 0,
    flags: 0,
    resource: expectedResource(),
    resource_schema_url: RESOURCE_SCHEMA_URL,
    instrumentation_scope: { name: LOG_SCOPE.name, version: LOG_SCOPE.version, attributes: [], dropped_attributes_count: 0 },
    log_schema_url: LOG_SCOPE.schemaUrl,
  },
  {
    event_name: null,
    trace_id: null,
    span_id: null,
    time_unix_nano: 0n,
    observed_time_unix_nano: 1_700_000_200_000_000_000n,
    severity_number: 'SEVERITY_NUMBER_UNSPECIFIED',
    severity_text: '',
    body: '42',
    attributes: [],
    dropped_attributes_count: 0,
    flags: 0,
    resource: expectedResource(),
    resource_schema_url: RESOURCE_SCHEMA_URL,
    instrumentation_scope: { name: 'wh-bare', version: '', attributes: [], dropped_attributes_count: 0 },
    log_schema_url: '',
  },
];

// ---------------------------------------------------------------------------------------------
// Metrics: values by hand, times from what the exporter was handed

const METER_SCOPE = { name: 'wh-meter', version: '2.0.0', schemaUrl: 'https://example.com/meter' };

function recordMetrics(provider: MeterProvider): void {
  const meter = provider.getMeter(METER_SCOPE.name, METER_SCOPE.version, { schemaUrl: METER_SCOPE.schemaUrl });
  const requests = meter.createCounter('wh.requests', { description: 'Requests', unit: '{request}' });
  requests.add(1.5, { route: '/a' });
  requests.add(2.25, { route: '/a' });
  const items = meter.createCounter('wh.items', { unit: '1', valueType: ValueType.INT });
  items.add(3);
  items.add(4);
  meter.createGauge('wh.temperature', { unit: 'Cel' }).record(-4.5, { room: 'b' });
  const latency = meter.createHistogram('wh.latency', { unit: 'ms', advice: { explicitBucketBoundaries: [0, 5, 10] } });
  for (const v of [1, 7, 30]) latency.record(v, { route: '/a' });
}

interface CapturedPoint {
  name: string;
  start: bigint;
  time: bigint;
}

function captureMetrics(rm: ResourceMetrics): CapturedPoint[] {
  return rm.scopeMetrics.flatMap((sm) =>
    sm.metrics.flatMap((m) => m.dataPoints.map((dp) => ({ name: m.descriptor.name, start: hrNanos(dp.startTime), time: hrNanos(dp.endTime) }))),
  );
}

function metricRow(point: CapturedPoint): Record<string, unknown> {
  const times = { start_time_unix_nano: point.start, time_unix_nano: point.time };
  const cumulative = 'AGGREGATION_TEMPORALITY_CUMULATIVE';
  const base = {
    gauge: null,
    sum: null,
    histogram: null,
    exponential_histogram: null,
    summary: null,
    metadata: [],
    resource: expectedResource(),
    resource_schema_url: RESOURCE_SCHEMA_URL,
    instrumentation_scope: { name: METER_SCOPE.name, version: METER_SCOPE.version, attributes: [], dropped_attributes_count: 0 },
    metric_schema_url: METER_SCOPE.schemaUrl,
  };
  switch (point.name) {
    case 'wh.requests':
      return { ...base, name: 'wh.requests', description: 'Requests', unit: '{request}', metric_type: 'sum',
        sum: { ...times, value: 3.75, exemplars: [], attributes: mapOf({ route: '/a' }), flags: 0, aggregation_temporality: cumulative, is_monotonic: true } };
    case 'wh.items':
      return { ...base, name: 'wh.items', description: '', unit: '1', metric_type: 'sum',
        sum: { ...times, value: 7, exemplars: [], attributes: [], flags: 0, aggregation_temporality: cumulative, is_monotonic: true } };
    case 'wh.temperature':
      return { ...base, name: 'wh.temperature', description: '', unit: 'Cel', metric_type: 'gauge',
        gauge: { ...times, value: -4.5, exemplars: [], attributes: mapOf({ room: 'b' }), flags: 0 } };
    case 'wh.latency':
      // 1 → (0,5]; 7 → (5,10]; 30 → (10,+inf)
      return { ...base, name: 'wh.latency', description: '', unit: 'ms', metric_type: 'histogram',
        histogram: { ...times, count: 3n, sum: 38, bucket_counts: [0n, 1n, 1n, 1n], explicit_bounds: [0, 5, 10], exemplars: [],
          attributes: mapOf({ route: '/a' }), flags: 0, min: 1, max: 30, aggregation_temporality: cumulative } };
    default:
      throw new Error(`unexpected metric ${point.name}`);
  }
}

const metricKey = (row: Record<string, unknown>) => {
  const struct = (['gauge', 'sum', 'histogram'] as const).map((k) => row[k]).find(Boolean) as { time_unix_nano: bigint };
  return `${String(row.name)} t=${String(struct?.time_unix_nano)}`;
};

// ---------------------------------------------------------------------------------------------
// Traces: a root under a remote parent and a child with a link; ids of the SDK's own making

const REMOTE = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' };
const LINKED = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331' };
const TRACER_SCOPE = { name: 'wh-tracer', version: '3.0.0', schemaUrl: 'https://example.com/tracer' };

function emitSpans(provider: BasicTracerProvider): void {
  const tracer = provider.getTracer(TRACER_SCOPE.name, TRACER_SCOPE.version, { schemaUrl: TRACER_SCOPE.schemaUrl });
  const parent = trace.setSpanContext(ROOT_CONTEXT, { ...REMOTE, traceFlags: TraceFlags.SAMPLED, isRemote: true });
  const root = tracer.startSpan('GET /items', { kind: SpanKind.SERVER, attributes: { 'http.status_code': 503 }, startTime: [1_700_000_000, 1] }, parent);
  root.addEvent('cache.miss', { size: 2 }, [1_700_000_000, 2]);
  const child = tracer.startSpan(
    'POST upstream',
    { kind: SpanKind.CLIENT, startTime: [1_700_000_000, 3], links: [{ context: { ...LINKED, traceFlags: TraceFlags.NONE, isRemote: true }, attributes: { why: 'follows' } }] },
    trace.setSpan(ROOT_CONTEXT, root),
  );
  child.end([1_700_000_000, 4]);
  root.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream 503' });
  root.end([1_700_000_001, 0]);
}

function spanRows(spans: ReadableSpan[]): Record<string, unknown>[] {
  const root = spans.find((s) => s.name === 'GET /items')!;
  const child = spans.find((s) => s.name === 'POST upstream')!;
  const common = {
    trace_state: '',
    resource: expectedResource(),
    resource_schema_url: RESOURCE_SCHEMA_URL,
    instrumentation_scope: { name: TRACER_SCOPE.name, version: TRACER_SCOPE.version, attributes: [], dropped_attributes_count: 0 },
    span_schema_url: TRACER_SCOPE.schemaUrl,
    dropped_attributes_count: 0,
    dropped_events_count: 0,
    dropped_links_count: 0,
  };
  return [
    {
      ...common,
      trace_id: REMOTE.traceId,
      span_id: root.spanContext().spanId,
      parent_span_id: REMOTE.spanId,
      flags: 0x301, // sampled; "has is-remote" and "is remote" for the remote parent
      name: 'GET /items',
      kind: 'SPAN_KIND_SERVER',
      start_time_unix_nano: 1_700_000_000_000_000_001n,
      end_time_unix_nano: 1_700_000_001_000_000_000n,
      attributes: mapOf({ 'http.status_code': '503' }),
      events: [{ time_unix_nano: 1_700_000_000_000_000_002n, name: 'cache.miss', attributes: mapOf({ size: '2' }), dropped_attributes_count: 0 }],
      links: [],
      status: { message: 'upstream 503', code: 'STATUS_CODE_ERROR' },
    },
    {
      ...common,
      trace_id: REMOTE.traceId,
      span_id: child.spanContext().spanId,
      parent_span_id: root.spanContext().spanId,
      flags: 0x101,
      name: 'POST upstream',
      kind: 'SPAN_KIND_CLIENT',
      start_time_unix_nano: 1_700_000_000_000_000_003n,
      end_time_unix_nano: 1_700_000_000_000_000_004n,
      attributes: [],
      events: [],
      links: [{ trace_id: LINKED.traceId, span_id: LINKED.spanId, trace_state: '', attributes: mapOf({ why: 'follows' }), dropped_attributes_count: 0, flags: 0x300 }],
      status: { message: '', code: 'STATUS_CODE_UNSET' },
    },
  ];
}

// ---------------------------------------------------------------------------------------------

describe('OpenTelemetry JS SDK → otlp-delta serve → SQL warehouse', () => {
  let wh: TestWarehouse;
  let server: RunningServer | undefined;
  let bootstrapRun: Awaited<ReturnType<typeof runCli>>;
  let bootstrapAgain: Awaited<ReturnType<typeof runCli>>;
  let createStatements: string[] = [];
  let metricPoints: CapturedPoint[] = [];
  let spans: ReadableSpan[] = [];
  let exitCode: number | null = null;
  const results: number[] = [];

  before(async () => {
    wh = await startTestWarehouse();
    const env = warehouseEnv(wh);
    bootstrapRun = await runCli(['bootstrap', '--catalog', CATALOG, '--schema', SCHEMA, '--prefix', PREFIX, '--url', 'http://collector.internal:4318'], env);
    createStatements = wh.statements.filter((s) => s.sql.startsWith('CREATE')).map((s) => s.sql);
    bootstrapAgain = await runCli(['bootstrap', '--catalog', CATALOG, '--schema', SCHEMA, '--prefix', PREFIX], env);

    server = await serveWarehouse(wh);
    const headers = (table: string) => ({ 'X-Databricks-UC-Table-Name': table });

    const logExporter = new OTLPLogExporter({ url: `${server.url}/api/2.0/otel/v1/logs`, headers: headers(TABLES.logs) });
    const logs = recordExports(logExporter, (records: unknown[]) => records.length);
    const loggerProvider = new LoggerProvider({ resource: conformanceResource(), processors: [new BatchLogRecordProcessor({ exporter: logExporter, scheduledDelayMillis: 60_000 })] });
    emitLogs(loggerProvider);
    await loggerProvider.shutdown();

    const metricExporter = new OTLPMetricExporter({
      url: `${server.url}/api/2.0/otel/v1/metrics`,
      headers: headers(TABLES.metrics),
      temporalityPreference: AggregationTemporalityPreference.CUMULATIVE,
    });
    const metrics = recordExports<ResourceMetrics, CapturedPoint[]>(metricExporter, captureMetrics);
    const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 1_000_000_000 });
    const meterProvider = new MeterProvider({ resource: conformanceResource(), readers: [reader] });
    recordMetrics(meterProvider);
    await reader.forceFlush();
    await meterProvider.shutdown();
    metricPoints = metrics.inputs.flat();

    const spanExporter = new OTLPTraceExporter({ url: `${server.url}/api/2.0/otel/v1/traces`, headers: headers(TABLES.spans) });
    const traced = recordExports<ReadableSpan[], ReadableSpan[]>(spanExporter, (s) => [...s]);
    const tracerProvider = new BasicTracerProvider({ resource: conformanceResource(), spanProcessors: [new BatchSpanProcessor(spanExporter, { scheduledDelayMillis: 60_000 })] });
    emitSpans(tracerProvider);
    await tracerProvider.shutdown();
    spans = traced.inputs.flat();

    results.push(...[logs, metrics, traced].flatMap((r) => r.results.map((x) => x.code)));
    // SIGTERM: the service exports what it holds before it exits.
    exitCode = await server.stop();
  });

  after(async () => {
    if (server) {
      if (server.process.exitCode === null) await server.stop();
      await removeDir(server.dataDir);
    }
    await wh?.close();
  });

  test('bootstrap runs the sql/ DDL on the warehouse, quoted, IF NOT EXISTS, and prints the env block', () => {
    assert.equal(bootstrapRun.code, 0, bootstrapRun.stderr);
    assert.deepEqual(
      createStatements.map((sql) => sql.split('\n')[0]),
      TABLE_KINDS.map((kind) => `CREATE TABLE IF NOT EXISTS \`${CATALOG}\`.\`${SCHEMA}\`.\`${PREFIX}_otel_${kind}\` (`),
    );
    const spark = new SparkSQL();
    for (const sql of createStatements) {
      // dt-sql-parser's SparkSQL grammar takes two-part table names only.
      assert.deepEqual(spark.validate(sql.replace(`\`${CATALOG}\`.\`${SCHEMA}\`.`, `\`${SCHEMA}\`.`)), [], sql.split('\n')[0]);
    }
    const env = (JSON.parse(bootstrapRun.stdout) as { env: Record<string, string> }).env;
    assert.equal(env.OTEL_EXPORTER_OTLP_LOGS_ENDPOINT, 'http://collector.internal:4318/api/2.0/otel/v1/logs');
    assert.match(env.OTEL_EXPORTER_OTLP_METRICS_HEADERS, /X-Databricks-UC-Table-Name=main\.sdk\.wh_otel_metrics/);
    assert.match(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS, /X-Databricks-UC-Table-Name=main\.sdk\.wh_otel_spans/);
    assert.match(bootstrapRun.stderr, /created or found main\.sdk\.wh_otel_logs in Unity Catalog tables through the SQL warehouse/);
  });

  test('the tables have exactly the documented columns', () => {
    assert.deepEqual([...wh.tables.keys()].sort(), Object.values(TABLES).sort());
    assert.deepEqual(columnsOf(wh.tables.get(TABLES.logs)!.columnsSql), columnsOf(DOCUMENTED.logs));
    assert.deepEqual(columnsOf(wh.tables.get(TABLES.spans)!.columnsSql), columnsOf(DOCUMENTED.spans));
    const metrics = columnsOf(wh.tables.get(TABLES.metrics)!.columnsSql);
    assert.deepEqual(metrics.map((c) => c.name), DOCUMENTED.metricsNames);
    assert.deepEqual(metrics, parseDdl(ddlTemplate('metrics')).columns);
  });

  test('bootstrap is idempotent: a second run finds the tables and creates nothing', () => {
    assert.equal(bootstrapAgain.code, 0, bootstrapAgain.stderr);
    assert.equal(wh.statements.filter((s) => s.sql.startsWith('CREATE')).length, 3);
  });

  test('every export succeeded and the service exited 0', () => {
    assert.ok(results.length >= 3);
    assert.deepEqual(new Set(results), new Set([0]), 'export result codes (0 = SUCCESS)');
    assert.equal(exitCode, 0, server?.output());
  });

  test('each INSERT names the header\'s quoted table and carries one STRING parameter, rows', () => {
    for (const [kind, table] of Object.entries(TABLES)) {
      const statements = inserts(wh, table);
      assert.ok(statements.length > 0, `${kind}: inserts`);
      for (const s of statements) {
        assert.match(s.sql, /^INSERT INTO `main`\.`sdk`\.`wh_otel_[a-z]+` SELECT inline\(from_json\(:rows, 'ARRAY<STRUCT</);
        assert.deepEqual(Object.keys(s.parameters), ['rows']);
        assert.equal(s.parameters.rows.type, 'STRING');
      }
    }
  });

  test('logs: the rows parameters decode to exactly the SPEC rows, 64-bit times exact', () => {
    const rows = insertedRows(wh, TABLES.logs, 'logs');
    assertSameRows(TABLES.logs, rows, LOG_ROWS, (r) => `t=${String(r.time_unix_nano)} o=${String(r.observed_time_unix_nano)}`);
    assert.ok(rows.some((r) => r.time_unix_nano === 1_700_000_000_123_456_789n), 'a value above 2^53, exact');
  });

  test('metrics: the rows parameters decode to exactly the SPEC rows', () => {
    assert.equal(metricPoints.length, 8, `the SDK exported each of the 4 points twice (flush, then shutdown): ${show(metricPoints)}`);
    assertSameRows(TABLES.metrics, insertedRows(wh, TABLES.metrics, 'metrics'), metricPoints.map(metricRow), metricKey);
  });

  test('spans: the rows parameters decode to exactly the SPEC rows', () => {
    assert.equal(spans.length, 2);
    assertSameRows(TABLES.spans, insertedRows(wh, TABLES.spans, 'spans'), spanRows(spans), (r) => `span_id=${String(r.span_id)}`);
  });
});
