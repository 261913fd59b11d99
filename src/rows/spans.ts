import type { ExportTraceServiceRequest, Span, SpanEvent, SpanLink, SpanStatus } from '../otlp/types.js';
import { attributesMap } from './any-value.js';
import { spanKindName, statusCodeName } from './enums.js';
import type { FlattenResult } from './flatten-result.js';
import { idHex } from './ids.js';
import { spanRowProblem } from './long-range.js';
import { toInt } from './numbers.js';
import { Rejections } from './rejections.js';
import { resourceStruct, scopeStruct } from './resource-scope.js';
import type { Row } from './row.js';

/**
 * ExportTraceServiceRequest → rows of the v1 spans table (`sql/otel_spans.sql`): one row per span.
 *
 * - `trace_id`, `span_id`, `parent_span_id` and the ids of each link: lowercase hex, NULL when
 *   absent or all zero (`ids.ts`); a root span has a NULL `parent_span_id`.
 * - `kind`: the enum name (`SPAN_KIND_SERVER`, ...; `SPAN_KIND_UNSPECIFIED` for 0; `enums.ts`).
 * - `status`: `{message, code}` with the code's enum name; a span without a status message reads
 *   as the proto3 default status, `{message: '', code: 'STATUS_CODE_UNSET'}` (never NULL).
 * - `start_time_unix_nano`, `end_time_unix_nano` and each event's `time_unix_nano`: the exact
 *   64-bit values; 0 (unset) stays 0; past 2^63-1 the span is rejected.
 * - `events`, `links`: arrays of their structs, in the order sent; `[]` when there are none.
 * - `attributes` of the span, its events and links: the text rule of `any-value.ts`.
 * - `trace_state` (of the span and of each link), `name`, `resource_schema_url` and
 *   `span_schema_url` (the scope-level `schema_url`) are written as sent, `""` included (proto3
 *   cannot tell an empty string from an absent one).
 * - `flags` (span and links) and the `dropped_*` counts: as sent (`numbers.ts` for values past
 *   the signed INT).
 *
 * A span with a time past the signed LONG range is rejected (`long-range.ts`), counted in
 * `rejected` with a message naming the field; the other spans become rows.
 * Resource and scope structs are shared by the rows under them: rows are read-only.
 */
export function flattenSpans(req: ExportTraceServiceRequest): FlattenResult {
  const rows: Row[] = [];
  const rejections = new Rejections('span', 'spans');
  for (const rs of req.resourceSpans) {
    const resource = resourceStruct(rs.resource);
    for (const ss of rs.scopeSpans) {
      const scope = scopeStruct(ss.scope);
      for (const s of ss.spans) {
        const row = spanRow(s, resource, rs.schemaUrl, scope, ss.schemaUrl);
        const problem = spanRowProblem(row);
        if (problem === null) rows.push(row);
        else rejections.add(problem);
      }
    }
  }
  return { rows, rejected: rejections.count, rejectionMessage: rejections.message() };
}

function spanRow(s: Span, resource: Row, resourceSchemaUrl: string, scope: Row, spanSchemaUrl: string): Row {
  return {
    trace_id: idHex(s.traceId),
    span_id: idHex(s.spanId),
    trace_state: s.traceState,
    parent_span_id: idHex(s.parentSpanId),
    flags: toInt(s.flags),
    name: s.name,
    kind: spanKindName(s.kind),
    start_time_unix_nano: s.startTimeUnixNano,
    end_time_unix_nano: s.endTimeUnixNano,
    attributes: attributesMap(s.attributes),
    dropped_attributes_count: toInt(s.droppedAttributesCount),
    events: s.events.map(eventStruct),
    dropped_events_count: toInt(s.droppedEventsCount),
    links: s.links.map(linkStruct),
    dropped_links_count: toInt(s.droppedLinksCount),
    status: statusStruct(s.status),
    resource,
    resource_schema_url: resourceSchemaUrl,
    instrumentation_scope: scope,
    span_schema_url: spanSchemaUrl,
  };
}

/** `STRUCT<time_unix_nano: LONG, name: STRING, attributes: MAP<STRING, STRING>, dropped_attributes_count: INT>` */
function eventStruct(e: SpanEvent): Row {
  return {
    time_unix_nano: e.timeUnixNano,
    name: e.name,
    attributes: attributesMap(e.attributes),
    dropped_attributes_count: toInt(e.droppedAttributesCount),
  };
}

/** `STRUCT<trace_id: STRING, span_id: STRING, trace_state: STRING, attributes: MAP<STRING, STRING>, dropped_attributes_count: INT, flags: INT>` */
function linkStruct(l: SpanLink): Row {
  return {
    trace_id: idHex(l.traceId),
    span_id: idHex(l.spanId),
    trace_state: l.traceState,
    attributes: attributesMap(l.attributes),
    dropped_attributes_count: toInt(l.droppedAttributesCount),
    flags: toInt(l.flags),
  };
}

/** `STRUCT<message: STRING, code: STRING>`; an absent status is the proto3 default (UNSET, ""). */
function statusStruct(status: SpanStatus | null): Row {
  if (status === null) return { message: '', code: statusCodeName(0) };
  return { message: status.message, code: statusCodeName(status.code) };
}
