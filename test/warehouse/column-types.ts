import { maskLiterals, nameParts, splitTopLevel } from './sql-text.js';

/** One row of DESCRIBE TABLE. */
export interface DescribedColumn {
  col_name: string;
  data_type: string;
  comment: string | null;
}

const PRIMITIVE_ALIASES: Record<string, string> = {
  LONG: 'bigint',
  INTEGER: 'int',
  SHORT: 'smallint',
  BYTE: 'tinyint',
  REAL: 'float',
  DEC: 'decimal',
  NUMERIC: 'decimal',
  TIMESTAMP_LTZ: 'timestamp',
};

type Token = { kind: 'word' | 'punct' | 'string' | 'number'; text: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s+|`((?:[^`]|``)*)`|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|([A-Za-z_][A-Za-z0-9_]*)|(\d+)|([<>(),:])/y;
  let pos = 0;
  while (pos < text.length) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) throw new Error(`cannot read type near: ${text.slice(pos)}`);
    pos = re.lastIndex;
    if (m[1] !== undefined) tokens.push({ kind: 'word', text: m[1].replace(/``/g, '`') });
    else if (m[2] !== undefined) tokens.push({ kind: 'string', text: m[2] });
    else if (m[3] !== undefined) tokens.push({ kind: 'string', text: m[3] });
    else if (m[4] !== undefined) tokens.push({ kind: 'word', text: m[4] });
    else if (m[5] !== undefined) tokens.push({ kind: 'number', text: m[5] });
    else if (m[6] !== undefined) tokens.push({ kind: 'punct', text: m[6] });
  }
  return tokens;
}

/** Reads a Spark SQL data type and prints it the way DESCRIBE does (lower case, no spaces). */
class TypeReader {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }
  private next(): Token {
    const t = this.tokens[this.i++];
    if (!t) throw new Error('unexpected end of type');
    return t;
  }
  private expect(text: string): void {
    const t = this.next();
    if (t.text !== text) throw new Error(`expected '${text}' in type, found '${t.text}'`);
  }
  private isKeyword(word: string): boolean {
    const t = this.peek();
    return t?.kind === 'word' && t.text.toUpperCase() === word;
  }

  /** Skips NOT NULL / COMMENT '...' after a struct field. */
  private fieldOptions(): void {
    for (;;) {
      if (this.isKeyword('NOT')) {
        this.next();
        this.expect('NULL');
      } else if (this.isKeyword('COMMENT')) {
        this.next();
        this.next();
      } else return;
    }
  }

  type(): string {
    const word = this.next();
    if (word.kind !== 'word') throw new Error(`expected a type name, found '${word.text}'`);
    const name = word.text.toUpperCase();
    if (name === 'ARRAY') {
      this.expect('<');
      const element = this.type();
      this.expect('>');
      return `array<${element}>`;
    }
    if (name === 'MAP') {
      this.expect('<');
      const key = this.type();
      this.expect(',');
      const value = this.type();
      this.expect('>');
      return `map<${key},${value}>`;
    }
    if (name === 'STRUCT') {
      this.expect('<');
      const fields: string[] = [];
      while (this.peek()?.text !== '>') {
        const field = this.next();
        if (this.peek()?.text === ':') this.next();
        const fieldType = this.type();
        this.fieldOptions();
        fields.push(`${field.text}:${fieldType}`);
        if (this.peek()?.text === ',') this.next();
        else break;
      }
      this.expect('>');
      return `struct<${fields.join(',')}>`;
    }
    let printed = PRIMITIVE_ALIASES[name] ?? name.toLowerCase();
    if (this.peek()?.text === '(') {
      this.next();
      const args: string[] = [];
      while (this.peek()?.text !== ')') {
        args.push(this.next().text);
        if (this.peek()?.text === ',') this.next();
      }
      this.expect(')');
      printed += `(${args.join(',')})`;
    } else if (printed === 'decimal') {
      printed = 'decimal(10,0)';
    }
    return printed;
  }

  done(): boolean {
    return this.i >= this.tokens.length;
  }
}

/** A data type as DESCRIBE prints it, e.g. `STRUCT<a: LONG, b: MAP<STRING, STRING>>` → `struct<a:bigint,b:map<string,string>>`. */
export function describeType(typeSql: string): string {
  const reader = new TypeReader(tokenize(typeSql));
  const printed = reader.type();
  if (!reader.done()) throw new Error(`unexpected text after type: ${typeSql}`);
  return printed;
}

const COLUMN_OPTION = /\s+(?:NOT\s+NULL|DEFAULT|GENERATED|COMMENT|MASK|CONSTRAINT|PRIMARY\s+KEY)\b/iy;

/** The columns of a CREATE TABLE column list, as DESCRIBE TABLE shows them. */
export function describeColumns(columnsSql: string): DescribedColumn[] {
  const masked = maskLiterals(columnsSql);
  const columns: DescribedColumn[] = [];
  let offset = 0;
  for (const piece of splitTopLevel(columnsSql, masked)) {
    const at = columnsSql.indexOf(piece, offset);
    offset = at + piece.length;
    const maskedPiece = masked.slice(at, at + piece.length);
    if (/^(CONSTRAINT|PRIMARY\s+KEY|FOREIGN\s+KEY)\b/i.test(maskedPiece)) continue;
    const nameMatch = /^(`(?:[^`]|``)+`|[A-Za-z_][A-Za-z0-9_]*)\s+/.exec(maskedPiece);
    if (!nameMatch) throw new Error(`cannot read column definition: ${piece}`);
    const rest = maskedPiece.slice(nameMatch[0].length);
    // The type runs until the first column option at nesting depth 0.
    let typeEnd = rest.length;
    let depth = 0;
    for (let i = 0; i < rest.length; i++) {
      const c = rest[i];
      if (c === '<' || c === '(') depth++;
      else if (c === '>' || c === ')') depth--;
      else if (depth === 0 && /\s/.test(c)) {
        COLUMN_OPTION.lastIndex = i;
        if (COLUMN_OPTION.test(rest)) {
          typeEnd = i;
          break;
        }
      }
    }
    const original = piece.slice(nameMatch[0].length);
    const comment = /\bCOMMENT\s+'((?:[^'\\]|\\.)*)'/i.exec(original.slice(typeEnd));
    columns.push({
      col_name: nameParts(piece.slice(0, nameMatch[1].length))[0],
      data_type: describeType(original.slice(0, typeEnd)),
      comment: comment ? comment[1].replace(/\\(.)/g, '$1') : null,
    });
  }
  return columns;
}
