import type { ColumnType, Field, PrimitiveName } from '../../../schema/types.js';

/**
 * The Parquet schema of a column tree, in the layout Spark writes for the same Delta schema
 * (PROTOCOL.md "Delta Data Type to Parquet Type Mappings", the Parquet LogicalTypes spec):
 *
 * - every column and nested field is `optional` (Spark writes Delta data that way);
 * - ARRAY → the 3-level LIST: `optional group x (LIST) { repeated group list { optional element } }`;
 * - MAP → `optional group x (MAP) { repeated group key_value { required key; optional value } }`;
 * - STRING → BYTE_ARRAY annotated UTF8 / STRING, LONG → INT64, INT → INT32.
 */

/** parquet.thrift `Type`. */
export const PhysicalType = { BOOLEAN: 0, INT32: 1, INT64: 2, DOUBLE: 5, BYTE_ARRAY: 6 } as const;
/** parquet.thrift `FieldRepetitionType`. */
export const Repetition = { REQUIRED: 0, OPTIONAL: 1, REPEATED: 2 } as const;
/** parquet.thrift `ConvertedType`. */
export const ConvertedType = { UTF8: 0, MAP: 1, LIST: 3 } as const;

export interface SchemaElement {
  name: string;
  repetition: number | null;
  physical: number | null;
  converted: number | null;
  /** `LogicalType` union member (1 STRING, 2 MAP, 3 LIST), when annotated. */
  logical: number | null;
  children: number;
}

/** One leaf column: where its values sit in the tree and how many levels it has. */
export interface Leaf {
  /** `path_in_schema`. */
  path: string[];
  /** For messages: the column's name, then the nested field names (`resource.attributes.key`). */
  name: string;
  primitive: PrimitiveName;
  physical: number;
  maxDef: number;
  maxRep: number;
  /** A map key: `required`, a null is an error. */
  required: boolean;
}

export interface ParquetSchema {
  /** Depth-first, the root first, as `FileMetaData.schema` lists them. */
  elements: SchemaElement[];
  leaves: Leaf[];
}

const PHYSICAL: Record<PrimitiveName, number> = {
  string: PhysicalType.BYTE_ARRAY,
  long: PhysicalType.INT64,
  int: PhysicalType.INT32,
  double: PhysicalType.DOUBLE,
  boolean: PhysicalType.BOOLEAN,
};

const cache = new WeakMap<readonly Field[], ParquetSchema>();

export function parquetSchema(columns: readonly Field[]): ParquetSchema {
  let schema = cache.get(columns);
  if (!schema) {
    schema = build(columns);
    cache.set(columns, schema);
  }
  return schema;
}

function build(columns: readonly Field[]): ParquetSchema {
  const elements: SchemaElement[] = [
    { name: 'spark_schema', repetition: null, physical: null, converted: null, logical: null, children: columns.length },
  ];
  const leaves: Leaf[] = [];
  const group = (name: string, repetition: number, children: number, converted: number | null = null, logical: number | null = null) =>
    elements.push({ name, repetition, physical: null, converted, logical, children });

  const visit = (name: string, type: ColumnType, path: string[], shown: string, def: number, rep: number, repetition: number): void => {
    const here = [...path, name];
    const display = shown === '' ? name : `${shown}.${name}`;
    const optional = repetition === Repetition.OPTIONAL ? 1 : 0;
    switch (type.kind) {
      case 'primitive': {
        const utf8 = type.name === 'string';
        elements.push({
          name,
          repetition,
          physical: PHYSICAL[type.name],
          converted: utf8 ? ConvertedType.UTF8 : null,
          logical: utf8 ? 1 : null,
          children: 0,
        });
        leaves.push({
          path: here,
          name: display,
          primitive: type.name,
          physical: PHYSICAL[type.name],
          maxDef: def + optional,
          maxRep: rep,
          required: repetition === Repetition.REQUIRED,
        });
        return;
      }
      case 'struct':
        group(name, repetition, type.fields.length);
        for (const f of type.fields) visit(f.name, f.type, here, display, def + optional, rep, Repetition.OPTIONAL);
        return;
      case 'array':
        group(name, repetition, 1, ConvertedType.LIST, 3);
        group('list', Repetition.REPEATED, 1);
        visit('element', type.element, [...here, 'list'], display, def + optional + 1, rep + 1, Repetition.OPTIONAL);
        return;
      case 'map':
        if (type.key.kind !== 'primitive' || type.key.name !== 'string') throw new TypeError(`column ${display}: only MAP<STRING, ...> is supported`);
        group(name, repetition, 1, ConvertedType.MAP, 2);
        group('key_value', Repetition.REPEATED, 2);
        visit('key', type.key, [...here, 'key_value'], display, def + optional + 1, rep + 1, Repetition.REQUIRED);
        visit('value', type.value, [...here, 'key_value'], display, def + optional + 1, rep + 1, Repetition.OPTIONAL);
        return;
    }
  };
  for (const c of columns) visit(c.name, c.type, [], '', 0, 0, Repetition.OPTIONAL);
  return { elements, leaves };
}
