import type * as T from '../types.js';
import { otlpSchema } from '../proto-loader.js';
import { jsonEnum, jsonMessages, jsonString, jsonUint64, type JsonObject } from '../json-values.js';
import { parseRequest, message, anyValueField, attributes, droppedAttributesCount, resource, scope, schemaUrl, traceId, spanId, flags, timeUnixNano } from './common.js';

/** OTLP/JSON logs bodies (ExportLogsServiceRequest) to the types of `types.ts`. */

export function decodeLogsJson(text: string): T.ExportLogsServiceRequest {
  const o = parseRequest(text, 'ExportLogsServiceRequest');
  return { resourceLogs: jsonMessages(o.resourceLogs ?? o.resource_logs, 'resourceLogs', resourceLogs) };
}

function resourceLogs(o: JsonObject): T.ResourceLogs {
  return {
    resource: message(o.resource, 'resource', resource),
    scopeLogs: jsonMessages(o.scopeLogs ?? o.scope_logs, 'scopeLogs', scopeLogs),
    schemaUrl: schemaUrl(o),
  };
}

function scopeLogs(o: JsonObject): T.ScopeLogs {
  return {
    scope: message(o.scope, 'scope', scope),
    logRecords: jsonMessages(o.logRecords ?? o.log_records, 'logRecords', logRecord),
    schemaUrl: schemaUrl(o),
  };
}

function logRecord(o: JsonObject): T.LogRecord {
  return {
    timeUnixNano: timeUnixNano(o),
    observedTimeUnixNano: jsonUint64(o.observedTimeUnixNano ?? o.observed_time_unix_nano, 'observedTimeUnixNano'),
    severityNumber: jsonEnum(
      o.severityNumber ?? o.severity_number,
      'severityNumber',
      otlpSchema().enums.severityNumber,
    ),
    severityText: jsonString(o.severityText ?? o.severity_text, 'severityText'),
    body: anyValueField(o.body, 'body', 0),
    attributes: attributes(o.attributes),
    droppedAttributesCount: droppedAttributesCount(o),
    flags: flags(o),
    traceId: traceId(o),
    spanId: spanId(o),
    eventName: jsonString(o.eventName ?? o.event_name, 'eventName'),
  };
}
