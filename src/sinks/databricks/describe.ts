import { TABLE_KINDS, TABLE_SCHEMAS } from '../../schema/tables.js';
import type { ColumnType, Field, PrimitiveName, TableKind } from '../../schema/types.js';

/**
 * Which v1 table a warehouse table holds, from its `DESCRIBE TABLE` rows (`col_name`,
 * `data_type`, `comment`; Spark writes types as `bigint`, `map<string,string>`,
 * `struct<a:int,...>`). The columns must be those of `sql/`, in order, with the same types;
 * nullability, comments and the spelling of a type (`LONG` or `bigint`) do not matter.
 */
export interface DescribedColumn {
  name: string;
  type: string;
}

/** The column rows of a DESCRIBE TABLE answer: they end at the first empty or `#` row (partitioning, details). */
export function describedColumns(rows: readonly object[]): DescribedColumn[] {
  const columns: DescribedColumn[] = [];
  for (const row of rows) {
    const r = row as Record<string, unknown>;
    const name = typeof r.col_name === 'string' ? r.col_name.trim() : '';
    if (name === '' || name.startsWith('#')) break;
    columns.push({ name, type: typeof r.data_type === 'string' ? r.data_type : String(r.data_type ?? '') });
  }
  return columns;
}

const PRIMITIVES: Record<string, PrimitiveName> = {
  string: 'string',
  long: 'long',
  bigint: 'long',
  int: 'int',
  integer: 'int',
  double: 'double',
  boolean: 'boolean',
};

/** Parses a Spark type string; null when it is not one the v1 schemas could hold. */
export function parseSparkType(text: string): ColumnType | null {
  const tokens: string[] = [];
  const re = /\s+|(`(?:[^`]|``)*`|[A-Za-z_][A-Za-z0-9_]*|[<>,:])/y;
  for (let pos = 0; pos < text.length; pos = re.lastIndex) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) return null;
    if (m[1] !== undefined) tokens.push(m[1]);
  }
  let i = 0;
  const next = () => tokens[i++];
  const expect = (t: string) => {
    if (next() !== t) throw new Error(`expected ${t}`);
  };
  const type = (): ColumnType => {
    const word = next()?.toLowerCase();
    if (word === undefined) throw new Error('unexpected end');
    const primitive = PRIMITIVES[word];
    if (primitive) return { kind: 'primitive', name: primitive };
    if (word === 'array') {
      expect('<');
      const element = type();
      expect('>');
      return { kind: 'array', element };
    }
    if (word === 'map') {
      expect('<');
      const key = type();
      expect(',');
      const value = type();
      expect('>');
      return { kind: 'map', key, value };
    }
    if (word === 'struct') {
      expect('<');
      const fields: Field[] = [];
      for (;;) {
        let name = next();
        if (name === undefined) throw new Error('unexpected end');
        if (name.startsWith('`')) name = name.slice(1, -1).replace(/``/g, '`');
        if (tokens[i] === ':') i++;
        fields.push({ name, type: type() });
        const sep = next();
        if (sep === '>') break;
        if (sep !== ',') throw new Error('expected , or >');
      }
      return { kind: 'struct', fields };
    }
    throw new Error(`unknown type ${word}`);
  };
  try {
    const parsed = type();
    return i === tokens.length ? parsed : null;
  } catch {
    return null;
  }
}

/** A canonical text of a type: equal for equal types whatever their spelling. */
export function typeSignature(type: ColumnType): string {
  switch (type.kind) {
    case 'primitive':
      return type.name;
    case 'array':
      return `array<${typeSignature(type.element)}>`;
    case 'map':
      return `map<${typeSignature(type.key)},${typeSignature(type.value)}>`;
    case 'struct':
      return `struct<${type.fields.map((f) => `${f.name}:${typeSignature(f.type)}`).join(',')}>`;
  }
}

/**
 * The v1 kind whose columns these are, or `other`. A type Spark abbreviated beyond parsing (very
 * wide structs print `... N more fields`) is not held against the table: the names still decide.
 */
export function kindOfColumns(columns: readonly DescribedColumn[]): TableKind | 'other' {
  for (const kind of TABLE_KINDS) {
    const expected = TABLE_SCHEMAS[kind].columns;
    if (expected.length !== columns.length) continue;
    const same = expected.every((field, i) => {
      if (field.name.toLowerCase() !== columns[i].name.toLowerCase()) return false;
      if (/\.\.\.\s*\d+\s+more\s+fields/i.test(columns[i].type)) return true;
      const actual = parseSparkType(columns[i].type);
      return actual !== null && typeSignature(actual) === typeSignature(field.type);
    });
    if (same) return kind;
  }
  return 'other';
}
