import type { AnyValue, KeyValue } from '../otlp/types.js';
import type { MapEntries } from './row.js';

/**
 * The text rule for OTLP `AnyValue`s, used for attribute maps, `metadata` and the log `body`:
 *
 * | value        | text                                                                  |
 * |--------------|-----------------------------------------------------------------------|
 * | string       | as it is                                                              |
 * | bool         | `true` / `false`                                                      |
 * | int          | decimal, exact (from the bigint, never through a double)              |
 * | double       | shortest round-trip form: JS `String(n)` (`0.1`, `1e+21`, `5e-324`),  |
 * |              | except that -0 is `-0` (its sign survives); `NaN`, `Infinity`,        |
 * |              | `-Infinity` for the non-finite values                                 |
 * | bytes        | base64 (standard alphabet, padded)                                    |
 * | array        | compact JSON array of the element values                              |
 * | kvlist       | compact JSON object                                                   |
 * | empty        | NULL (an AnyValue with no field set, or a KeyValue with no value)     |
 *
 * Inside JSON: strings are JSON strings, booleans JSON booleans, ints JSON numbers written from
 * the bigint's digits (exact, even past 2^53), finite doubles JSON numbers (-0 as `-0`),
 * non-finite doubles the strings `"NaN"`, `"Infinity"`, `"-Infinity"` (as the proto3 JSON mapping
 * writes them), bytes base64 strings, empty values `null`.
 *
 * Scalars follow what the Collector's `pcommon.Value.AsString()` produces (its doubles are also
 * formatted "as by ES6 number to string conversion", -0 included); it has no usable text for NaN
 * and infinities, where we write the names that Spark's `CAST(... AS DOUBLE)` and Java read back.
 *
 * Duplicate keys (in an attribute list, `metadata` or a kvlist): every key is kept once, at the
 * position where it first appears, with the value of its last occurrence: the later one wins, as
 * it does when the Collector turns attributes into a map (`AsRaw`) and in `JSON.parse`.
 */

/** The text of a value; `null` for an empty value or a missing one. */
export function anyValueText(value: AnyValue | null): string | null {
  if (value === null) return null;
  switch (value.kind) {
    case 'string':
      return value.value;
    case 'bool':
      return value.value ? 'true' : 'false';
    case 'int':
      return value.value.toString();
    case 'double':
      return doubleText(value.value);
    case 'bytes':
      return base64(value.value);
    case 'array':
      return arrayJson(value.values);
    case 'kvlist':
      return kvlistJson(value.values);
    case 'empty':
      return null;
  }
}

/** An attribute list as a MAP<STRING, STRING> column value (unique keys, first-seen order). */
export function attributesMap(attributes: readonly KeyValue[]): MapEntries {
  return entries(attributes, false);
}

/** A double in shortest round-trip form; see the table above. */
export function doubleText(n: number): string {
  // String(-0) is "0", which would not read back as -0.
  return n === 0 && 1 / n < 0 ? '-0' : String(n);
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** Above this many keys, duplicates are found through a Map instead of a scan of the keys so far. */
const LINEAR_SCAN_LIMIT = 16;

/**
 * The deduplicated entries of a key-value list; the value of each is its text (`json` false) or
 * its JSON (`json` true, for kvlists inside JSON; never null then).
 */
function entries(kvs: readonly KeyValue[], json: boolean): MapEntries {
  const n = kvs.length;
  const out: MapEntries = [];
  const index = n > LINEAR_SCAN_LIMIT ? new Map<string, number>() : null;
  for (let i = 0; i < n; i++) {
    const kv = kvs[i];
    const key = kv.key;
    const value = json ? valueJson(kv.value) : anyValueText(kv.value);
    let at = -1;
    if (index === null) {
      for (let j = 0; j < out.length; j++) {
        if (out[j][0] === key) {
          at = j;
          break;
        }
      }
    } else {
      at = index.get(key) ?? -1;
    }
    if (at >= 0) {
      out[at][1] = value;
    } else {
      index?.set(key, out.length);
      out.push([key, value]);
    }
  }
  return out;
}

function arrayJson(values: readonly AnyValue[]): string {
  let s = '[';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) s += ',';
    s += valueJson(values[i]);
  }
  return s + ']';
}

function kvlistJson(kvs: readonly KeyValue[]): string {
  const fields = entries(kvs, true);
  let s = '{';
  for (let i = 0; i < fields.length; i++) {
    if (i > 0) s += ',';
    s += JSON.stringify(fields[i][0]) + ':' + fields[i][1];
  }
  return s + '}';
}

function valueJson(value: AnyValue | null): string {
  if (value === null) return 'null';
  switch (value.kind) {
    case 'string':
      return JSON.stringify(value.value);
    case 'bool':
      return value.value ? 'true' : 'false';
    case 'int':
      return value.value.toString();
    case 'double':
      return Number.isFinite(value.value) ? doubleText(value.value) : '"' + String(value.value) + '"';
    case 'bytes':
      return '"' + base64(value.value) + '"';
    case 'array':
      return arrayJson(value.values);
    case 'kvlist':
      return kvlistJson(value.values);
    case 'empty':
      return 'null';
  }
}
