import { mapRepeated, OtlpDecodeError } from './decode-error.js';
import { NO_BYTES } from './ids.js';

/**
 * Field readers for OTLP/JSON, after the proto3 JSON mapping that OTLP/JSON follows (OTLP
 * specification, "JSON Protobuf Encoding"; protobuf documentation, "ProtoJSON Format"):
 *
 * - `null` stands for the field's default value, like an absent field.
 * - Every integer type accepts a JSON number or a decimal string; 64-bit values are exact (long
 *   number literals reach these readers as strings, see `json-bigint.ts`).
 * - `double` accepts a number, a numeric string, or "NaN", "Infinity", "-Infinity".
 * - Enums accept the number (also in a string) or the value's name.
 * - `bytes` are base64, standard or URL-safe, with or without padding.
 *
 * Each reader takes the value and the field's name (its lowerCamelCase JSON name), and throws an
 * OtlpDecodeError whose path is that name when the value has the wrong type.
 */

export type JsonObject = Record<string, unknown>;

const UINT32_MAX = 0xffff_ffff;
const INT32_MIN = -0x8000_0000;
const INT32_MAX = 0x7fff_ffff;
const UINT64_MAX = 2n ** 64n - 1n;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

const UNSIGNED_DECIMAL = /^\d+$/;
const SIGNED_DECIMAL = /^-?\d+$/;
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short description of a JSON value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'object':
      return 'an object';
    case 'string':
      return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    default:
      return String(value);
  }
}

function wrongType(expected: string, value: unknown, field: string): OtlpDecodeError {
  return new OtlpDecodeError(`expected ${expected}, got ${describe(value)}`, { path: field });
}

function outOfRange(value: unknown, type: string, field: string): OtlpDecodeError {
  return new OtlpDecodeError(`${describe(value)} is out of range for ${type}`, { path: field });
}

// ---- messages and lists ----

/** A singular message field: the object, or `null` when absent. */
export function jsonObject(value: unknown, field: string): JsonObject | null {
  if (value === undefined || value === null) return null;
  if (isJsonObject(value)) return value;
  throw wrongType('an object', value, field);
}

/** A repeated field: its elements, `[]` when absent. */
export function jsonArray(value: unknown, field: string): readonly unknown[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  throw wrongType('an array', value, field);
}

/** A repeated message field, converted element by element. */
export function jsonMessages<T>(value: unknown, field: string, convert: (message: JsonObject) => T): T[] {
  return mapRepeated(jsonArray(value, field), field, (item) => {
    if (isJsonObject(item)) return convert(item);
    throw wrongType('an object', item, '');
  });
}

/** A repeated scalar field, read element by element. */
export function jsonScalars<T>(value: unknown, field: string, read: (value: unknown, field: string) => T): T[] {
  return mapRepeated(jsonArray(value, field), field, (item) => read(item, ''));
}

// ---- scalars ----

/**
 * A `string` field. JSON text can spell a lone UTF-16 surrogate (`"\uD800"`), which is no Unicode
 * character: it has no UTF-8 form, so it would reach the table as U+FFFD, while the same string
 * sent as protobuf is invalid UTF-8 and refused (protobuf requires UTF-8 in `string` fields; RFC
 * 8259 §8.2 leaves such JSON strings' meaning unpredictable). Both encodings refuse it.
 * `isWellFormed` returns at once for strings without a surrogate code unit, which JSON.parse gives
 * for all-ASCII and Latin-1 text, so the hot path pays nothing.
 */
export function jsonString(value: unknown, field: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') {
    if (!(value as unknown as WellFormedCheck).isWellFormed()) throw loneSurrogate(value, field);
    return value;
  }
  throw wrongType('a string', value, field);
}

/** `String.prototype.isWellFormed` (ES2024, in Node 20's V8), which the ES2023 lib does not declare. */
interface WellFormedCheck {
  isWellFormed(): boolean;
}

function loneSurrogate(value: string, field: string): OtlpDecodeError {
  let at = 0;
  for (; at < value.length; at++) {
    const unit = value.charCodeAt(at);
    if (unit < 0xd800 || unit > 0xdfff) continue;
    const next = value.charCodeAt(at + 1);
    if (unit > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) break;
    at++; // a pair
  }
  const unit = value.charCodeAt(at).toString(16).toUpperCase();
  return new OtlpDecodeError(
    `the string has a lone surrogate (\\u${unit} at character ${at}), which is not Unicode text; ` +
      'escape a character beyond U+FFFF as a pair (high surrogate, then low) or send the character itself',
    { path: field },
  );
}

export function jsonBool(value: unknown, field: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  throw wrongType('true or false', value, field);
}

export function jsonUint32(value: unknown, field: string): number {
  const n = smallInteger(value, field, UNSIGNED_DECIMAL);
  if (n < 0 || n > UINT32_MAX) throw outOfRange(value, 'uint32', field);
  return n >>> 0; // also turns -0 into 0
}

export function jsonInt32(value: unknown, field: string): number {
  const n = smallInteger(value, field, SIGNED_DECIMAL);
  if (n < INT32_MIN || n > INT32_MAX) throw outOfRange(value, 'int32', field);
  return n | 0;
}

export function jsonUint64(value: unknown, field: string): bigint {
  const n = bigInteger(value, field, UNSIGNED_DECIMAL);
  if (n < 0n || n > UINT64_MAX) throw outOfRange(value, 'uint64', field);
  return n;
}

export function jsonInt64(value: unknown, field: string): bigint {
  const n = bigInteger(value, field, SIGNED_DECIMAL);
  if (n < INT64_MIN || n > INT64_MAX) throw outOfRange(value, 'int64', field);
  return n;
}

export function jsonDouble(value: unknown, field: string): number {
  if (value === undefined || value === null) return 0;
  return presentDouble(value, field);
}

/** A proto3 `optional double`: `null` when absent, so that an absent value differs from 0. */
export function jsonOptionalDouble(value: unknown, field: string): number | null {
  if (value === undefined || value === null) return null;
  return presentDouble(value, field);
}

/**
 * An enum field, by number or by name (a number in a string is taken too, as Python's protobuf
 * JSON parser does). Numbers outside the enum are kept, as proto3 keeps unknown enum values.
 */
export function jsonEnum(value: unknown, field: string, values: ReadonlyMap<string, number>): number {
  if (typeof value === 'string' && !SIGNED_DECIMAL.test(value)) {
    const number = values.get(value);
    if (number !== undefined) return number;
    const example = [...values.keys()][1] ?? '';
    throw new OtlpDecodeError(`${describe(value)} is not a value of this enum (e.g. ${example} or its number)`, {
      path: field,
    });
  }
  return jsonInt32(value, field);
}

export function jsonBytes(value: unknown, field: string): Uint8Array {
  if (value === undefined || value === null) return NO_BYTES;
  if (typeof value !== 'string') throw wrongType('a base64 string', value, field);
  if (!BASE64.test(value) || value.replace(/=+$/, '').length % 4 === 1) {
    throw wrongType('a base64 string', value, field);
  }
  return value.length === 0 ? NO_BYTES : new Uint8Array(Buffer.from(value, 'base64'));
}

// ---- helpers ----

/** A 32-bit integer field's value before its range check, from a number or a decimal string. */
function smallInteger(value: unknown, field: string, decimal: RegExp): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  // A string too long for a double to hold exactly is far out of 32-bit range anyway.
  if (typeof value === 'string' && decimal.test(value)) return Number(value);
  throw wrongType('an integer', value, field);
}

/** A 64-bit integer, from a number (which JSON.parse left exact only if it is safe) or a string. */
function bigInteger(value: unknown, field: string, decimal: RegExp): bigint {
  if (value === undefined || value === null) return 0n;
  if (typeof value === 'string' && decimal.test(value)) return BigInt(value);
  if (typeof value === 'number' && Number.isInteger(value)) {
    if (Number.isSafeInteger(value)) return BigInt(value);
    // Long literals were quoted before parsing, so this is a number written with an exponent.
    const problem = `${value} is beyond 2^53 and was not written as an exact integer; send it as a decimal string`;
    throw new OtlpDecodeError(problem, { path: field });
  }
  throw wrongType('an integer', value, field);
}

function presentDouble(value: unknown, field: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    if (value === 'NaN') return NaN;
    if (value === 'Infinity') return Infinity;
    if (value === '-Infinity') return -Infinity;
    if (JSON_NUMBER.test(value)) return Number(value);
  }
  throw wrongType('a number', value, field);
}
