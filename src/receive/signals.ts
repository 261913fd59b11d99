import type { Config } from '../config/schema.js';
import { OtlpDeltaError } from '../errors.js';
import { OtlpDecodeError } from '../otlp/decode-error.js';
import { decodeBody, type BodyFormat } from '../rows/decode.js';
import type { FlattenResult } from '../rows/flatten-result.js';
import type { TableKind } from '../schema/types.js';

/** What the receive path needs to know of one OTLP signal. */
export interface SignalSpec {
  kind: TableKind;
  /** The request message, for error messages. */
  message: string;
  defaultTable: (config: Config) => string | undefined;
  decodeAndFlatten: (body: Buffer, format: BodyFormat) => FlattenResult;
}

/** The receive side of the decode entry: a body that is not a valid request is a 400. */
function decodeOrBadRequest(kind: TableKind): SignalSpec['decodeAndFlatten'] {
  return (body, format) => {
    try {
      return decodeBody(kind, format, body);
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
    decodeAndFlatten: decodeOrBadRequest('metrics'),
  },
  logs: {
    kind: 'logs',
    message: 'ExportLogsServiceRequest',
    defaultTable: (config) => config.defaultLogsTable,
    decodeAndFlatten: decodeOrBadRequest('logs'),
  },
  traces: {
    kind: 'spans',
    message: 'ExportTraceServiceRequest',
    defaultTable: (config) => config.defaultSpansTable,
    decodeAndFlatten: decodeOrBadRequest('spans'),
  },
} satisfies Record<string, SignalSpec>;

export type SignalName = keyof typeof SIGNALS;
