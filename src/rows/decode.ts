import { OtlpDecodeError } from '../otlp/decode-error.js';
import { decodeLogsJson, decodeMetricsJson, decodeTracesJson } from '../otlp/decode-json.js';
import type { TableKind } from '../schema/types.js';
import { type BodyCheck, checkOf, type FlattenResult } from './flatten-result.js';
import { flattenLogs } from './logs.js';
import { flattenMetrics } from './metrics.js';
import type { Row } from './row.js';
import { flattenSpans } from './spans.js';
import {
  checkLogsProtobuf,
  checkMetricsProtobuf,
  checkTracesProtobuf,
  decodeFlattenLogsProtobuf,
  decodeFlattenMetricsProtobuf,
  decodeFlattenTracesProtobuf,
} from './wire/index.js';

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
  check: (body: Uint8Array, format: BodyFormat) => BodyCheck;
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
 * Protobuf goes through the hand-written wire decoder straight to rows (`rows/wire/`), or through
 * its check-only walk; OTLP/JSON is parsed into the request types, then flattened (and its rows
 * counted: JSON is not the fast path).
 */
function decoder<Request>(
  message: string,
  fromProtobuf: (body: Uint8Array) => FlattenResult,
  checkProtobuf: (body: Uint8Array) => BodyCheck,
  fromJson: (text: string) => Request,
  flatten: (request: Request) => FlattenResult,
): Decoder {
  const decode = (body: Uint8Array, format: BodyFormat) => (format === 'protobuf' ? fromProtobuf(body) : flatten(fromJson(utf8Text(body))));
  return { message, decode, check: (body, format) => (format === 'protobuf' ? checkProtobuf(body) : checkOf(decode(body, format))) };
}

const DECODERS: Record<TableKind, Decoder> = {
  metrics: decoder('ExportMetricsServiceRequest', decodeFlattenMetricsProtobuf, checkMetricsProtobuf, decodeMetricsJson, flattenMetrics),
  logs: decoder('ExportLogsServiceRequest', decodeFlattenLogsProtobuf, checkLogsProtobuf, decodeLogsJson, flattenLogs),
  spans: decoder('ExportTraceServiceRequest', decodeFlattenTracesProtobuf, checkTracesProtobuf, decodeTracesJson, flattenSpans),
};

/**
 * The one decode entry, below both the receive path and the encode workers: an OTLP/HTTP body of a
 * table kind's signal, in either format, to rows. A body that is not a valid request throws an
 * `OtlpDecodeError` whose message names the message type and the format.
 */
export function decodeBody(kind: TableKind, format: BodyFormat, body: Uint8Array): FlattenResult {
  return named(kind, format, () => DECODERS[kind].decode(body, format));
}

/**
 * What the receive path needs of a body, without its rows: `decodeBody`'s verdict (the same
 * errors, word for word), the number of rows it makes, and its `rejected` and `rejectionMessage`.
 */
export function checkBody(kind: TableKind, format: BodyFormat, body: Uint8Array): BodyCheck {
  return named(kind, format, () => DECODERS[kind].check(body, format));
}

/** Runs `read`, naming the message type and the format in the message of a decode error. */
function named<T>(kind: TableKind, format: BodyFormat, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof OtlpDecodeError)) throw error;
    const as = format === 'protobuf' ? 'protobuf (application/x-protobuf)' : 'OTLP/JSON (application/json)';
    throw new OtlpDecodeError(`the body is not a valid ${DECODERS[kind].message} in ${as}: ${error.message}`);
  }
}

/**
 * Decodes spooled bodies again (they were validated when spooled), body by body: the rows of each
 * are made only when the previous ones have been taken.
 */
export function* decodeEach({ kind, records }: SpooledBodies): Generator<Row[]> {
  for (const { format, body } of records) yield decodeBody(kind, format, body).rows;
}

/** `decodeEach` into one array of rows. */
export function decodeSpooled(spooled: SpooledBodies): Row[] {
  const rows: Row[] = [];
  for (const part of decodeEach(spooled)) for (const row of part) rows.push(row);
  return rows;
}
