import type { Config } from '../config/schema.js';
import { OtlpDeltaError } from '../errors.js';
import { OtlpDecodeError } from '../otlp/decode-error.js';
import { checkBody, type BodyFormat } from '../rows/decode.js';
import type { BodyCheck } from '../rows/flatten-result.js';
import type { TableKind } from '../schema/types.js';

/** What the receive path needs to know of one OTLP signal. */
export interface SignalSpec {
  kind: TableKind;
  /** The request message, for error messages. */
  message: string;
  defaultTable: (config: Config) => string | undefined;
  /**
   * Validates a body and counts its rows, without making them (the encode workers decode the
   * spooled body into rows); throws a BAD_REQUEST for a body that is not a valid request.
   */
  check: (body: Buffer, format: BodyFormat) => BodyCheck;
}

/** The receive side of the decode entry: a body that is not a valid request is a 400. */
function checkOrBadRequest(kind: TableKind): SignalSpec['check'] {
  return (body, format) => {
    try {
      return checkBody(kind, format, body);
    } catch (error) {
      if (!(error instanceof OtlpDecodeError)) throw error;
      throw new OtlpDeltaError('BAD_REQUEST', error.message);
    }
  };
}

export const SIGNALS = {
  metrics: {
    kind: 'metrics',
    message: 'ExportMetricsServiceRequest',
    defaultTable: (config) => config.defaultMetricsTable,
    check: checkOrBadRequest('metrics'),
  },
  logs: {
    kind: 'logs',
    message: 'ExportLogsServiceRequest',
    defaultTable: (config) => config.defaultLogsTable,
    check: checkOrBadRequest('logs'),
  },
  traces: {
    kind: 'spans',
    message: 'ExportTraceServiceRequest',
    defaultTable: (config) => config.defaultSpansTable,
    check: checkOrBadRequest('spans'),
  },
} satisfies Record<string, SignalSpec>;

export type SignalName = keyof typeof SIGNALS;
