/**
 * JSON with exact 64-bit integers. Delta stats hold LONG min/max values (nanosecond timestamps
 * beyond 2^53) as JSON numbers; `JSON.stringify` cannot write a bigint and `JSON.parse` rounds
 * such numbers through a double, so both directions are done here.
 */
export type JsonValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue | undefined };

/**
 * Like `JSON.stringify` without spacing: bigints become their exact digits; object members whose
 * value is `undefined` are left out. Non-finite numbers have no JSON form and throw.
 */
export function stringifyJson(value: JsonValue): string {
  const out: string[] = [];
  write(value, out);
  return out.join('');
}

function write(value: JsonValue, out: string[]): void {
  if (value === null) {
    out.push('null');
    return;
  }
  switch (typeof value) {
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'bigint':
      out.push(value.toString());
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`JSON cannot represent ${value}`);
      out.push(JSON.stringify(value));
      return;
    case 'string':
      out.push(JSON.stringify(value));
      return;
  }
  if (Array.isArray(value)) {
    out.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.push(',');
      write(value[i] as JsonValue, out);
    }
    out.push(']');
    return;
  }
  out.push('{');
  let first = true;
  for (const [key, member] of Object.entries(value)) {
    if (member === undefined) continue;
    if (!first) out.push(',');
    first = false;
    out.push(JSON.stringify(key), ':');
    write(member, out);
  }
  out.push('}');
}

/**
 * Parses JSON, giving every integer literal (no fraction, no exponent) as a bigint and every other
 * number as a JS number, so that no integer is rounded.
 */
export function parseJsonBigInt(text: string): unknown {
  const parser = new Parser(text);
  parser.skipSpace();
  const value = parser.value();
  parser.skipSpace();
  if (parser.pos !== text.length) throw parser.error('unexpected text after the value');
  return value;
}

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

class Parser {
  pos = 0;
  constructor(private readonly text: string) {}

  error(message: string): SyntaxError {
    return new SyntaxError(`JSON at position ${this.pos}: ${message}`);
  }

  skipSpace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      this.pos++;
    }
  }

  value(): unknown {
    const t = this.text;
    const c = t[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (t.startsWith('true', this.pos)) return this.literal(4, true);
    if (t.startsWith('false', this.pos)) return this.literal(5, false);
    if (t.startsWith('null', this.pos)) return this.literal(4, null);
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(t);
    if (!m) throw this.error('expected a value');
    this.pos = NUMBER.lastIndex;
    return m[1] === undefined && m[2] === undefined ? BigInt(m[0]) : Number(m[0]);
  }

  private literal<T>(length: number, value: T): T {
    this.pos += length;
    return value;
  }

  private string(): string {
    const t = this.text;
    let end = this.pos + 1;
    for (;;) {
      const q = t.indexOf('"', end);
      if (q < 0) throw this.error('unterminated string');
      // The quote is escaped when an odd number of backslashes precede it.
      let backslashes = 0;
      for (let i = q - 1; t[i] === '\\'; i--) backslashes++;
      end = q + 1;
      if (backslashes % 2 === 0) break;
    }
    const s = JSON.parse(t.slice(this.pos, end)) as string;
    this.pos = end;
    return s;
  }

  private array(): unknown[] {
    const out: unknown[] = [];
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      out.push(this.value());
      this.skipSpace();
      const c = this.text[this.pos++];
      if (c === ']') return out;
      if (c !== ',') throw this.error('expected , or ]');
    }
  }

  private object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== '"') throw this.error('expected a member name');
      const key = this.string();
      this.skipSpace();
      if (this.text[this.pos++] !== ':') throw this.error('expected :');
      this.skipSpace();
      // defineProperty: a member named `__proto__` must stay a plain member.
      Object.defineProperty(out, key, { value: this.value(), enumerable: true, writable: true, configurable: true });
      this.skipSpace();
      const c = this.text[this.pos++];
      if (c === '}') return out;
      if (c !== ',') throw this.error('expected , or }');
    }
  }
}
