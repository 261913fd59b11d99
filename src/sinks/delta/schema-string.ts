import type { ColumnType, Field, PrimitiveName } from '../../schema/types.js';

/**
 * The table schema as Delta records it in `metaData.schemaString`: Spark's StructType JSON
 * (PROTOCOL.md "Schema Serialization Format"). Every field is nullable, as Spark makes the
 * columns of a table created from DDL without NOT NULL.
 */
const SPARK_NAMES: Record<PrimitiveName, string> = {
  string: 'string',
  long: 'long',
  int: 'integer',
  double: 'double',
  boolean: 'boolean',
};

type SparkType =
  | string
  | { type: 'struct'; fields: SparkField[] }
  | { type: 'array'; elementType: SparkType; containsNull: boolean }
  | { type: 'map'; keyType: SparkType; valueType: SparkType; valueContainsNull: boolean };

interface SparkField {
  name: string;
  type: SparkType;
  nullable: boolean;
  metadata: Record<string, unknown>;
}

function sparkType(type: ColumnType): SparkType {
  switch (type.kind) {
    case 'primitive':
      return SPARK_NAMES[type.name];
    case 'struct':
      return { type: 'struct', fields: type.fields.map(sparkField) };
    case 'array':
      return { type: 'array', elementType: sparkType(type.element), containsNull: true };
    case 'map':
      return { type: 'map', keyType: sparkType(type.key), valueType: sparkType(type.value), valueContainsNull: true };
  }
}

function sparkField(field: Field): SparkField {
  return { name: field.name, type: sparkType(field.type), nullable: true, metadata: {} };
}

export function schemaString(columns: readonly Field[]): string {
  return JSON.stringify({ type: 'struct', fields: columns.map(sparkField) });
}

/**
 * A canonical text of a type that ignores what does not change the data layout (nullability,
 * field metadata, JSON member order), e.g. `struct<a:long,b:map<string,string>>`: two schemas hold
 * the same columns when their signatures are equal.
 */
export function columnsSignature(columns: readonly Field[]): string {
  return typeSignature({ kind: 'struct', fields: [...columns] });
}

function typeSignature(type: ColumnType): string {
  switch (type.kind) {
    case 'primitive':
      return SPARK_NAMES[type.name];
    case 'struct':
      return `struct<${type.fields.map((f) => `${f.name}:${typeSignature(f.type)}`).join(',')}>`;
    case 'array':
      return `array<${typeSignature(type.element)}>`;
    case 'map':
      return `map<${typeSignature(type.key)},${typeSignature(type.value)}>`;
  }
}

export interface ParsedSchema {
  /** See `columnsSignature`. */
  signature: string;
  /** Column metadata keys that start with `delta.` anywhere in the tree (invariants, column mapping, ...). */
  deltaMetadataKeys: Set<string>;
}

/** Reads a `schemaString` written by any Delta writer. Throws on malformed JSON. */
export function parseSchemaString(text: string): ParsedSchema {
  const keys = new Set<string>();
  const signature = sparkSignature(JSON.parse(text) as unknown, keys);
  return { signature, deltaMetadataKeys: keys };
}

function sparkSignature(type: unknown, keys: Set<string>): string {
  if (typeof type === 'string') return type;
  if (typeof type !== 'object' || type === null) throw new Error(`bad type in schemaString: ${JSON.stringify(type)}`);
  const t = type as Record<string, unknown>;
  switch (t.type) {
    case 'struct': {
      const fields = Array.isArray(t.fields) ? (t.fields as Array<Record<string, unknown>>) : [];
      const parts = fields.map((f) => {
        const metadata = f.metadata;
        if (metadata && typeof metadata === 'object') {
          for (const key of Object.keys(metadata)) if (key.startsWith('delta.')) keys.add(key);
        }
        return `${String(f.name)}:${sparkSignature(f.type, keys)}`;
      });
      return `struct<${parts.join(',')}>`;
    }
    case 'array':
      return `array<${sparkSignature(t.elementType, keys)}>`;
    case 'map':
      return `map<${sparkSignature(t.keyType, keys)},${sparkSignature(t.valueType, keys)}>`;
    default:
      // Other JSON-object types (e.g. `variant`, udt) keep their own name.
      return String(t.type);
  }
}
