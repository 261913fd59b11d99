import { OtlpDeltaError } from '../errors.js';
import { parseTableName, type TableName } from '../route/table-name.js';

export const TABLE_HEADER = 'x-databricks-uc-table-name';

/** The destination table of a request: its header, else the signal's configured default. */
export function resolveTable(header: string | string[] | undefined, fallback: string | undefined): TableName {
  if (Array.isArray(header)) {
    throw new OtlpDeltaError('BAD_TABLE_HEADER', 'X-Databricks-UC-Table-Name was sent more than once; send it once');
  }
  const text = header ?? fallback;
  if (text === undefined || text.trim() === '') {
    throw new OtlpDeltaError(
      'BAD_TABLE_HEADER',
      'missing X-Databricks-UC-Table-Name header: set it to catalog.schema.table in the exporter headers (OTEL_EXPORTER_OTLP_*_HEADERS)',
    );
  }
  const parsed = parseTableName(text);
  if (!parsed.ok) {
    throw new OtlpDeltaError(
      'BAD_TABLE_HEADER',
      `invalid X-Databricks-UC-Table-Name ${JSON.stringify(text.slice(0, 200))}: ${parsed.reason}`,
    );
  }
  return parsed.name;
}
