import type { Config } from '../config/schema.js';
import { OtlpDeltaError } from '../errors.js';
import { OtlpDecodeError } from '../otlp/decode-error.js';
import { decodeLogsJson, decodeMetricsJson, decodeTracesJson } from '../otlp/decode-json.js';
import { decodeFlattenLogsProtobuf, decodeFlattenMetricsProtobuf, decodeFlattenTracesProtobuf } from '../rows/wire/index.js';
import type { FlattenResult } from '../rows/flatten-result.js';
import { flattenLogs } from '../rows/logs.js';
import { flattenMetrics } from '../rows/metrics.js';
import { flattenSpans } from '../rows/spans.js';
import type { TableKind } from '../schema/types.js';
import type { BodyFormat } from './content.js';

/** What the receive path needs to know of one OTLP signal. */
export interface SignalSpec {
  kind: TableKind;
  /** The request message, for error messages. */
  message: string;
  defaultTable: (config: Config) => string | undefined;
  decodeAndFlatten: (body: Buffer, format: BodyFormat) => FlattenResult;
}

// `fatal` so that a body that is not UTF-8 is a 400 rather than text with replacement characters.
const utf8 = new TextDecoder('utf-8', { fatal: true });

function utf8Text(body: Buffer): string {
  try {
    return utf8.decode(body);
  } catch {
    throw new OtlpDecodeError('the body is not UTF-8 text');
  }
}

/**
 * Protobuf goes through the hand-written wire decoder straight to rows (`otlp/wire/`); OTLP/JSON is
 * parsed into the request types, then flattened.
 */
function decoder<Request>(
  message: string,
  fromProtobuf: (body: Uint8Array) => FlattenResult,
  fromJson: (text: string) => Request,
  flatten: (request: Request) => FlattenResult,
): SignalSpec['decodeAndFlatten'] {
  return (body, format) => {
    try {
      return format === 'protobuf' ? fromProtobuf(body) : flatten(fromJson(utf8Text(body)));
    } catch (error) {
      if (!(error instanceof OtlpDecodeError)) throw error;
      const as = format === 'protobuf' ? 'protobuf (application/x-protobuf)' : 'OTLP/JSON (application/json)';
      throw new OtlpDeltaError('BAD_REQUEST', `the body is not a valid ${message} in ${as}: ${error.message}`);
    }
  };
}

export const SIGNALS = {
  metrics: {
    kind: 'metrics',
    message: 'ExportMetricsServiceRequest',
    defaultTable: (config) => config.defaultMetricsTable,
    decodeAndFlatten: decoder('ExportMetricsServiceRequest', decodeFlattenMetricsProtobuf, decodeMetricsJson, flattenMetrics),
  },
  logs: {
    kind: 'logs',
    message: 'ExportLogsServiceRequest',
    defaultTable: (config) => config.defaultLogsTable,
    decodeAndFlatten: decoder('ExportLogsServiceRequest', decodeFlattenLogsProtobuf, decodeLogsJson, flattenLogs),
  },
  traces: {
    kind: 'spans',
    message: 'ExportTraceServiceRequest',
    defaultTable: (config) => config.defaultSpansTable,
    decodeAndFlatten: decoder('ExportTraceServiceRequest', decodeFlattenTracesProtobuf, decodeTracesJson, flattenSpans),
  },
} satisfies Record<string, SignalSpec>;

export type SignalName = keyof typeof SIGNALS;

/** The signal whose rows a table kind holds (to decode spooled requests again). */
export const SIGNAL_OF_KIND: Record<TableKind, SignalSpec> = Object.fromEntries(
  Object.values(SIGNALS).map((spec) => [spec.kind, spec]),
) as Record<TableKind, SignalSpec>;
