import {
  Bool,
  type DataType,
  Field as ArrowField,
  Float64,
  Int32,
  Int64,
  List,
  Map_,
  Schema,
  Struct,
  Utf8,
} from 'apache-arrow';
import type { ColumnType, Field } from '../../src/schema/types.js';

/**
 * The Arrow types of the v1 columns, chosen so that arrow-rs (inside parquet-wasm) writes the
 * Parquet layout Spark writes for the same Delta schema:
 *
 * - every column and nested field is nullable (Spark writes `optional` everywhere for Delta data);
 * - ARRAY → the standard 3-level LIST (`repeated group list { optional element }`): arrow-rs always
 *   names the repeated group `list` and takes the element's name from the Arrow child field;
 * - MAP → `repeated group key_value { required key; optional value }`: arrow-rs takes the group name
 *   from the Arrow entries field, which must therefore be called `key_value`, and map keys are
 *   non-nullable (Arrow and Parquet both require it).
 *
 * See the Parquet LogicalTypes spec (LIST, MAP) and PROTOCOL.md "Delta Data Type to Parquet Type
 * Mappings".
 */
export function arrowType(type: ColumnType): DataType {
  switch (type.kind) {
    case 'primitive':
      switch (type.name) {
        case 'string':
          return new Utf8();
        case 'long':
          return new Int64();
        case 'int':
          return new Int32();
        case 'double':
          return new Float64();
        case 'boolean':
          return new Bool();
      }
      break;
    case 'struct':
      return new Struct(type.fields.map((f) => arrowField(f.name, f.type)));
    case 'array':
      return new List(arrowField('element', type.element));
    case 'map': {
      const entries = new Struct([arrowField('key', type.key, false), arrowField('value', type.value)]);
      const map = new Map_(new ArrowField('entries', entries, false));
      // apache-arrow's constructor forces the entries field's name to `entries` (ARROW-8716); put
      // the Parquet name in its place, since arrow-rs copies it into the file schema.
      map.children[0] = new ArrowField('key_value', entries, false);
      return map;
    }
  }
  throw new TypeError(`unknown column type ${JSON.stringify(type)}`);
}

export function arrowField(name: string, type: ColumnType, nullable = true): ArrowField {
  return new ArrowField(name, arrowType(type), nullable);
}

export function arrowSchema(columns: readonly Field[]): Schema {
  return new Schema(columns.map((c) => arrowField(c.name, c.type)));
}
