import { severityNumberName } from '../enums.js';
import type { FlattenResult } from '../flatten-result.js';
import { eventNameAttribute } from '../logs.js';
import { logRowProblem } from '../long-range.js';
import { Rejections } from '../rejections.js';
import type { Row } from '../row.js';
import { readAnyValueText } from './any-value.js';
import { closeEntries, openEntries, readAttribute } from './common.js';
import { type EnvelopeNames, readEnvelope } from './envelope.js';
import type { Reader } from './reader.js';

/**
 * ExportLogsServiceRequest bytes → rows of the v1 logs table, the rows of `src/rows/logs.ts`.
 *
 *   ExportLogsServiceRequest { repeated ResourceLogs resource_logs = 1; }
 *   LogRecord { fixed64 time_unix_nano = 1; fixed64 observed_time_unix_nano = 11;
 *               SeverityNumber severity_number = 2; string severity_text = 3; AnyValue body = 5;
 *               repeated KeyValue attributes = 6; uint32 dropped_attributes_count = 7;
 *               fixed32 flags = 8; bytes trace_id = 9; bytes span_id = 10; string event_name = 12; }
 *
 * Depths (for the nesting limit): request 0, ResourceLogs 1, ScopeLogs 2, LogRecord 3.
 */

const LOG_RECORD_FIELDS = 0b1_1111_1110_1110; // 1..3, 5..12

export function readLogsRequest(r: Reader): FlattenResult {
  const rows: Row[] = [];
  const rejections = new Rejections('log record', 'log records');
  readEnvelope(r, LOGS, (r, c) => {
    r.longOverflow = false;
    const row = readLogRecord(r, c.resource, c.resourceSchemaUrl, c.scope, c.scopeSchemaUrl);
    // A time past the LONG range rejects the record, as in `src/rows/logs.ts`.
    const problem = r.longOverflow ? logRowProblem(row) : null;
    if (problem === null) rows.push(row);
    else rejections.add(problem);
  });
  return { rows, rejected: rejections.count, rejectionMessage: rejections.message() };
}

export const LOGS: EnvelopeNames = {
  request: 'ExportLogsServiceRequest',
  resource: 'ResourceLogs',
  resources: 'resourceLogs',
  scope: 'ScopeLogs',
  scopes: 'scopeLogs',
  records: 'logRecords',
};

function readLogRecord(r: Reader, resource: Row, resourceSchemaUrl: string, scope: Row, logSchemaUrl: string): Row {
  const outer = r.enter();
  const end = r.limit;
  let time = 0n;
  let observedTime = 0n;
  let severityNumber = 0;
  let severityText = '';
  let body: string | null = null;
  const list = openEntries(3);
  let dropped = 0;
  let flags = 0;
  let traceId: string | null | number = null;
  let spanId: string | null | number = null;
  let eventName = '';
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case (1 << 3) | 1: // time_unix_nano = 1, fixed64
        time = r.fixed64Long();
        break;
      case (11 << 3) | 1: // observed_time_unix_nano = 11, fixed64
        observedTime = r.fixed64Long();
        break;
      case (2 << 3) | 0: // severity_number = 2, SeverityNumber
        severityNumber = r.uint32() | 0;
        break;
      case (3 << 3) | 2: // severity_text = 3, string
        severityText = r.string();
        break;
      case (5 << 3) | 2: // body = 5, AnyValue: the last one replaces the others
        body = readAnyValueText(r, 4);
        break;
      case (6 << 3) | 2: // repeated attributes = 6, KeyValue
        readAttribute(r, 4, list);
        break;
      case (7 << 3) | 0: // dropped_attributes_count = 7, uint32
        dropped = r.uint32() | 0;
        break;
      case (8 << 3) | 5: // flags = 8, fixed32
        flags = r.fixed32Int();
        break;
      case (9 << 3) | 2: // trace_id = 9, bytes
        traceId = r.id(16);
        break;
      case (10 << 3) | 2: // span_id = 10, bytes
        spanId = r.id(8);
        break;
      case (12 << 3) | 2: // event_name = 12, string
        eventName = r.string();
        break;
      default:
        r.skip(tag, 3, LOG_RECORD_FIELDS, 'LogRecord');
    }
  }
  r.leave(outer);
  const attributes = closeEntries(list);
  return {
    event_name: eventName !== '' ? eventName : eventNameAttribute(attributes),
    trace_id: r.checkId(traceId, 16, 'traceId'),
    span_id: r.checkId(spanId, 8, 'spanId'),
    time_unix_nano: time,
    observed_time_unix_nano: observedTime,
    severity_number: severityNumberName(severityNumber),
    severity_text: severityText,
    body,
    attributes,
    dropped_attributes_count: dropped,
    flags,
    resource,
    resource_schema_url: resourceSchemaUrl,
    instrumentation_scope: scope,
    log_schema_url: logSchemaUrl,
  };
}
