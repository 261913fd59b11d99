import {
  type Bool,
  type Data,
  type DataType,
  type Float64,
  type Int32,
  type Int64,
  type List,
  type Map_,
  makeData,
  RecordBatch,
  Struct,
  type Utf8,
} from 'apache-arrow';
import type { Row, RowValue } from '../../src/rows/row.js';
import type { ColumnType, Field } from '../../src/schema/types.js';
import { arrowSchema } from './arrow-types.js';
import { BigInt64Buffer, BitBuffer, Float64Buffer, Int32Buffer, Utf8Buffer } from './buffers.js';

/**
 * Builds Arrow arrays straight from rows that follow the conventions of `src/rows/row.ts`
 * (LONG bigint, INT number, MAP as `[key, value]` pairs, ...), one builder per node of the
 * column type tree. A value of the wrong JS type is a bug upstream (a LONG as a JS number has
 * already lost precision), so it throws a TypeError naming the column instead of being coerced.
 */
export interface ColumnBuilder {
  /** `undefined` (a missing key) is taken as null. */
  append(value: RowValue | undefined): void;
  finish(): Data;
}

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function mismatch(path: string, expected: string, value: unknown): TypeError {
  return new TypeError(`column ${path}: expected ${expected}, got ${describe(value)}`);
}

/** The validity bitmap of a builder, handed to Arrow only when there is a null. */
function nulls(validity: BitBuffer): { nullCount: number; nullBitmap?: Uint8Array } {
  return validity.unset === 0 ? { nullCount: 0 } : { nullCount: validity.unset, nullBitmap: validity.finish() };
}

class Int64Builder implements ColumnBuilder {
  private readonly validity: BitBuffer;
  private readonly values: BigInt64Buffer;
  constructor(private readonly type: DataType, private readonly path: string, capacity: number) {
    this.validity = new BitBuffer(capacity);
    this.values = new BigInt64Buffer(capacity);
  }
  append(value: RowValue | undefined): void {
    if (value === null || value === undefined) {
      this.validity.push(false);
      this.values.push(0n);
    } else if (typeof value === 'bigint') {
      if (value < INT64_MIN || value > INT64_MAX) throw mismatch(this.path, 'a bigint in the int64 range', value);
      this.validity.push(true);
      this.values.push(value);
    } else {
      throw mismatch(this.path, 'bigint (LONG)', value);
    }
  }
  finish(): Data {
    const data = this.values.finish();
    return makeData({ type: this.type as Int64, length: data.length, ...nulls(this.validity), data });
  }
}

class Int32Builder implements ColumnBuilder {
  private readonly validity: BitBuffer;
  private readonly values: Int32Buffer;
  constructor(private readonly type: DataType, private readonly path: string, capacity: number) {
    this.validity = new BitBuffer(capacity);
    this.values = new Int32Buffer(capacity);
  }
  append(value: RowValue | undefined): void {
    if (value === null || value === undefined) {
      this.validity.push(false);
      this.values.push(0);
    } else if (typeof value === 'number' && Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX) {
      this.validity.push(true);
      this.values.push(value);
    } else {
      throw mismatch(this.path, 'a 32-bit integer number (INT)', value);
    }
  }
  finish(): Data {
    const data = this.values.finish();
    return makeData({ type: this.type as Int32, length: data.length, ...nulls(this.validity), data });
  }
}

class Float64Builder implements ColumnBuilder {
  private readonly validity: BitBuffer;
  private readonly values: Float64Buffer;
  constructor(private readonly type: DataType, private readonly path: string, capacity: number) {
    this.validity = new BitBuffer(capacity);
    this.values = new Float64Buffer(capacity);
  }
  append(value: RowValue | undefined): void {
    if (value === null || value === undefined) {
      this.validity.push(false);
      this.values.push(0);
    } else if (typeof value === 'number') {
      this.validity.push(true);
      this.values.push(value);
    } else {
      throw mismatch(this.path, 'number (DOUBLE)', value);
    }
  }
  finish(): Data {
    const data = this.values.finish();
    return makeData({ type: this.type as Float64, length: data.length, ...nulls(this.validity), data });
  }
}

class BoolBuilder implements ColumnBuilder {
  private readonly validity: BitBuffer;
  private readonly values: BitBuffer;
  constructor(private readonly type: DataType, private readonly path: string, capacity: number) {
    this.validity = new BitBuffer(capacity);
    this.values = new BitBuffer(capacity);
  }
  append(value: RowValue | undefined): void {
    if (value === null || value === undefined) {
      this.validity.push(false);
      this.values.push(false);
    } else if (typeof value === 'boolean') {
      this.validity.push(true);
      this.values.push(value);
    } else {
      throw mismatch(this.path, 'boolean (BOOLEAN)', value);
    }
  }
  finish(): Data {
    const length = this.values.length;
    return makeData({ type: this.type as Bool, length, ...nulls(this.validity), data: this.values.finish() });
  }
}

class Utf8Builder implements ColumnBuilder {
  private readonly validity: BitBuffer;
  private readonly offsets: Int32Buffer;
  private readonly bytes = new Utf8Buffer();
  constructor(
    private readonly type: DataType,
    private readonly path: string,
    capacity: number,
    private readonly nullable = true,
  ) {
    this.validity = new BitBuffer(capacity);
    this.offsets = new Int32Buffer(capacity + 1);
    this.offsets.push(0);
  }
  append(value: RowValue | undefined): void {
    if (typeof value === 'string') {
      this.validity.push(true);
      const end = this.bytes.push(value);
      // Utf8 offsets are Int32: one array can hold at most 2 GiB of text.
      if (end > INT32_MAX) throw new RangeError(`column ${this.path}: more than 2 GiB of text in one batch`);
      this.offsets.push(end);
    } else if ((value === null || value === undefined) && this.nullable) {
      this.validity.push(false);
      this.offsets.push(this.bytes.length);
    } else {
      throw mismatch(this.path, this.nullable ? 'string (STRING)' : 'a non-null string', value);
    }
  }
  finish(): Data {
    const valueOffsets = this.offsets.finish();
    return makeData({
      type: this.type as Utf8,
      length: valueOffsets.length - 1,
      ...nulls(this.validity),
      valueOffsets,
      data: this.bytes.finish(),
    });
  }
}

class StructBuilder implements ColumnBuilder {
  private readonly validity: BitBuffer;
  private readonly children: ColumnBuilder[];
  private readonly names: string[];
  constructor(private readonly type: DataType, fields: readonly Field[], private readonly path: string, capacity: number) {
    this.validity = new BitBuffer(capacity);
    this.names = fields.map((f) => f.name);
    this.children = fields.map((f, i) =>
      columnBuilder(f.type, type.children[i].type, `${path}.${f.name}`, capacity),
    );
  }
  append(value: RowValue | undefined): void {
    const { children, names } = this;
    if (value === null || value === undefined) {
      // Arrow children keep the parent's length; their slots under a null parent are ignored.
      this.validity.push(false);
      for (let i = 0; i < children.length; i++) children[i].append(null);
    } else if (typeof value === 'object' && !Array.isArray(value)) {
      this.validity.push(true);
      for (let i = 0; i < children.length; i++) children[i].append(value[names[i]]);
    } else {
      throw mismatch(this.path, 'object (STRUCT)', value);
    }
  }
  finish(): Data {
    return makeData({
      type: this.type as Struct,
      length: this.validity.length,
      ...nulls(this.validity),
      children: this.children.map((c) => c.finish()),
    });
  }
}

class ListBuilder implements ColumnBuilder {
  private readonly validity: BitBuffer;
  private readonly offsets: Int32Buffer;
  private readonly element: ColumnBuilder;
  private count = 0;
  constructor(private readonly type: DataType, element: ColumnType, private readonly path: string, capacity: number) {
    this.validity = new BitBuffer(capacity);
    this.offsets = new Int32Buffer(capacity + 1);
    this.offsets.push(0);
    this.element = columnBuilder(element, type.children[0].type, `${path}[]`, capacity);
  }
  append(value: RowValue | undefined): void {
    if (value === null || value === undefined) {
      this.validity.push(false);
    } else if (Array.isArray(value)) {
      this.validity.push(true);
      for (let i = 0; i < value.length; i++) this.element.append(value[i]);
      this.count += value.length;
    } else {
      throw mismatch(this.path, 'array (ARRAY)', value);
    }
    this.offsets.push(this.count);
  }
  finish(): Data {
    const valueOffsets = this.offsets.finish();
    return makeData({
      type: this.type as List,
      length: valueOffsets.length - 1,
      ...nulls(this.validity),
      valueOffsets,
      child: this.element.finish(),
    });
  }
}

class MapBuilder implements ColumnBuilder {
  private readonly validity: BitBuffer;
  private readonly offsets: Int32Buffer;
  private readonly keys: ColumnBuilder;
  private readonly values: ColumnBuilder;
  private count = 0;
  constructor(private readonly type: DataType, map: { key: ColumnType; value: ColumnType }, private readonly path: string, capacity: number) {
    if (map.key.kind !== 'primitive' || map.key.name !== 'string') {
      throw new TypeError(`column ${path}: only MAP<STRING, ...> is supported`);
    }
    const entries = type.children[0].type;
    this.validity = new BitBuffer(capacity);
    this.offsets = new Int32Buffer(capacity + 1);
    this.offsets.push(0);
    this.keys = new Utf8Builder(entries.children[0].type, `${path}.key`, capacity, false);
    this.values = columnBuilder(map.value, entries.children[1].type, `${path}.value`, capacity);
  }
  append(value: RowValue | undefined): void {
    if (value === null || value === undefined) {
      this.validity.push(false);
    } else if (Array.isArray(value)) {
      this.validity.push(true);
      for (let i = 0; i < value.length; i++) {
        const entry = value[i];
        if (!Array.isArray(entry) || entry.length !== 2) throw mismatch(this.path, '[key, value] pairs (MAP)', entry);
        this.keys.append(entry[0]);
        this.values.append(entry[1]);
      }
      this.count += value.length;
    } else {
      throw mismatch(this.path, 'array of [key, value] pairs (MAP)', value);
    }
    this.offsets.push(this.count);
  }
  finish(): Data {
    const valueOffsets = this.offsets.finish();
    const entriesType = this.type.children[0].type as Struct;
    const keys = this.keys.finish();
    const entries = makeData({
      type: entriesType,
      length: keys.length,
      nullCount: 0,
      children: [keys, this.values.finish()],
    });
    return makeData({
      type: this.type as Map_,
      length: valueOffsets.length - 1,
      ...nulls(this.validity),
      valueOffsets,
      child: entries,
    });
  }
}

/**
 * A builder for one column. `arrow` is the Arrow type `arrowType(type)` made for it: the builder
 * walks both trees together, so that the `Data` it returns carries exactly the schema's types
 * (field names included).
 */
export function columnBuilder(type: ColumnType, arrow: DataType, path: string, capacity: number): ColumnBuilder {
  switch (type.kind) {
    case 'primitive':
      switch (type.name) {
        case 'long':
          return new Int64Builder(arrow, path, capacity);
        case 'int':
          return new Int32Builder(arrow, path, capacity);
        case 'double':
          return new Float64Builder(arrow, path, capacity);
        case 'boolean':
          return new BoolBuilder(arrow, path, capacity);
        case 'string':
          return new Utf8Builder(arrow, path, capacity);
      }
      break;
    case 'struct':
      return new StructBuilder(arrow, type.fields, path, capacity);
    case 'array':
      return new ListBuilder(arrow, type.element, path, capacity);
    case 'map':
      return new MapBuilder(arrow, type, path, capacity);
  }
  throw new TypeError(`column ${path}: unknown column type ${JSON.stringify(type)}`);
}

/** One Arrow record batch holding `rows` in the layout of `columns`. */
export function recordBatchOf(columns: readonly Field[], rows: readonly Row[]): RecordBatch {
  const schema = arrowSchema(columns);
  const builders = columns.map((c, i) => columnBuilder(c.type, schema.fields[i].type, c.name, rows.length));
  const names = columns.map((c) => c.name);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    for (let c = 0; c < builders.length; c++) builders[c].append(row[names[c]]);
  }
  const children = builders.map((b) => b.finish());
  // A record batch is a non-null struct of its columns.
  const data = makeData({ type: new Struct(schema.fields), length: rows.length, nullCount: 0, children });
  return new RecordBatch(schema, data);
}
