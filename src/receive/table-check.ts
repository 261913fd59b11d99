import { OtlpDeltaError } from '../errors.js';
import { formatTableName, type TableName } from '../route/table-name.js';
import type { TableKind } from '../schema/types.js';
import type { Sink } from '../sinks/sink.js';

/** Turns the sink's view of a table into the SPEC's answer: 404 when missing, 400 when of another kind. */
export async function checkTable(sink: Sink, table: TableName, kind: TableKind, autoCreate: boolean): Promise<void> {
  const check = await sink.prepareTable(table, kind, autoCreate);
  const name = formatTableName(table);
  if (check.status === 'missing') {
    throw new OtlpDeltaError(
      'TABLE_NOT_FOUND',
      `table ${name} does not exist: create it with \`otlp-delta bootstrap --catalog ${table.catalog} --schema ${table.schema} --prefix <prefix>\` (tables <prefix>_otel_metrics, <prefix>_otel_logs and <prefix>_otel_spans), or enable auto-create`,
    );
  }
  if (check.status === 'wrong-kind') {
    const holds = check.actual === 'other' ? 'a schema that is not an OpenTelemetry v1 table' : `the ${check.actual} schema`;
    throw new OtlpDeltaError(
      'WRONG_TABLE_KIND',
      `table ${name} holds ${holds}, not ${kind}: send ${kind} to a ${kind} table (X-Databricks-UC-Table-Name)`,
    );
  }
}
