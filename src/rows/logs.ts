import type { ExportLogsServiceRequest } from '../otlp/types.js';
import { anyValueText, attributesMap } from './any-value.js';
import { severityNumberName } from './enums.js';
import type { FlattenResult } from './flatten-result.js';
import { idHex } from './ids.js';
import { logRowProblem } from './long-range.js';
import { toInt } from './numbers.js';
import { Rejections } from './rejections.js';
import { resourceStruct, scopeStruct } from './resource-scope.js';
import type { MapEntries, Row } from './row.js';

/**
 * ExportLogsServiceRequest → rows of the v1 logs table (`sql/otel_logs.sql`): one row per log
 * record.
 *
 * - `event_name`: the record's `event_name`; when that is empty, the text of its `event.name`
 *   attribute (what Claude Code and the OTel events API send); NULL when neither gives a non-empty
 *   name (an `event.name` attribute that is `""` or empty counts as no name).
 * - `trace_id`, `span_id`: lowercase hex, NULL when absent or all zero (`ids.ts`).
 * - `time_unix_nano`, `observed_time_unix_nano`: the exact 64-bit values; 0 (unset) stays 0; a
 *   record with one past 2^63-1 is rejected (`long-range.ts`), counted in `rejected` with a
 *   message naming the field, and the other records become rows.
 * - `severity_number`: the enum name (`SEVERITY_NUMBER_UNSPECIFIED` for 0; `enums.ts`).
 * - `body`: the text rule of `any-value.ts`; a record without a body has a NULL body.
 * - `severity_text`, `resource_schema_url`, `log_schema_url` are written as sent, `""` included
 *   (proto3 cannot tell an empty string from an absent one); only AnyValues become NULL when empty.
 *
 * Resource and scope structs are shared by the rows under them: rows are read-only.
 */
export function flattenLogs(req: ExportLogsServiceRequest): FlattenResult {
  const rows: Row[] = [];
  const rejections = new Rejections('log record', 'log records');
  for (const rl of req.resourceLogs) {
    const resource = resourceStruct(rl.resource);
    for (const sl of rl.scopeLogs) {
      const scope = scopeStruct(sl.scope);
      for (const r of sl.logRecords) {
        const attributes = attributesMap(r.attributes);
        const row: Row = {
          event_name: r.eventName !== '' ? r.eventName : eventNameAttribute(attributes),
          trace_id: idHex(r.traceId),
          span_id: idHex(r.spanId),
          time_unix_nano: r.timeUnixNano,
          observed_time_unix_nano: r.observedTimeUnixNano,
          severity_number: severityNumberName(r.severityNumber),
          severity_text: r.severityText,
          body: anyValueText(r.body),
          attributes,
          dropped_attributes_count: toInt(r.droppedAttributesCount),
          flags: toInt(r.flags),
          resource,
          resource_schema_url: rl.schemaUrl,
          instrumentation_scope: scope,
          log_schema_url: sl.schemaUrl,
        };
        const problem = logRowProblem(row);
        if (problem === null) rows.push(row);
        else rejections.add(problem);
      }
    }
  }
  return { rows, rejected: rejections.count, rejectionMessage: rejections.message() };
}

/** The `event.name` attribute's text (the last one if repeated, as in the map), or NULL. Shared with `rows/wire/logs.ts`. */
export function eventNameAttribute(attributes: MapEntries): string | null {
  for (let i = 0; i < attributes.length; i++) {
    if (attributes[i][0] === 'event.name') {
      const name = attributes[i][1];
      return name === '' ? null : name;
    }
  }
  return null;
}
