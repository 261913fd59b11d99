import type { ColumnType, Field, PrimitiveName } from './types.js';

/**
 * Parses the `CREATE TABLE name (columns) USING DELTA TBLPROPERTIES (...)` statements of `sql/`
 * into column types. Only the grammar those files use is accepted: the point is that `sql/` is the
 * single source of the schemas, not a general SQL parser.
 */
export interface ParsedDdl {
  tableName: string;
  columns: Field[];
  properties: Record<string, string>;
}

const PRIMITIVES: Record<string, PrimitiveName> = {
  STRING: 'string',
  LONG: 'long',
  BIGINT: 'long',
  INT: 'int',
  INTEGER: 'int',
  DOUBLE: 'double',
  BOOLEAN: 'boolean',
};

function tokenize(sql: string): string[] {
  const tokens: string[] = [];
  // Identifiers may hold template placeholders such as `<catalog>`; a word never starts with `<`
  // unless it is one, and then it runs to the next space or `(`.
  const re = /\s+|(<[a-z_]+>(?:[.A-Za-z0-9_]|<[a-z_]+>)*)|([A-Za-z_][A-Za-z0-9_]*(?:\.(?:[A-Za-z0-9_]|<[a-z_]+>)+)*)|('(?:[^']|'')*')|([(),:<>=])/y;
  let pos = 0;
  while (pos < sql.length) {
    re.lastIndex = pos;
    const m = re.exec(sql);
    if (!m) throw new Error(`DDL: unexpected text at ${pos}: ${JSON.stringify(sql.slice(pos, pos + 20))}`);
    pos = re.lastIndex;
    const tok = m[1] ?? m[2] ?? m[3] ?? m[4];
    if (tok !== undefined) tokens.push(tok);
  }
  return tokens;
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: string[]) {}

  peek(): string | undefined {
    return this.tokens[this.i];
  }

  next(): string {
    const t = this.tokens[this.i++];
    if (t === undefined) throw new Error('DDL: unexpected end');
    return t;
  }

  expect(want: string): void {
    const got = this.next();
    if (got.toUpperCase() !== want.toUpperCase()) throw new Error(`DDL: expected ${want}, got ${got}`);
  }

  type(): ColumnType {
    const word = this.next().toUpperCase();
    const primitive = PRIMITIVES[word];
    if (primitive) return { kind: 'primitive', name: primitive };
    if (word === 'ARRAY') {
      this.expect('<');
      const element = this.type();
      this.expect('>');
      return { kind: 'array', element };
    }
    if (word === 'MAP') {
      this.expect('<');
      const key = this.type();
      this.expect(',');
      const value = this.type();
      this.expect('>');
      return { kind: 'map', key, value };
    }
    if (word === 'STRUCT') {
      this.expect('<');
      const fields: Field[] = [];
      do {
        const name = this.next();
        this.expect(':');
        fields.push({ name, type: this.type() });
      } while (this.eat(','));
      this.expect('>');
      return { kind: 'struct', fields };
    }
    throw new Error(`DDL: unknown type ${word}`);
  }

  eat(tok: string): boolean {
    if (this.peek() === tok) {
      this.i++;
      return true;
    }
    return false;
  }
}

export function parseDdl(sql: string): ParsedDdl {
  const p = new Parser(tokenize(sql));
  p.expect('CREATE');
  p.expect('TABLE');
  const tableName = p.next();
  p.expect('(');
  const columns: Field[] = [];
  do {
    const name = p.next();
    columns.push({ name, type: p.type() });
  } while (p.eat(','));
  p.expect(')');
  p.expect('USING');
  p.expect('DELTA');
  const properties: Record<string, string> = {};
  if (p.eat('TBLPROPERTIES')) {
    p.expect('(');
    do {
      const key = unquote(p.next());
      p.expect('=');
      properties[key] = unquote(p.next());
    } while (p.eat(','));
    p.expect(')');
  }
  if (p.peek() !== undefined) throw new Error(`DDL: unexpected ${p.peek()} after the statement`);
  return { tableName, columns, properties };
}

function unquote(literal: string): string {
  if (!literal.startsWith("'")) throw new Error(`DDL: expected a string literal, got ${literal}`);
  return literal.slice(1, -1).replace(/''/g, "'");
}
