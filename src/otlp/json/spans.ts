import type * as T from '../types.js';
import { otlpSchema } from '../proto-loader.js';
import { jsonEnum, jsonMessages, jsonString, jsonUint32, jsonUint64, type JsonObject } from '../json-values.js';
import { parseRequest, message, attributes, droppedAttributesCount, resource, scope, schemaUrl, traceId, spanId, flags, startTimeUnixNano, timeUnixNano } from './common.js';

/** OTLP/JSON trace bodies (ExportTraceServiceRequest) to the types of `types.ts`. */

export function decodeTracesJson(text: string): T.ExportTraceServiceRequest {
  const o = parseRequest(text, 'ExportTraceServiceRequest');
  return { resourceSpans: jsonMessages(o.resourceSpans ?? o.resource_spans, 'resourceSpans', resourceSpans) };
}

function resourceSpans(o: JsonObject): T.ResourceSpans {
  return {
    resource: message(o.resource, 'resource', resource),
    scopeSpans: jsonMessages(o.scopeSpans ?? o.scope_spans, 'scopeSpans', scopeSpans),
    schemaUrl: schemaUrl(o),
  };
}

function scopeSpans(o: JsonObject): T.ScopeSpans {
  return {
    scope: message(o.scope, 'scope', scope),
    spans: jsonMessages(o.spans, 'spans', span),
    schemaUrl: schemaUrl(o),
  };
}

function traceState(o: JsonObject): string {
  return jsonString(o.traceState ?? o.trace_state, 'traceState');
}

function spanEvent(o: JsonObject): T.SpanEvent {
  return {
    timeUnixNano: timeUnixNano(o),
    name: jsonString(o.name, 'name'),
    attributes: attributes(o.attributes),
    droppedAttributesCount: droppedAttributesCount(o),
  };
}

function spanLink(o: JsonObject): T.SpanLink {
  return {
    traceId: traceId(o),
    spanId: spanId(o),
    traceState: traceState(o),
    attributes: attributes(o.attributes),
    droppedAttributesCount: droppedAttributesCount(o),
    flags: flags(o),
  };
}

function spanStatus(o: JsonObject): T.SpanStatus {
  return {
    message: jsonString(o.message, 'message'),
    code: jsonEnum(o.code, 'code', otlpSchema().enums.statusCode),
  };
}

function span(o: JsonObject): T.Span {
  return {
    traceId: traceId(o),
    spanId: spanId(o),
    traceState: traceState(o),
    parentSpanId: spanId(o, 'parentSpanId', 'parent_span_id'),
    flags: flags(o),
    name: jsonString(o.name, 'name'),
    kind: jsonEnum(o.kind, 'kind', otlpSchema().enums.spanKind),
    startTimeUnixNano: startTimeUnixNano(o),
    endTimeUnixNano: jsonUint64(o.endTimeUnixNano ?? o.end_time_unix_nano, 'endTimeUnixNano'),
    attributes: attributes(o.attributes),
    droppedAttributesCount: droppedAttributesCount(o),
    events: jsonMessages(o.events, 'events', spanEvent),
    droppedEventsCount: jsonUint32(o.droppedEventsCount ?? o.dropped_events_count, 'droppedEventsCount'),
    links: jsonMessages(o.links, 'links', spanLink),
    droppedLinksCount: jsonUint32(o.droppedLinksCount ?? o.dropped_links_count, 'droppedLinksCount'),
    status: message(o.status, 'status', spanStatus),
  };
}
