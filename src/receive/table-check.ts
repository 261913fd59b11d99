import { OtlpDeltaError } from '../errors.js';
import { formatTableName, type TableName } from '../route/table-name.js';
import type { TableKind } from '../schema/types.js';
import type { Sink, TableCheck } from '../sinks/sink.js';

/**
 * The SPEC's answer to a sink's view of a table: 404 when missing, 400 when of another kind or
 * leading outside the data dir, 503 (with Retry-After) when the sink refuses it for now; null when
 * the request may go on.
 */
export function tableCheckError(check: TableCheck, table: TableName, kind: TableKind, retryAfterSeconds?: number): OtlpDeltaError | null {
  const name = formatTableName(table);
  switch (check.status) {
    case 'ok':
      return null;
    case 'missing':
      return new OtlpDeltaError(
        'TABLE_NOT_FOUND',
        check.why ??
          `table ${name} does not exist: create it with \`otlp-delta bootstrap --catalog ${table.catalog} --schema ${table.schema} --prefix <prefix>\` (tables <prefix>_otel_metrics, <prefix>_otel_logs and <prefix>_otel_spans), or enable auto-create`,
      );
    case 'wrong-kind': {
      const holds = check.actual === 'other' ? 'a schema that is not an OpenTelemetry v1 table' : `the ${check.actual} schema`;
      return new OtlpDeltaError('WRONG_TABLE_KIND', `table ${name} holds ${holds}, not ${kind}: send ${kind} to a ${kind} table (X-Databricks-UC-Table-Name)`);
    }
    case 'refused':
      return check.reason === 'unavailable'
        ? new OtlpDeltaError('UNAVAILABLE', check.message, check.retryAfterSeconds ?? retryAfterSeconds)
        : new OtlpDeltaError('BAD_TABLE_HEADER', check.message);
  }
}

/**
 * Asks the sink about the table and throws the SPEC's answer unless the request may go on;
 * `retryAfterSeconds` stands in when a sink refuses a table for now without saying for how long.
 */
export async function checkTable(sink: Sink, table: TableName, kind: TableKind, autoCreate: boolean, retryAfterSeconds?: number): Promise<void> {
  const error = tableCheckError(await sink.prepareTable(table, kind, autoCreate), table, kind, retryAfterSeconds);
  if (error) throw error;
}
