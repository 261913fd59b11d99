import { type BodyCheck, checkOf, type FlattenResult } from '../flatten-result.js';
import { OtlpDecodeError } from '../../otlp/decode-error.js';
import { CheckReader } from './check/reader.js';
import { checkLogsRequest, checkMetricsRequest, checkTracesRequest } from './check/requests.js';
import { LOGS, readLogsRequest } from './logs.js';
import { METRICS, readMetricsRequest } from './metrics.js';
import { Reader, WireError } from './reader.js';
import { readTracesRequest, TRACES } from './spans.js';

/**
 * OTLP/HTTP protobuf bodies straight to v1 rows: a hand-written wire reader in place of protobufjs
 * reflection (`../decode-protobuf.ts`) followed by the flatteners (`src/rows/`), with no object per
 * field or attribute in between.
 *
 * Contract: for every body the old path accepts, `decodeFlattenXProtobuf(body)` is deep-equal to
 * `flattenX(decodeXProtobuf(body))`; wherever the old path throws an OtlpDecodeError, so does this.
 * Wire errors read `not a valid protobuf <Type>: <problem> (in <path>)`; a wrong-length id gives the
 * old path's message and path, e.g. `resourceSpans[0].scopeSpans[0].spans[0].traceId: expected an
 * id of 16 bytes (or none), got 5 bytes`.
 *
 * Where this rejects bodies the old path accepts, or reads them differently (all of them malformed
 * or never produced by an encoder; protobuf's spec and Go's proto.Unmarshal side with this reader):
 *
 * 1. A known field with another wire type than its declared one is an error; protobufjs reads the
 *    bytes as the declared type whatever the wire type says.
 * 2. A varint of 6 to 9 bytes, or longer than 10, in a tag, a length or a 32-bit field is an
 *    error (encoders write at most 5 bytes there, or 10 for a negative int32): protobufjs reads 5
 *    bytes and then steps over 5 more whatever they hold, so it reads such a varint wrongly and
 *    may go on. A varint longer than 10 bytes in an unknown field is an error too (protobufjs
 *    skips any length).
 * 3. A 64-bit varint (int_value, Buckets.bucket_counts) that starts 4 bytes before the end of its
 *    message with the continuation bit on all 4 (a varint cut short): protobufjs stops after the
 *    4th byte and accepts it; here it is a truncated message.
 * 4. Field number 0 is an error (protobufjs skips it as an unknown field).
 * 5. A group (wire type 3) must end with the end-group tag of the same field number (protobufjs
 *    accepts any end-group tag).
 * 6. Oneofs (AnyValue.value, NumberDataPoint/Exemplar.value, Metric.data) with several members on
 *    the wire: the member that comes last wins (protobuf's rule); protobufjs reports the member
 *    whose first occurrence is the latest, so the two differ only when a member repeats after
 *    another one (e.g. string, int, string: "string" here, "int" there). A message field sent twice
 *    (e.g. `sum` twice) keeps its last occurrence, as protobufjs does (Go would merge the two).
 *
 * Rows share immutable values, with each other and with the rows of earlier requests (the
 * process-wide tables of `interned.ts`, bounded): strings, `[key, value]` map entries, bigints,
 * a histogram's `explicit_bounds` array, and frozen empty arrays (no attributes, exemplars, events,
 * links). Rows are read-only, as the flatteners already assume (they share resource, scope and
 * metadata structs); deep equality with the old path's rows is unaffected.
 *
 * Files: `reader.ts` (wire primitives), `hex.ts` (ids), `interned.ts` (the shared values),
 * `any-value.ts` (AnyValue / KeyValue to text), `entries.ts` (attribute lists), `common.ts`
 * (resource, scope, ResourceX / ScopeX), `envelope.ts`, `metrics.ts` (with `metric-points.ts` and
 * one `metrics-*.ts` per data kind), `logs.ts`, `spans.ts`; `check/`, the same walk without rows
 * (for the receive path).
 */

export function decodeFlattenMetricsProtobuf(body: Uint8Array): FlattenResult {
  return readBody(new Reader(body), METRICS.request, readMetricsRequest);
}

export function decodeFlattenLogsProtobuf(body: Uint8Array): FlattenResult {
  return readBody(new Reader(body), LOGS.request, readLogsRequest);
}

export function decodeFlattenTracesProtobuf(body: Uint8Array): FlattenResult {
  return readBody(new Reader(body), TRACES.request, readTracesRequest);
}

/**
 * The same bodies checked without making rows (`check/`): the same errors, and the count of the
 * rows and rejection message `decodeFlattenXProtobuf` would give. A body with a record rejected
 * for a LONG value out of range is decoded instead (its message needs the value).
 */
export function checkMetricsProtobuf(body: Uint8Array): BodyCheck {
  return readBody(new CheckReader(body), METRICS.request, checkMetricsRequest) ?? checkOf(decodeFlattenMetricsProtobuf(body));
}

export function checkLogsProtobuf(body: Uint8Array): BodyCheck {
  return readBody(new CheckReader(body), LOGS.request, checkLogsRequest) ?? checkOf(decodeFlattenLogsProtobuf(body));
}

export function checkTracesProtobuf(body: Uint8Array): BodyCheck {
  return readBody(new CheckReader(body), TRACES.request, checkTracesRequest) ?? checkOf(decodeFlattenTracesProtobuf(body));
}

function readBody<R extends Reader, T>(r: R, type: string, read: (r: R) => T): T {
  try {
    return read(r);
  } catch (error) {
    throw finish(error, type);
  }
}

/** Wire errors get the old path's prefix, with the path (if any) at the end. */
function finish(error: unknown, type: string): unknown {
  if (!(error instanceof WireError)) return error;
  const where = error.path === '' ? '' : ` (in ${error.path})`;
  return new OtlpDecodeError(`not a valid protobuf ${type}: ${error.problem}${where}`, { cause: error });
}
