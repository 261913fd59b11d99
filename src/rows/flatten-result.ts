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
 * Under the current rules every data point and log record becomes a row (a number point without a
 * value gets a NULL value; an unsigned value past its signed column keeps its bits, see
 * `numbers.ts`), so `rejected` is 0 today. The field is there so that the receiver's accounting
 * does not change when a rule that rejects is added.
 */
export interface FlattenResult {
  rows: Row[];
  rejected: number;
  rejectionMessage: string;
}
