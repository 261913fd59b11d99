import type { AnyValue, KeyValue } from '../../otlp/types.js';
import { anyValueText, doubleText } from '../any-value.js';
import type { MapEntries } from '../row.js';
import type { EntryList } from './entries.js';
import { entry, FALSE_ID, cachedDoubleText, lastTextId, NULL_ID, smallIntText, TRUE_ID } from './interned.js';
import { int64BigInt, int64Text, MAX_DEPTH, type Reader, WireError } from './reader.js';
import { SeenSpans } from './seen.js';

export { closeEntries, openEntries } from './entries.js';

/**
 * AnyValue and KeyValue (opentelemetry/proto/common/v1/common.proto), read straight into the text
 * rule of `src/rows/any-value.ts`:
 *
 *   AnyValue  { oneof value { string string_value = 1; bool bool_value = 2; int64 int_value = 3;
 *               double double_value = 4; ArrayValue array_value = 5; KeyValueList kvlist_value = 6;
 *               bytes bytes_value = 7; int32 string_value_strindex = 8; } }
 *   ArrayValue   { repeated AnyValue values = 1; }
 *   KeyValueList { repeated KeyValue values = 1; }
 *   KeyValue     { string key = 1; AnyValue value = 2; int32 key_strindex = 3; }
 *
 * Scalars (nearly every value) become their text without any object. Arrays and kvlists are rare:
 * they are decoded into the AnyValue objects of `types.ts` and handed to the existing helper, so the
 * JSON they become is the old path's by construction.
 *
 * Oneof: the member that comes last on the wire wins (protobuf's rule), every member being fully
 * read (and checked) as it comes. `string_value_strindex` is for profiles only: like the old path,
 * it reads as an empty value.
 */

const ANY_VALUE = 'AnyValue';
const ANY_VALUE_FIELDS = 0b1_1111_1110; // 1..8
const LIST_FIELDS = 0b10; // ArrayValue / KeyValueList: values = 1
const KEY_VALUE = 'KeyValue';
const KEY_VALUE_FIELDS = 0b1110; // 1..3

export function checkDepth(depth: number): void {
  if (depth > MAX_DEPTH) throw new WireError('maximum nesting depth exceeded');
}

/**
 * The text of the AnyValue message at `r.pos` (a length-delimited field); null when empty. Leaves in
 * `r.textId` the `interned.ts` id of the text (-1 when it has none).
 */
export function readAnyValueText(r: Reader, depth: number): string | null {
  checkDepth(depth);
  const outer = r.enter();
  const end = r.limit;
  let text: string | null = null;
  let id = NULL_ID;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case (1 << 3) | 2: // string_value = 1, string
        text = r.string();
        id = r.textId;
        break;
      case (2 << 3) | 0: // bool_value = 2, bool (protobufjs reads a bool as `uint32() !== 0`: the low 32 bits)
        if (r.uint32() !== 0) {
          text = 'true';
          id = TRUE_ID;
        } else {
          text = 'false';
          id = FALSE_ID;
        }
        break;
      case (3 << 3) | 0: { // int_value = 3, int64
        // int_value (int64)
        const lo = r.varint64();
        if (r.hi === 0 && lo < 0x80000000) {
          text = smallIntText(lo);
          id = lastTextId;
        } else {
          text = int64Text(lo, r.hi);
          id = -1;
        }
        break;
      }
      case (4 << 3) | 1: { // double_value = 4, double
        // double_value
        const x = r.doubleBits();
        text = cachedDoubleText(x, r.bitsLo, r.bitsHi, doubleText);
        id = lastTextId;
        break;
      }
      case (5 << 3) | 2: // array_value = 5, ArrayValue
        text = anyValueText({ kind: 'array', values: readArrayValues(r, depth + 1) });
        id = -1;
        break;
      case (6 << 3) | 2: // kvlist_value = 6, KeyValueList
        text = anyValueText({ kind: 'kvlist', values: readKeyValueList(r, depth + 1) });
        id = -1;
        break;
      case (7 << 3) | 2: // bytes_value = 7, bytes
        text = r.base64();
        id = -1;
        break;
      case (8 << 3) | 0: // string_value_strindex = 8, int32: an empty value outside profiles
        r.uint32();
        text = null;
        id = NULL_ID;
        break;
      default:
        r.skip(tag, depth, ANY_VALUE_FIELDS, ANY_VALUE);
    }
  }
  r.leave(outer);
  r.textId = id;
  return text;
}

/** KeyValues met earlier in the body, and the entry each made (with its key's string-table slot). */
const seen = new SeenSpans(12);
const seenEntry: MapEntries = new Array<[string, string | null]>(seen.size).fill(['', null]);
const seenKeySlot = new Int32Array(seen.size);

/**
 * Reads one KeyValue (a length-delimited field at `r.pos`, at `depth`) and appends its `[key, text]`
 * entry to `list`. Duplicate keys are resolved once the list is complete, by `closeEntries`.
 */
export function readAttribute(r: Reader, depth: number, list: EntryList): void {
  checkDepth(depth);
  const outer = r.enter();
  const start = r.pos;
  const end = r.limit;
  const slot = seen.slotOf(r, start, end);
  if (seen.holds(r, slot, start, end, depth)) {
    r.pos = end;
    r.leave(outer);
    list.add(seenEntry[slot], seenKeySlot[slot]);
    return;
  }
  let key = '';
  let keyId = -1;
  let keySlot = -1;
  let text: string | null = null;
  let textId = NULL_ID;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case (1 << 3) | 2: // key = 1, string
        key = r.string();
        keyId = r.textId;
        keySlot = r.textSlot;
        break;
      case (2 << 3) | 2: // value = 2, AnyValue (a message field sent twice: the last one replaces the other)
        text = readAnyValueText(r, depth + 1);
        textId = r.textId;
        break;
      case (3 << 3) | 0: // key_strindex = 3, int32: profiles only
        r.uint32();
        break;
      default:
        r.skip(tag, depth, KEY_VALUE_FIELDS, KEY_VALUE);
    }
  }
  r.leave(outer);
  if (key === '') keyId = NULL_ID; // the empty key (absent or "") is always the same string
  const kv = entry(key, keyId, text, textId);
  seen.remember(r, slot, start, end, depth);
  seenEntry[slot] = kv;
  seenKeySlot[slot] = keySlot;
  list.add(kv, keySlot);
}

// ---- the generic form, for arrays and kvlists ----

function readArrayValues(r: Reader, depth: number): AnyValue[] {
  checkDepth(depth);
  const outer = r.enter();
  const end = r.limit;
  const values: AnyValue[] = [];
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === ((1 << 3) | 2)) values.push(readAnyValue(r, depth + 1)); // repeated values = 1, AnyValue
    else r.skip(tag, depth, LIST_FIELDS, 'ArrayValue');
  }
  r.leave(outer);
  return values;
}

function readKeyValueList(r: Reader, depth: number): KeyValue[] {
  checkDepth(depth);
  const outer = r.enter();
  const end = r.limit;
  const values: KeyValue[] = [];
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === ((1 << 3) | 2)) values.push(readKeyValue(r, depth + 1)); // repeated values = 1, KeyValue
    else r.skip(tag, depth, LIST_FIELDS, 'KeyValueList');
  }
  r.leave(outer);
  return values;
}

/** A KeyValue as the object of `types.ts`. */
export function readKeyValue(r: Reader, depth: number): KeyValue {
  checkDepth(depth);
  const outer = r.enter();
  const end = r.limit;
  let key = '';
  let value: AnyValue | null = null;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case (1 << 3) | 2: // key = 1, string
        key = r.string();
        break;
      case (2 << 3) | 2: // value = 2, AnyValue
        value = readAnyValue(r, depth + 1);
        break;
      case (3 << 3) | 0: // key_strindex = 3, int32
        r.uint32();
        break;
      default:
        r.skip(tag, depth, KEY_VALUE_FIELDS, KEY_VALUE);
    }
  }
  r.leave(outer);
  return { key, value };
}

const EMPTY: AnyValue = { kind: 'empty' };

/** An AnyValue as the object of `types.ts`. */
export function readAnyValue(r: Reader, depth: number): AnyValue {
  checkDepth(depth);
  const outer = r.enter();
  const end = r.limit;
  let value: AnyValue = EMPTY;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case (1 << 3) | 2: // string_value = 1, string
        value = { kind: 'string', value: r.string() };
        break;
      case (2 << 3) | 0: // bool_value = 2, bool
        value = { kind: 'bool', value: r.uint32() !== 0 };
        break;
      case (3 << 3) | 0: { // int_value = 3, int64
        const lo = r.varint64();
        value = { kind: 'int', value: int64BigInt(lo, r.hi) };
        break;
      }
      case (4 << 3) | 1: // double_value = 4, double
        value = { kind: 'double', value: r.double() };
        break;
      case (5 << 3) | 2: // array_value = 5, ArrayValue
        value = { kind: 'array', values: readArrayValues(r, depth + 1) };
        break;
      case (6 << 3) | 2: // kvlist_value = 6, KeyValueList
        value = { kind: 'kvlist', values: readKeyValueList(r, depth + 1) };
        break;
      case (7 << 3) | 2: // bytes_value = 7, bytes
        value = { kind: 'bytes', value: r.bytesView() };
        break;
      case (8 << 3) | 0: // string_value_strindex = 8, int32
        r.uint32();
        value = EMPTY;
        break;
      default:
        r.skip(tag, depth, ANY_VALUE_FIELDS, ANY_VALUE);
    }
  }
  r.leave(outer);
  return value;
}
