import type { Row } from './row.js';

/**
 * What a flattener returns: the rows, and what the receiver must tell the client in the
 * OTLP `partial_success` of its response.
 *
 * - `rejected`: the records of the request (data points, log records, spans) that could not be
 *   turned into rows, i.e. `rejected_data_points` / `rejected_log_records` / `rejected_spans`.
 * - `rejectionMessage`: `''` when there is nothing to say; otherwise a sentence for
 *   `partial_success.error_message`. It may be set while `rejected` is 0: the OTLP specification
 *   lets a server send a warning with a fully accepted request that way.
 *
 * A record is rejected when one of its LONG values does not fit the signed column
 * (`long-range.ts`); every other data point, log record and span becomes a row (a number point
 * without a value gets a NULL value). `rejections.ts` counts and words them for both decode paths.
 */
export interface FlattenResult {
  rows: Row[];
  rejected: number;
  rejectionMessage: string;
}

/**
 * What the receive path needs of a body (`checkBody` in `decode.ts`): that it is a valid request,
 * how many rows it makes, and the `partial_success` of its response; the rows themselves are
 * made later, by the encode workers.
 */
export interface BodyCheck {
  rowCount: number;
  rejected: number;
  rejectionMessage: string;
}

/** The check of a body whose rows were made. */
export function checkOf({ rows, rejected, rejectionMessage }: FlattenResult): BodyCheck {
  return { rowCount: rows.length, rejected, rejectionMessage };
}
