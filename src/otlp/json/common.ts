import type * as T from '../types.js';
import { OtlpDecodeError, rethrowUnder } from '../decode-error.js';
import { SPAN_ID_BYTES, TRACE_ID_BYTES, idFromHex } from '../ids.js';
import { parseJsonKeepingLongNumbers } from '../json-bigint.js';
import { describe, isJsonObject, jsonBool, jsonBytes, jsonDouble, jsonInt64, jsonMessages, jsonObject, jsonString, jsonUint32, jsonUint64, type JsonObject } from '../json-values.js';

/**
 * What the OTLP/JSON decoders of every signal share: the request envelope, AnyValues, attributes,
 * resource, scope, ids and times.
 */

/**
 * How deep AnyValues may nest inside each other (arrays and key-value lists). Bounded so that a
 * hostile body cannot exhaust the stack; protobuf bodies have protobufjs's own limit of 100 nested
 * messages.
 */
const MAX_VALUE_NESTING = 64;

export function parseRequest(text: string, message: string): JsonObject {
  // RFC 8259 lets a parser ignore a byte order mark; JSON.parse does not.
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let parsed: unknown;
  try {
    parsed = parseJsonKeepingLongNumbers(json);
  } catch (error) {
    throw new OtlpDecodeError(`the body is not valid JSON (${(error as Error).message})`, { cause: error });
  }
  if (!isJsonObject(parsed)) {
    throw new OtlpDecodeError(`expected a JSON object (an ${message}), got ${describe(parsed)}`);
  }
  return parsed;
}

/** A singular message field: `null` when absent, else converted with errors named under `field`. */
export function message<R>(value: unknown, field: string, convert: (o: JsonObject) => R): R | null {
  const o = jsonObject(value, field);
  if (o === null) return null;
  try {
    return convert(o);
  } catch (error) {
    return rethrowUnder(error, field);
  }
}

/**
 * An AnyValue: exactly one of its fields, or none (`{}`, the empty value). The keys present are
 * walked rather than each field looked up, as an AnyValue object usually holds a single key.
 */
function anyValue(o: JsonObject, depth: number): T.AnyValue {
  if (depth > MAX_VALUE_NESTING) {
    throw new OtlpDecodeError(`values are nested more than ${MAX_VALUE_NESTING} levels deep`);
  }
  let result: T.AnyValue | undefined;
  let resultField = '';
  for (const key in o) {
    const v = o[key];
    if (v === null || v === undefined) continue; // null means "not set" in proto3 JSON
    let value: T.AnyValue;
    let field: string;
    switch (key) {
      case 'stringValue':
      case 'string_value':
        field = 'stringValue';
        value = { kind: 'string', value: jsonString(v, field) };
        break;
      case 'boolValue':
      case 'bool_value':
        field = 'boolValue';
        value = { kind: 'bool', value: jsonBool(v, field) };
        break;
      case 'intValue':
      case 'int_value':
        field = 'intValue';
        value = { kind: 'int', value: jsonInt64(v, field) };
        break;
      case 'doubleValue':
      case 'double_value':
        field = 'doubleValue';
        value = { kind: 'double', value: jsonDouble(v, field) };
        break;
      case 'bytesValue':
      case 'bytes_value':
        field = 'bytesValue';
        value = { kind: 'bytes', value: jsonBytes(v, field) };
        break;
      case 'arrayValue':
      case 'array_value':
        field = 'arrayValue';
        value = { kind: 'array', values: message(v, field, (a) => anyValues(a.values, depth + 1))! };
        break;
      case 'kvlistValue':
      case 'kvlist_value':
        field = 'kvlistValue';
        value = { kind: 'kvlist', values: message(v, field, (l) => keyValues(l.values, 'values', depth + 1))! };
        break;
      default:
        continue; // unknown fields, and the profiles-only stringValueStrindex, are ignored
    }
    if (result !== undefined) {
      throw new OtlpDecodeError(`both ${resultField} and ${field} are set; an AnyValue holds one value`);
    }
    result = value;
    resultField = field;
  }
  return result ?? { kind: 'empty' };
}

/** A field holding an AnyValue (`KeyValue.value`, `LogRecord.body`): `null` when absent. */
export function anyValueField(value: unknown, field: string, depth: number): T.AnyValue | null {
  const o = jsonObject(value, field);
  if (o === null) return null;
  try {
    return anyValue(o, depth);
  } catch (error) {
    return rethrowUnder(error, field);
  }
}

function anyValues(value: unknown, depth: number): T.AnyValue[] {
  return jsonMessages(value, 'values', (o) => anyValue(o, depth));
}

function keyValue(o: JsonObject, depth: number): T.KeyValue {
  return { key: jsonString(o.key, 'key'), value: anyValueField(o.value, 'value', depth) };
}

function keyValues(value: unknown, field: string, depth: number): T.KeyValue[] {
  return jsonMessages(value, field, (o) => keyValue(o, depth));
}

export function attributes(value: unknown, field = 'attributes'): T.KeyValue[] {
  return keyValues(value, field, 0);
}

export function droppedAttributesCount(o: JsonObject): number {
  return jsonUint32(o.droppedAttributesCount ?? o.dropped_attributes_count, 'droppedAttributesCount');
}

export function resource(o: JsonObject): T.Resource {
  return { attributes: attributes(o.attributes), droppedAttributesCount: droppedAttributesCount(o) };
}

export function scope(o: JsonObject): T.InstrumentationScope {
  return {
    name: jsonString(o.name, 'name'),
    version: jsonString(o.version, 'version'),
    attributes: attributes(o.attributes),
    droppedAttributesCount: droppedAttributesCount(o),
  };
}

export function schemaUrl(o: JsonObject): string {
  return jsonString(o.schemaUrl ?? o.schema_url, 'schemaUrl');
}

export function traceId(o: JsonObject): Uint8Array {
  return idFromHex(jsonString(o.traceId ?? o.trace_id, 'traceId'), 'traceId', TRACE_ID_BYTES);
}

export function spanId(o: JsonObject, field = 'spanId', snake = 'span_id'): Uint8Array {
  return idFromHex(jsonString(o[field] ?? o[snake], field), field, SPAN_ID_BYTES);
}

export function flags(o: JsonObject): number {
  return jsonUint32(o.flags, 'flags');
}

export function startTimeUnixNano(o: JsonObject): bigint {
  return jsonUint64(o.startTimeUnixNano ?? o.start_time_unix_nano, 'startTimeUnixNano');
}

export function timeUnixNano(o: JsonObject): bigint {
  return jsonUint64(o.timeUnixNano ?? o.time_unix_nano, 'timeUnixNano');
}
