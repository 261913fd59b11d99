import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  createTraceState,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
  type Attributes,
  type AttributeValue,
  type Link,
  type Span,
  type SpanContext,
} from '@opentelemetry/api';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type ReadableSpan,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { readTable } from '../helpers/delta-reader.js';
import { removeDir, startServer, type RunningServer } from '../helpers/server.js';
import {
  assertSameRows,
  conformanceResource,
  expectedResource,
  hrNanos,
  mapOf,
  recordExports,
  RESOURCE_SCHEMA_URL,
  type MapEntry,
} from '../helpers/sdk-expect.js';
import { watchWire, type WireRequest } from '../helpers/sdk-wire.js';

/**
 * Conformance against encoders we did not write: the OpenTelemetry JS SDK (BasicTracerProvider
 * from sdk-trace-base) with its OTLP trace exporters (protobuf and JSON, plain and gzip, through a
 * SimpleSpanProcessor and a BatchSpanProcessor) sends spans of every kind, with local and remote
 * parents, events, links, status codes and messages, trace state, dropped counts and attributes of
 * every kind a span can hold, to the real server; after SIGTERM the rows are read back from the
 * Delta tables with DuckDB.
 *
 * The expected rows are computed here from the ReadableSpans the SDK handed its exporter, by the
 * rules of SPEC.md, written out in this file (the text of attribute values with JSON.stringify,
 * the enum names from hand-written tables), never with the service's own flattening code.
 */

// ---------------------------------------------------------------------------------------------
// The variants

type Protocol = 'proto' | 'json';
type Compression = 'none' | 'gzip';
type Processor = 'simple' | 'batch';

interface Variant {
  protocol: Protocol;
  compression: Compression;
  processor: Processor;
  table: string;
}

// Each protocol and each compression goes through both processors once.
const VARIANTS: Variant[] = (
  [
    ['proto', 'none', 'batch'],
    ['proto', 'gzip', 'simple'],
    ['json', 'none', 'simple'],
    ['json', 'gzip', 'batch'],
  ] as const
).map(([protocol, compression, processor]) => ({
  protocol,
  compression,
  processor,
  table: `main.sdk.t_${protocol}_${compression}_${processor}_otel_spans`,
}));

const TRACES_PATH = '/api/2.0/otel/v1/traces';

// ---------------------------------------------------------------------------------------------
// Scopes and limits

const MAIN_SCOPE = { name: 'sdk-conformance-tracer', version: '3.2.1', schemaUrl: 'https://example.com/schemas/tracer/1.0' };
const BARE_SCOPE_NAME = 'sdk-conformance-bare-tracer';

const LIMITS = {
  attributeCountLimit: 24,
  eventCountLimit: 4,
  linkCountLimit: 3,
  attributePerEventCountLimit: 3,
  attributePerLinkCountLimit: 2,
};

// ---------------------------------------------------------------------------------------------
// Attributes of every kind a span attribute can hold (the API allows no bytes and no maps on
// spans), and the text SPEC.md says each becomes, written out by hand

const EVERY_KIND: Attributes = {
  str: 'hello "world"',
  'str.empty': '',
  'str.unicode': 'héllo ✓ 🚀',
  'bool.true': true,
  'bool.false': false,
  'int.max_safe': 9007199254740991,
  'int.negative': -42,
  'int.zero': 0,
  double: 3.14159,
  'double.tenth': 0.1,
  'double.small': 1e-7,
  'double.negative': -2.5,
  'array.str': ['a', 'b"c'],
  'array.int': [1, -2, 3],
  'array.double': [0.5, 1.5],
  'array.bool': [true, false],
  'array.with_null': ['x', null, 'y'],
  'array.empty': [],
};
const EVERY_KIND_TEXT = mapOf({
  str: 'hello "world"',
  'str.empty': '',
  'str.unicode': 'héllo ✓ 🚀',
  'bool.true': 'true',
  'bool.false': 'false',
  'int.max_safe': '9007199254740991',
  'int.negative': '-42',
  'int.zero': '0',
  double: '3.14159',
  'double.tenth': '0.1',
  'double.small': '1e-7',
  'double.negative': '-2.5',
  'array.str': '["a","b\\"c"]',
  'array.int': '[1,-2,3]',
  'array.double': '[0.5,1.5]',
  'array.bool': '[true,false]',
  'array.with_null': '["x",null,"y"]',
  'array.empty': '[]',
});

/** SPEC.md's text rule for the values a span attribute can hold: scalars as text, arrays as compact JSON. */
function attributeText(value: AttributeValue | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

function attributesText(attributes: Attributes | undefined): MapEntry[] {
  return Object.entries(attributes ?? {}).map(([key, value]) => ({ key, value: attributeText(value) }));
}

// ---------------------------------------------------------------------------------------------
// Enum names, by hand from opentelemetry/proto/trace/v1/trace.proto (the API's SpanKind is the
// proto value minus one)

const KIND_NAMES: Record<SpanKind, string> = {
  [SpanKind.INTERNAL]: 'SPAN_KIND_INTERNAL',
  [SpanKind.SERVER]: 'SPAN_KIND_SERVER',
  [SpanKind.CLIENT]: 'SPAN_KIND_CLIENT',
  [SpanKind.PRODUCER]: 'SPAN_KIND_PRODUCER',
  [SpanKind.CONSUMER]: 'SPAN_KIND_CONSUMER',
};
const STATUS_NAMES: Record<SpanStatusCode, string> = {
  [SpanStatusCode.UNSET]: 'STATUS_CODE_UNSET',
  [SpanStatusCode.OK]: 'STATUS_CODE_OK',
  [SpanStatusCode.ERROR]: 'STATUS_CODE_ERROR',
};

/**
 * The OTLP `flags` of a span or link (trace.proto `SpanFlags`): the W3C trace flags in the low
 * byte, bit 8 "has is-remote" and bit 9 "is remote", which the JS exporters always fill in.
 */
function otlpFlags(traceFlags: number, isRemote: boolean | undefined): number {
  return (traceFlags & 0xff) | 0x100 | (isRemote ? 0x200 : 0);
}

/** The id rule: lowercase hex; NULL when absent or all zero. */
function idText(id: string | undefined): string | null {
  if (id === undefined || id === '' || /^0+$/.test(id)) return null;
  return id.toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// The spans each variant emits

const REMOTE_TRACE_ID = '4BF92F3577B34DA6A3CE929D0E0E4736';
const REMOTE_SPAN_ID = '00F067AA0BA902B7';
const REMOTE_TRACE_STATE = 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE';

const LINKED_CONTEXT: SpanContext = {
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  traceFlags: TraceFlags.SAMPLED,
  isRemote: true,
  traceState: createTraceState('vendor=abc,other=x-1'),
};
const UNSAMPLED_LINKED_CONTEXT: SpanContext = {
  traceId: 'ABCDEF0123456789ABCDEF0123456789',
  spanId: 'FEDCBA9876543210',
  traceFlags: TraceFlags.NONE,
  isRemote: false,
};

const MANY_ATTRIBUTES: Attributes = Object.fromEntries(
  Array.from({ length: LIMITS.attributeCountLimit + 2 }, (_, i) => [`a${String(i).padStart(2, '0')}`, i]),
);

/** Emits the spans of one variant; the SDK's ReadableSpans come back through the exporter. */
function emitSpans(main: ReturnType<BasicTracerProvider['getTracer']>, bare: ReturnType<BasicTracerProvider['getTracer']>) {
  // 1. A root SERVER span with every attribute kind, events (one from recordException), ERROR + message.
  const root = main.startSpan('GET /api/items', {
    kind: SpanKind.SERVER,
    attributes: EVERY_KIND,
    startTime: [1_700_000_000, 123_456_789],
  });
  root.addEvent('request.received', { 'net.peer.port': 52000, 'tls.version': '1.3' }, [1_700_000_000, 200_000_001]);
  root.addEvent('cache.miss', [1_700_000_000, 300_000_002]);
  root.recordException(new TypeError('items unavailable'), [1_700_000_000, 400_000_003]);
  const rootContext = trace.setSpan(ROOT_CONTEXT, root);

  // 2. A local child, INTERNAL, OK (the SDK keeps no message for OK).
  const child = main.startSpan(
    'load items',
    { kind: SpanKind.INTERNAL, attributes: { 'db.rows': 17 }, startTime: [1_700_000_000, 150_000_000] },
    rootContext,
  );
  child.setStatus({ code: SpanStatusCode.OK, message: 'dropped by the SDK for OK' });
  child.end([1_700_000_000, 250_000_000]);

  // 3. A local CLIENT child with links: to its sibling (local) and to a remote context with trace state.
  const links: Link[] = [
    { context: child.spanContext(), attributes: { 'link.reason': 'sibling' } },
    { context: LINKED_CONTEXT, attributes: { 'link.reason': 'follows-from', 'link.count': 2 } },
  ];
  const client = main.startSpan(
    'POST upstream',
    { kind: SpanKind.CLIENT, links, attributes: { 'http.request.method': 'POST' }, startTime: [1_700_000_000, 260_000_000] },
    rootContext,
  );
  client.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream returned 503' });
  client.end([1_700_000_000, 390_000_000]);

  root.setStatus({ code: SpanStatusCode.ERROR, message: 'items unavailable: 503 from upstream' });
  root.end([1_700_000_000, 999_999_999]);

  // 4. A PRODUCER under a remote parent (upper-case ids, trace state): inherits trace id and state.
  const remoteParent = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: REMOTE_TRACE_ID,
    spanId: REMOTE_SPAN_ID,
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
    traceState: createTraceState(REMOTE_TRACE_STATE),
  });
  const producer = main.startSpan(
    'publish orders',
    { kind: SpanKind.PRODUCER, attributes: { 'messaging.system': 'kafka' }, startTime: [1_700_000_010, 5] },
    remoteParent,
  );
  producer.end([1_700_000_010, 6]);

  // 5. A bare CONSUMER root: no attributes, events, links or status; a scope without version.
  const consumer = bare.startSpan('receive orders', { kind: SpanKind.CONSUMER, startTime: [1_700_000_020, 0] });
  consumer.end([1_700_000_021, 0]);

  // 6. Over every limit: dropped attributes, events, links, and attributes of events and links.
  const crowded = main.startSpan('crowded', {
    attributes: MANY_ATTRIBUTES,
    startTime: [1_700_000_030, 1],
    links: [
      { context: UNSAMPLED_LINKED_CONTEXT },
      { context: LINKED_CONTEXT, attributes: { only: 'one' } },
    ],
  });
  crowded.addLink({ context: LINKED_CONTEXT, attributes: { added: 'later' } });
  // The fourth link pushes the first out (the SDK keeps the newest) and keeps 2 of its 4 attributes.
  crowded.addLink({ context: UNSAMPLED_LINKED_CONTEXT, attributes: { l1: 1, l2: 2, l3: 3, l4: 4 } });
  for (let i = 0; i < LIMITS.eventCountLimit + 2; i++) {
    crowded.addEvent(`event ${i}`, { e0: i, e1: 'x', e2: true, e3: 1.5, e4: [i] }, [1_700_000_030, 100 + i]);
  }
  crowded.end([1_700_000_031, 0]);

  // 7. Spans with the clock's own times, nested three deep (no context manager is registered, so
  //    the parents are passed as contexts).
  const outer = main.startSpan('outer', { kind: SpanKind.SERVER });
  const middle = main.startSpan('middle', {}, trace.setSpan(ROOT_CONTEXT, outer));
  const inner: Span = main.startSpan('inner', { kind: SpanKind.CLIENT }, trace.setSpan(ROOT_CONTEXT, middle));
  inner.addEvent('now');
  inner.end();
  middle.end();
  outer.end();
}

// ---------------------------------------------------------------------------------------------
// The rows SPEC.md says the SDK's spans become

function expectedRow(span: ReadableSpan): Record<string, unknown> {
  const ctx = span.spanContext();
  const parent = span.parentSpanContext;
  const scope = span.instrumentationScope;
  return {
    trace_id: idText(ctx.traceId),
    span_id: idText(ctx.spanId),
    trace_state: ctx.traceState?.serialize() ?? '',
    parent_span_id: idText(parent?.spanId),
    flags: otlpFlags(ctx.traceFlags, parent?.isRemote),
    name: span.name,
    kind: KIND_NAMES[span.kind],
    start_time_unix_nano: hrNanos(span.startTime),
    end_time_unix_nano: hrNanos(span.endTime),
    attributes: attributesText(span.attributes),
    dropped_attributes_count: span.droppedAttributesCount,
    events: span.events.map((e) => ({
      time_unix_nano: hrNanos(e.time),
      name: e.name,
      attributes: attributesText(e.attributes),
      dropped_attributes_count: e.droppedAttributesCount ?? 0,
    })),
    dropped_events_count: span.droppedEventsCount,
    links: span.links.map((l) => ({
      trace_id: idText(l.context.traceId),
      span_id: idText(l.context.spanId),
      trace_state: l.context.traceState?.serialize() ?? '',
      attributes: attributesText(l.attributes),
      dropped_attributes_count: l.droppedAttributesCount ?? 0,
      flags: otlpFlags(l.context.traceFlags, l.context.isRemote),
    })),
    dropped_links_count: span.droppedLinksCount,
    status: { message: span.status.message ?? '', code: STATUS_NAMES[span.status.code] },
    resource: expectedResource(),
    resource_schema_url: RESOURCE_SCHEMA_URL,
    instrumentation_scope: { name: scope.name, version: scope.version ?? '', attributes: [], dropped_attributes_count: 0 },
    span_schema_url: scope.schemaUrl ?? '',
  };
}

/** Span ids are unique within a variant's table. */
const rowKey = (row: Record<string, unknown>) => `span_id=${String(row.span_id)}`;

// ---------------------------------------------------------------------------------------------
// Driving the SDK

async function exportVariant(variant: Variant, serverUrl: string) {
  const options = {
    url: serverUrl + TRACES_PATH,
    headers: { 'X-Databricks-UC-Table-Name': variant.table },
    compression: variant.compression === 'gzip' ? CompressionAlgorithm.GZIP : CompressionAlgorithm.NONE,
    timeoutMillis: 15_000,
  };
  const exporter = variant.protocol === 'proto' ? new ProtoTraceExporter(options) : new JsonTraceExporter(options);
  const recorded = recordExports<ReadableSpan[], ReadableSpan[]>(exporter, (spans) => [...spans]);
  const processor: SpanProcessor =
    variant.processor === 'simple'
      ? new SimpleSpanProcessor(exporter)
      : new BatchSpanProcessor(exporter, { scheduledDelayMillis: 60_000, maxExportBatchSize: 512 });
  const provider = new BasicTracerProvider({ resource: conformanceResource(), spanLimits: LIMITS, spanProcessors: [processor] });
  const main = provider.getTracer(MAIN_SCOPE.name, MAIN_SCOPE.version, { schemaUrl: MAIN_SCOPE.schemaUrl });
  const bare = provider.getTracer(BARE_SCOPE_NAME);
  emitSpans(main, bare);
  await provider.forceFlush();
  await provider.shutdown();
  return recorded;
}

const EXPECTED_CONTENT_TYPE: Record<Protocol, string> = { proto: 'application/x-protobuf', json: 'application/json' };
const SPANS_PER_VARIANT = 9;

describe('OpenTelemetry JS trace exporters → otlp-delta → Delta tables', () => {
  let server: RunningServer | undefined;
  let exitCode: number | null | undefined;
  const exported = new Map<string, { inputs: ReadableSpan[][]; codes: number[] }>();
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

  const spansOf = (variant: Variant) => (exported.get(variant.table)?.inputs ?? []).flat();

  test('every span was exported successfully and the server exited 0 on SIGTERM', () => {
    for (const variant of VARIANTS) {
      const e = exported.get(variant.table);
      assert.ok(e, `${variant.table}: exported`);
      const calls = variant.processor === 'simple' ? SPANS_PER_VARIANT : 1;
      assert.equal(e.inputs.length, calls, `${variant.table}: export calls`);
      assert.equal(spansOf(variant).length, SPANS_PER_VARIANT, `${variant.table}: spans exported`);
      assert.deepStrictEqual(e.codes, new Array(calls).fill(0), `${variant.table}: export result codes (0 = SUCCESS)`);
    }
    assert.equal(exitCode, 0, `server exit code; output:\n${server?.output()}`);
  });

  test('each variant went over the wire with its content type and encoding, and got 200', () => {
    for (const variant of VARIANTS) {
      const sent = wire.filter((r) => r.table === variant.table);
      assert.equal(sent.length, variant.processor === 'simple' ? SPANS_PER_VARIANT : 1, `${variant.table}: requests`);
      for (const request of sent) {
        assert.equal(request.path, TRACES_PATH);
        assert.equal(request.status, 200, `${variant.table}: status`);
        assert.equal(request.contentType, EXPECTED_CONTENT_TYPE[variant.protocol], `${variant.table}: content type`);
        assert.equal(request.contentEncoding, variant.compression === 'gzip' ? 'gzip' : undefined, `${variant.table}: content encoding`);
      }
    }
  });

  for (const variant of VARIANTS) {
    test(`${variant.protocol}, ${variant.compression}, ${variant.processor} processor: every span is one exact row`, () => {
      const rows = tables.get(variant.table) ?? [];
      assert.equal(rows.length, SPANS_PER_VARIANT, `${variant.table}: rows`);
      assertSameRows(variant.table, rows, spansOf(variant).map(expectedRow), rowKey);
    });
  }

  test('the attribute text of the expectations is SPEC.md’s (guards attributeText itself)', () => {
    assert.deepStrictEqual(attributesText(EVERY_KIND), EVERY_KIND_TEXT);
  });

  test('the spans cover what they claim (guards the expectations themselves)', () => {
    for (const variant of VARIANTS) {
      const rows = spansOf(variant).map(expectedRow);
      const label = variant.table;
      assert.deepStrictEqual(
        [...new Set(rows.map((r) => r.kind))].sort(),
        ['SPAN_KIND_CLIENT', 'SPAN_KIND_CONSUMER', 'SPAN_KIND_INTERNAL', 'SPAN_KIND_PRODUCER', 'SPAN_KIND_SERVER'],
        `${label}: kinds`,
      );
      const statuses = rows.map((r) => r.status as { message: string; code: string });
      assert.deepStrictEqual([...new Set(statuses.map((s) => s.code))].sort(), ['STATUS_CODE_ERROR', 'STATUS_CODE_OK', 'STATUS_CODE_UNSET']);
      assert.ok(statuses.some((s) => s.code === 'STATUS_CODE_ERROR' && s.message !== ''), `${label}: an error message`);
      assert.ok(rows.some((r) => r.parent_span_id === null), `${label}: a root span`);
      assert.equal(rows.filter((r) => r.parent_span_id !== null).length, 5, `${label}: local and remote children`);
      const ids = new Set(rows.map((r) => r.span_id));
      assert.equal(rows.filter((r) => ids.has(r.parent_span_id)).length, 4, `${label}: children of spans in the table`);
      assert.ok(rows.some((r) => r.parent_span_id === REMOTE_SPAN_ID.toLowerCase() && r.flags === 0x301), `${label}: remote parent`);
      assert.ok(rows.some((r) => r.trace_state === REMOTE_TRACE_STATE), `${label}: trace state`);
      assert.ok(rows.some((r) => (r.events as unknown[]).length > 0) && rows.some((r) => (r.events as unknown[]).length === 0));
      assert.ok(rows.some((r) => (r.links as unknown[]).length > 0) && rows.some((r) => (r.links as unknown[]).length === 0));
      const links = rows.flatMap((r) => r.links as Array<Record<string, unknown>>);
      assert.deepStrictEqual([...new Set(links.map((l) => l.flags))].sort(), [0x100, 0x101, 0x301], `${label}: link flags`);
      assert.ok(links.some((l) => l.trace_state === 'vendor=abc,other=x-1'), `${label}: link trace state`);
      assert.ok(rows.some((r) => (r.dropped_attributes_count as number) > 0), `${label}: dropped attributes`);
      assert.ok(rows.some((r) => (r.dropped_events_count as number) > 0), `${label}: dropped events`);
      assert.ok(rows.some((r) => (r.dropped_links_count as number) > 0), `${label}: dropped links`);
      const events = rows.flatMap((r) => r.events as Array<Record<string, unknown>>);
      assert.ok(events.some((e) => (e.dropped_attributes_count as number) > 0), `${label}: dropped event attributes`);
      assert.ok(links.some((l) => (l.dropped_attributes_count as number) > 0), `${label}: dropped link attributes`);
      assert.ok(events.some((e) => e.name === 'exception'), `${label}: recordException`);
      assert.ok(rows.some((r) => r.span_schema_url === '') && rows.some((r) => r.span_schema_url === MAIN_SCOPE.schemaUrl));
    }
  });
});
