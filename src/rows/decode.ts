import { OtlpDecodeError } from '../otlp/decode-error.js';
import { decodeLogsJson, decodeMetricsJson, decodeTracesJson } from '../otlp/decode-json.js';
import type { TableKind } from '../schema/types.js';
import type { FlattenResult } from './flatten-result.js';
import { flattenLogs } from './logs.js';
import { flattenMetrics } from './metrics.js';
import type { Row } from './row.js';
import { flattenSpans } from './spans.js';
import { decodeFlattenLogsProtobuf, decodeFlattenMetricsProtobuf, decodeFlattenTracesProtobuf } from './wire/index.js';

/** The two encodings of an OTLP/HTTP body (OTLP specification, "OTLP/HTTP"). */
export type BodyFormat = 'protobuf' | 'json';

/** Request bodies of one table kind, as the spool holds them. */
export interface SpooledBodies {
  kind: TableKind;
  records: ReadonlyArray<{ readonly format: BodyFormat; readonly body: Uint8Array }>;
}

interface Decoder {
  /** The request message, for error messages. */
  message: string;
  decode: (body: Uint8Array, format: BodyFormat) => FlattenResult;
}

// `fatal` so that a body that is not UTF-8 is a decode error rather than text with replacement characters.
const utf8 = new TextDecoder('utf-8', { fatal: true });

function utf8Text(body: Uint8Array): string {
  try {
    return utf8.decode(body);
  } catch {
    throw new OtlpDecodeError('the body is not UTF-8 text');
  }
}

/**
 * Protobuf goes through the hand-written wire decoder straight to rows (`rows/wire/`); OTLP/JSON is
 * parsed into the request types, then flattened.
 */
function decoder<Request>(
  message: string,
  fromProtobuf: (body: Uint8Array) => FlattenResult,
  fromJson: (text: string) => Request,
  flatten: (request: Request) => FlattenResult,
): Decoder {
  return { message, decode: (body, format) => (format === 'protobuf' ? fromProtobuf(body) : flatten(fromJson(utf8Text(body)))) };
}

const DECODERS: Record<TableKind, Decoder> = {
  metrics: decoder('ExportMetricsServiceRequest', decodeFlattenMetricsProtobuf, decodeMetricsJson, flattenMetrics),
  logs: decoder('ExportLogsServiceRequest', decodeFlattenLogsProtobuf, decodeLogsJson, flattenLogs),
  spans: decoder('ExportTraceServiceRequest', decodeFlattenTracesProtobuf, decodeTracesJson, flattenSpans),
};

/**
 * The one decode entry, below both the receive path and the encode workers: an OTLP/HTTP body of a
 * table kind's signal, in either format, to rows. A body that is not a valid request throws an
 * `OtlpDecodeError` whose message names the message type and the format.
 */
export function decodeBody(kind: TableKind, format: BodyFormat, body: Uint8Array): FlattenResult {
  const { message, decode } = DECODERS[kind];
  try {
    return decode(body, format);
  } catch (error) {
    if (!(error instanceof OtlpDecodeError)) throw error;
    const as = format === 'protobuf' ? 'protobuf (application/x-protobuf)' : 'OTLP/JSON (application/json)';
    throw new OtlpDecodeError(`the body is not a valid ${message} in ${as}: ${error.message}`);
  }
}

/** Decodes spooled bodies again (they were validated when spooled) into one array of rows. */
export function decodeSpooled({ kind, records }: SpooledBodies): Row[] {
  const rows: Row[] = [];
  for (const { format, body } of records) for (const row of decodeBody(kind, format, body).rows) rows.push(row);
  return rows;
}
