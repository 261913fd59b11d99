import { spanKindName, statusCodeName } from '../enums.js';
import type { FlattenResult } from '../flatten-result.js';
import { spanRowProblem } from '../long-range.js';
import { Rejections } from '../rejections.js';
import type { Row } from '../row.js';
import { closeEntries, NO_ROWS, openEntries, readAttribute, rethrowAt } from './common.js';
import { type EnvelopeNames, readEnvelope } from './envelope.js';
import type { Reader } from './reader.js';

/**
 * ExportTraceServiceRequest bytes → rows of the v1 spans table, the rows of `src/rows/spans.ts`.
 *
 *   ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
 *   Span { bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; bytes parent_span_id = 4;
 *          fixed32 flags = 16; string name = 5; SpanKind kind = 6; fixed64 start_time_unix_nano = 7;
 *          fixed64 end_time_unix_nano = 8; repeated KeyValue attributes = 9;
 *          uint32 dropped_attributes_count = 10; repeated Event events = 11;
 *          uint32 dropped_events_count = 12; repeated Link links = 13;
 *          uint32 dropped_links_count = 14; Status status = 15; }
 *   Event  { fixed64 time_unix_nano = 1; string name = 2; repeated KeyValue attributes = 3;
 *            uint32 dropped_attributes_count = 4; }
 *   Link   { bytes trace_id = 1; bytes span_id = 2; string trace_state = 3;
 *            repeated KeyValue attributes = 4; uint32 dropped_attributes_count = 5; fixed32 flags = 6; }
 *   Status { string message = 2; StatusCode code = 3; }   (1 is reserved)
 *
 * Depths (for the nesting limit): request 0, ResourceSpans 1, ScopeSpans 2, Span 3,
 * Event / Link / Status 4.
 */

const SPAN_FIELDS = 0b1_1111_1111_1111_1110; // 1..16
const EVENT_FIELDS = 0b1_1110; // 1..4
const LINK_FIELDS = 0b111_1110; // 1..6
const STATUS_FIELDS = 0b1100; // 2..3

export function readTracesRequest(r: Reader): FlattenResult {
  const rows: Row[] = [];
  const rejections = new Rejections('span', 'spans');
  readEnvelope(r, TRACES, (r, c) => {
    r.longOverflow = false;
    const row = readSpan(r, c.resource, c.resourceSchemaUrl, c.scope, c.scopeSchemaUrl);
    // A time past the LONG range rejects the span, as in `src/rows/spans.ts`.
    const problem = r.longOverflow ? spanRowProblem(row) : null;
    if (problem === null) rows.push(row);
    else rejections.add(problem);
  });
  return { rows, rejected: rejections.count, rejectionMessage: rejections.message() };
}

export const TRACES: EnvelopeNames = {
  request: 'ExportTraceServiceRequest',
  resource: 'ResourceSpans',
  resources: 'resourceSpans',
  scope: 'ScopeSpans',
  scopes: 'scopeSpans',
  records: 'spans',
};

function readSpan(r: Reader, resource: Row, resourceSchemaUrl: string, scope: Row, spanSchemaUrl: string): Row {
  const outer = r.enter();
  const end = r.limit;
  let traceId: string | null | number = null;
  let spanId: string | null | number = null;
  let traceState = '';
  let parentSpanId: string | null | number = null;
  let flags = 0;
  let name = '';
  let kind = 0;
  let start = 0n;
  let endTime = 0n;
  const attributes = openEntries(3);
  let dropped = 0;
  let events: Row[] = NO_ROWS;
  let droppedEvents = 0;
  let links: Row[] = NO_ROWS;
  let droppedLinks = 0;
  let status: Row | null = null;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case (1 << 3) | 2: // trace_id = 1, bytes
        traceId = r.id(16);
        break;
      case (2 << 3) | 2: // span_id = 2, bytes
        spanId = r.id(8);
        break;
      case (3 << 3) | 2: // trace_state = 3, string
        traceState = r.string();
        break;
      case (4 << 3) | 2: // parent_span_id = 4, bytes
        parentSpanId = r.id(8);
        break;
      case (16 << 3) | 5: // flags = 16, fixed32
        flags = r.fixed32Int();
        break;
      case (5 << 3) | 2: // name = 5, string
        name = r.string();
        break;
      case (6 << 3) | 0: // kind = 6, SpanKind
        kind = r.uint32() | 0;
        break;
      case (7 << 3) | 1: // start_time_unix_nano = 7, fixed64
        start = r.fixed64Long();
        break;
      case (8 << 3) | 1: // end_time_unix_nano = 8, fixed64
        endTime = r.fixed64Long();
        break;
      case (9 << 3) | 2: // repeated attributes = 9, KeyValue
        readAttribute(r, 4, attributes);
        break;
      case (10 << 3) | 0: // dropped_attributes_count = 10, uint32
        dropped = r.uint32() | 0;
        break;
      case (11 << 3) | 2: // repeated events = 11, Event
        if (events === NO_ROWS) events = [];
        events.push(readEvent(r));
        break;
      case (12 << 3) | 0: // dropped_events_count = 12, uint32
        droppedEvents = r.uint32() | 0;
        break;
      case (13 << 3) | 2: // repeated links = 13, Link
        if (links === NO_ROWS) links = [];
        try {
          links.push(readLink(r));
        } catch (error) {
          rethrowAt(error, `links[${links.length}]`);
        }
        break;
      case (14 << 3) | 0: // dropped_links_count = 14, uint32
        droppedLinks = r.uint32() | 0;
        break;
      case (15 << 3) | 2: // status = 15, Status: the last one replaces the others
        status = readStatus(r);
        break;
      default:
        r.skip(tag, 3, SPAN_FIELDS, 'Span');
    }
  }
  r.leave(outer);
  return {
    trace_id: r.checkId(traceId, 16, 'traceId'),
    span_id: r.checkId(spanId, 8, 'spanId'),
    trace_state: traceState,
    parent_span_id: r.checkId(parentSpanId, 8, 'parentSpanId'),
    flags,
    name,
    kind: spanKindName(kind),
    start_time_unix_nano: start,
    end_time_unix_nano: endTime,
    attributes: closeEntries(attributes),
    dropped_attributes_count: dropped,
    events,
    dropped_events_count: droppedEvents,
    links,
    dropped_links_count: droppedLinks,
    // An absent status is proto3's default: UNSET, no message.
    status: status ?? { message: '', code: statusCodeName(0) },
    resource,
    resource_schema_url: resourceSchemaUrl,
    instrumentation_scope: scope,
    span_schema_url: spanSchemaUrl,
  };
}

function readEvent(r: Reader): Row {
  const outer = r.enter();
  const end = r.limit;
  let time = 0n;
  let name = '';
  const attributes = openEntries(4);
  let dropped = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case (1 << 3) | 1: // time_unix_nano = 1, fixed64
        time = r.fixed64Long();
        break;
      case (2 << 3) | 2: // name = 2, string
        name = r.string();
        break;
      case (3 << 3) | 2: // repeated attributes = 3, KeyValue
        readAttribute(r, 5, attributes);
        break;
      case (4 << 3) | 0: // dropped_attributes_count = 4, uint32
        dropped = r.uint32() | 0;
        break;
      default:
        r.skip(tag, 4, EVENT_FIELDS, 'Span.Event');
    }
  }
  r.leave(outer);
  return { time_unix_nano: time, name, attributes: closeEntries(attributes), dropped_attributes_count: dropped };
}

function readLink(r: Reader): Row {
  const outer = r.enter();
  const end = r.limit;
  let traceId: string | null | number = null;
  let spanId: string | null | number = null;
  let traceState = '';
  const attributes = openEntries(4);
  let dropped = 0;
  let flags = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case (1 << 3) | 2: // trace_id = 1, bytes
        traceId = r.id(16);
        break;
      case (2 << 3) | 2: // span_id = 2, bytes
        spanId = r.id(8);
        break;
      case (3 << 3) | 2: // trace_state = 3, string
        traceState = r.string();
        break;
      case (4 << 3) | 2: // repeated attributes = 4, KeyValue
        readAttribute(r, 5, attributes);
        break;
      case (5 << 3) | 0: // dropped_attributes_count = 5, uint32
        dropped = r.uint32() | 0;
        break;
      case (6 << 3) | 5: // flags = 6, fixed32
        flags = r.fixed32Int();
        break;
      default:
        r.skip(tag, 4, LINK_FIELDS, 'Span.Link');
    }
  }
  r.leave(outer);
  return {
    trace_id: r.checkId(traceId, 16, 'traceId'),
    span_id: r.checkId(spanId, 8, 'spanId'),
    trace_state: traceState,
    attributes: closeEntries(attributes),
    dropped_attributes_count: dropped,
    flags,
  };
}

function readStatus(r: Reader): Row {
  const outer = r.enter();
  const end = r.limit;
  let message = '';
  let code = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === ((2 << 3) | 2)) message = r.string();
    else if (tag === ((3 << 3) | 0)) code = r.uint32() | 0;
    else r.skip(tag, 4, STATUS_FIELDS, 'Status');
  }
  r.leave(outer);
  return { message, code: statusCodeName(code) };
}
