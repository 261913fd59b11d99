import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { SeverityNumber, type LogRecord } from '@opentelemetry/api-logs';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { BatchLogRecordProcessor, LoggerProvider, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { readTable } from '../helpers/delta-reader.js';
import { removeDir, startServer, type RunningServer } from '../helpers/server.js';
import {
  assertSameRows,
  conformanceResource,
  expectedResource,
  mapOf,
  recordExports,
  RESOURCE_SCHEMA_URL,
  type MapEntry,
} from '../helpers/sdk-expect.js';
import { watchWire, type WireRequest } from '../helpers/sdk-wire.js';

/**
 * Conformance against encoders we did not write: the OpenTelemetry JS SDK's OTLP log exporters
 * (protobuf and JSON, plain and gzip) send to the real server through a BatchLogRecordProcessor;
 * the rows are read back from the Delta tables with DuckDB. Every record has explicit timestamps,
 * so each expected row below is written out in full by hand, from SPEC.md's rules.
 */

// ---------------------------------------------------------------------------------------------
// The variants

type Protocol = 'proto' | 'json';
type Compression = 'none' | 'gzip';

interface Variant {
  protocol: Protocol;
  compression: Compression;
  table: string;
}

const VARIANTS: Variant[] = (['proto', 'json'] as const).flatMap((protocol) =>
  (['none', 'gzip'] as const).map((compression) => ({
    protocol,
    compression,
    table: `main.sdk.l_${protocol}_${compression}_otel_logs`,
  })),
);

const LOGS_PATH = '/api/2.0/otel/v1/logs';

// ---------------------------------------------------------------------------------------------
// Scopes

const MAIN_SCOPE = {
  name: 'sdk-conformance-logger',
  version: '7.8.9',
  schemaUrl: 'https://example.com/schemas/logger/1.0',
  attributes: { 'scope.kind': 'conformance', 'scope.level': 2 },
};
const MAIN_SCOPE_ROW = {
  name: 'sdk-conformance-logger',
  version: '7.8.9',
  attributes: mapOf({ 'scope.kind': 'conformance', 'scope.level': '2' }),
  dropped_attributes_count: 0,
};
const BARE_SCOPE_NAME = 'sdk-conformance-bare';
const BARE_SCOPE_ROW = { name: BARE_SCOPE_NAME, version: '', attributes: [], dropped_attributes_count: 0 };

/** Each record may hold at most this many attributes; the SDK drops (and counts) the rest. */
const ATTRIBUTE_COUNT_LIMIT = 20;

// ---------------------------------------------------------------------------------------------
// The records and the rows SPEC.md says they become

/** One attribute of every kind a log attribute can hold. */
const EVERY_KIND = {
  str: 'hello "world"',
  'bool.true': true,
  'bool.false': false,
  'int.max_safe': 9007199254740991,
  'int.negative': -42,
  'int.zero': 0,
  double: 3.14159,
  'double.tenth': 0.1,
  'array.str': ['a', 'b"c'],
  'array.mixed': ['x', 1, 2.5, true],
  'array.empty': [],
  'map.nested': { k: 'v', n: 2, inner: { deep: true }, list: [1, 'two'] },
  bytes: new Uint8Array([0xde, 0xad, 0xbe, 0xef]),
  'null.value': null,
};
const EVERY_KIND_TEXT = mapOf({
  str: 'hello "world"',
  'bool.true': 'true',
  'bool.false': 'false',
  'int.max_safe': '9007199254740991',
  'int.negative': '-42',
  'int.zero': '0',
  double: '3.14159',
  'double.tenth': '0.1',
  'array.str': '["a","b\\"c"]',
  'array.mixed': '["x",1,2.5,true]',
  'array.empty': '[]',
  'map.nested': '{"k":"v","n":2,"inner":{"deep":true},"list":[1,"two"]}',
  bytes: '3q2+7w==',
  'null.value': null,
});

const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const SPAN_ID = 'eee19b7ec3c1b174';

/** The log-record columns (without resource and scope) of one expected row. */
interface RecordColumns {
  event_name: string | null;
  trace_id: string | null;
  span_id: string | null;
  time_unix_nano: bigint;
  observed_time_unix_nano: bigint;
  severity_number: string;
  severity_text: string;
  body: string | null;
  attributes: MapEntry[];
  dropped_attributes_count: number;
  flags: number;
}

interface LogCase {
  what: string;
  logger: 'main' | 'bare';
  record: LogRecord;
  row: RecordColumns;
}

const MANY_ATTRIBUTES = Object.fromEntries(Array.from({ length: ATTRIBUTE_COUNT_LIMIT + 2 }, (_, i) => [`a${String(i).padStart(2, '0')}`, i]));

const CASES: LogCase[] = [
  {
    what: 'string body, INFO, every attribute kind, trace context',
    logger: 'main',
    record: {
      timestamp: [1_700_000_000, 123_456_789],
      observedTimestamp: [1_700_000_000, 223_456_789],
      severityNumber: SeverityNumber.INFO,
      severityText: 'INFO',
      body: 'user signed in',
      attributes: EVERY_KIND,
      context: trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED }),
    },
    row: {
      event_name: null,
      trace_id: TRACE_ID,
      span_id: SPAN_ID,
      time_unix_nano: 1_700_000_000_123_456_789n,
      observed_time_unix_nano: 1_700_000_000_223_456_789n,
      severity_number: 'SEVERITY_NUMBER_INFO',
      severity_text: 'INFO',
      body: 'user signed in',
      attributes: EVERY_KIND_TEXT,
      dropped_attributes_count: 0,
      flags: 1,
    },
  },
  {
    what: 'map body, ERROR, eventName set (wins over the event.name attribute)',
    logger: 'main',
    record: {
      timestamp: [1_700_000_001, 5],
      observedTimestamp: [1_700_000_001, 999_999_999],
      severityNumber: SeverityNumber.ERROR,
      severityText: 'ERROR',
      eventName: 'order.failed',
      body: { order: 'A-17', amount: 12.5, qty: 3, paid: false, items: ['x', 2], meta: { source: 'web' } },
      attributes: { 'event.name': 'attribute.loses', 'order.id': 'A-17' },
    },
    row: {
      event_name: 'order.failed',
      trace_id: null,
      span_id: null,
      time_unix_nano: 1_700_000_001_000_000_005n,
      observed_time_unix_nano: 1_700_000_001_999_999_999n,
      severity_number: 'SEVERITY_NUMBER_ERROR',
      severity_text: 'ERROR',
      body: '{"order":"A-17","amount":12.5,"qty":3,"paid":false,"items":["x",2],"meta":{"source":"web"}}',
      attributes: mapOf({ 'event.name': 'attribute.loses', 'order.id': 'A-17' }),
      dropped_attributes_count: 0,
      flags: 0,
    },
  },
  {
    what: 'int body, no severity, event.name attribute only, Date timestamps',
    logger: 'main',
    record: {
      timestamp: new Date(1_700_000_100_250),
      observedTimestamp: new Date(1_700_000_100_251),
      body: 42,
      attributes: { 'event.name': 'claude_code.api_request', duration_ms: 1234 },
    },
    row: {
      event_name: 'claude_code.api_request',
      trace_id: null,
      span_id: null,
      time_unix_nano: 1_700_000_100_250_000_000n,
      observed_time_unix_nano: 1_700_000_100_251_000_000n,
      severity_number: 'SEVERITY_NUMBER_UNSPECIFIED',
      severity_text: '',
      body: '42',
      attributes: mapOf({ 'event.name': 'claude_code.api_request', duration_ms: '1234' }),
      dropped_attributes_count: 0,
      flags: 0,
    },
  },
  {
    what: 'no body, no attributes, time 0, WARN, from a scope without version or schema URL',
    logger: 'bare',
    record: {
      timestamp: [0, 0],
      observedTimestamp: [1_700_000_200, 0],
      severityNumber: SeverityNumber.WARN,
      severityText: 'WARN',
    },
    row: {
      event_name: null,
      trace_id: null,
      span_id: null,
      time_unix_nano: 0n,
      observed_time_unix_nano: 1_700_000_200_000_000_000n,
      severity_number: 'SEVERITY_NUMBER_WARN',
      severity_text: 'WARN',
      body: null,
      attributes: [],
      dropped_attributes_count: 0,
      flags: 0,
    },
  },
  {
    what: 'more attributes than the limit: dropped_attributes_count',
    logger: 'main',
    record: {
      timestamp: [1_700_000_300, 300],
      observedTimestamp: [1_700_000_300, 301],
      severityNumber: SeverityNumber.DEBUG,
      severityText: 'DEBUG',
      body: 'too many attributes',
      attributes: MANY_ATTRIBUTES,
    },
    row: {
      event_name: null,
      trace_id: null,
      span_id: null,
      time_unix_nano: 1_700_000_300_000_000_300n,
      observed_time_unix_nano: 1_700_000_300_000_000_301n,
      severity_number: 'SEVERITY_NUMBER_DEBUG',
      severity_text: 'DEBUG',
      body: 'too many attributes',
      attributes: Object.entries(MANY_ATTRIBUTES)
        .slice(0, ATTRIBUTE_COUNT_LIMIT)
        .map(([key, value]) => ({ key, value: String(value) })),
      dropped_attributes_count: 2,
      flags: 0,
    },
  },
  {
    what: 'upper-case trace and span ids, not sampled, double body',
    logger: 'main',
    record: {
      timestamp: [1_700_000_400, 400],
      observedTimestamp: [1_700_000_400, 401],
      severityNumber: SeverityNumber.FATAL,
      severityText: 'FATAL',
      body: 2.5,
      context: trace.setSpanContext(ROOT_CONTEXT, {
        traceId: TRACE_ID.toUpperCase(),
        spanId: SPAN_ID.toUpperCase(),
        traceFlags: TraceFlags.NONE,
      }),
    },
    row: {
      event_name: null,
      trace_id: TRACE_ID,
      span_id: SPAN_ID,
      time_unix_nano: 1_700_000_400_000_000_400n,
      observed_time_unix_nano: 1_700_000_400_000_000_401n,
      severity_number: 'SEVERITY_NUMBER_FATAL',
      severity_text: 'FATAL',
      body: '2.5',
      attributes: [],
      dropped_attributes_count: 0,
      flags: 0,
    },
  },
];

/** The full row of a case: the record's columns plus resource and scope. */
function expectedRow(c: LogCase): Record<string, unknown> {
  return {
    ...c.row,
    resource: expectedResource(),
    resource_schema_url: RESOURCE_SCHEMA_URL,
    instrumentation_scope: c.logger === 'main' ? MAIN_SCOPE_ROW : BARE_SCOPE_ROW,
    log_schema_url: c.logger === 'main' ? MAIN_SCOPE.schemaUrl : '',
  };
}

/** Every case has its own pair of times. */
const rowKey = (row: Record<string, unknown>) => `time=${String(row.time_unix_nano)} observed=${String(row.observed_time_unix_nano)}`;

// ---------------------------------------------------------------------------------------------
// Driving the SDK

async function exportVariant(variant: Variant, serverUrl: string) {
  const options = {
    url: serverUrl + LOGS_PATH,
    headers: { 'X-Databricks-UC-Table-Name': variant.table },
    compression: variant.compression === 'gzip' ? CompressionAlgorithm.GZIP : CompressionAlgorithm.NONE,
    timeoutMillis: 15_000,
  };
  const exporter = variant.protocol === 'proto' ? new ProtoLogExporter(options) : new JsonLogExporter(options);
  const recorded = recordExports<ReadableLogRecord[], number>(exporter, (records) => records.length);
  const provider = new LoggerProvider({
    resource: conformanceResource(),
    logRecordLimits: { attributeCountLimit: ATTRIBUTE_COUNT_LIMIT },
    processors: [new BatchLogRecordProcessor({ exporter, scheduledDelayMillis: 60_000, maxExportBatchSize: 512 })],
  });
  const main = provider.getLogger(MAIN_SCOPE.name, MAIN_SCOPE.version, {
    schemaUrl: MAIN_SCOPE.schemaUrl,
    attributes: MAIN_SCOPE.attributes,
  });
  const bare = provider.getLogger(BARE_SCOPE_NAME);
  for (const c of CASES) (c.logger === 'main' ? main : bare).emit(c.record);
  await provider.forceFlush();
  await provider.shutdown();
  return recorded;
}

const EXPECTED_CONTENT_TYPE: Record<Protocol, string> = { proto: 'application/x-protobuf', json: 'application/json' };

describe('OpenTelemetry JS log exporters → otlp-delta → Delta tables', () => {
  let server: RunningServer | undefined;
  let exitCode: number | null | undefined;
  const exported = new Map<string, { inputs: number[]; codes: number[] }>();
  const tables = new Map<string, Record<string, unknown>[]>();
  let wire: WireRequest[] = [];

  before(async () => {
    server = await startServer();
    const watch = watchWire();
    try {
      for (const variant of VARIANTS) {
        const recorded = await exportVariant(variant, server.url);
        exported.set(variant.table, { inputs: recorded.inputs, codes: recorded.results.map((r) => r.code) });
      }
    } finally {
      watch.stop();
      wire = watch.requests;
      exitCode = await server.stop();
    }
    for (const variant of VARIANTS) {
      const [catalog, schema, table] = variant.table.split('.');
      tables.set(variant.table, await readTable(join(server.dataDir, catalog, schema, table)));
    }
  });

  after(async () => {
    if (server) {
      if (server.process.exitCode === null) await server.stop();
      await removeDir(server.dataDir);
    }
  });

  test('every record was exported in one successful batch and the server exited 0 on SIGTERM', () => {
    for (const variant of VARIANTS) {
      const e = exported.get(variant.table);
      assert.deepStrictEqual(e?.inputs, [CASES.length], `${variant.table}: records per export call`);
      assert.deepStrictEqual(e?.codes, [0], `${variant.table}: export result codes (0 = SUCCESS)`);
    }
    assert.equal(exitCode, 0, `server exit code; output:\n${server?.output()}`);
  });

  test('each variant went over the wire with its content type and encoding, and got 200', () => {
    for (const variant of VARIANTS) {
      const sent = wire.filter((r) => r.table === variant.table);
      assert.equal(sent.length, 1, `${variant.table}: requests`);
      assert.equal(sent[0].path, LOGS_PATH);
      assert.equal(sent[0].status, 200, `${variant.table}: status`);
      assert.equal(sent[0].contentType, EXPECTED_CONTENT_TYPE[variant.protocol], `${variant.table}: content type`);
      assert.equal(sent[0].contentEncoding, variant.compression === 'gzip' ? 'gzip' : undefined, `${variant.table}: content encoding`);
    }
  });

  for (const variant of VARIANTS) {
    test(`${variant.protocol}, ${variant.compression}: every log record is one exact row`, () => {
      const rows = tables.get(variant.table) ?? [];
      assert.equal(rows.length, CASES.length, `${variant.table}: rows`);
      assertSameRows(variant.table, rows, CASES.map(expectedRow), rowKey);
    });
  }

  test('the cases cover what they claim (guards the expectations themselves)', () => {
    const rows = CASES.map((c) => c.row);
    assert.ok(rows.some((r) => r.trace_id !== null && r.flags === 1));
    assert.ok(rows.some((r) => r.trace_id === null));
    assert.deepStrictEqual(
      [...new Set(rows.map((r) => r.severity_number))].sort(),
      ['SEVERITY_NUMBER_DEBUG', 'SEVERITY_NUMBER_ERROR', 'SEVERITY_NUMBER_FATAL', 'SEVERITY_NUMBER_INFO', 'SEVERITY_NUMBER_UNSPECIFIED', 'SEVERITY_NUMBER_WARN'],
    );
    assert.ok(rows.some((r) => r.dropped_attributes_count > 0));
    assert.ok(rows.some((r) => r.time_unix_nano === 0n));
  });
});
