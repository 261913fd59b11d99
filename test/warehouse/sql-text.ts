/**
 * Small helpers over SQL text: masking literals and comments, qualified names with backtick
 * quoting, bracket matching, top-level splitting and parameter markers. Enough for the test
 * warehouse's catalog; not a SQL parser.
 */

/**
 * The text with the insides of string literals, backtick identifiers and comments replaced by
 * spaces (delimiters kept), so that positions still match the original text.
 */
export function maskLiterals(sql: string): string {
  const out = sql.split('');
  let i = 0;
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  while (i < sql.length) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < sql.length && sql[j] !== c) j += sql[j] === '\\' ? 2 : 1;
      blank(i + 1, Math.min(j, sql.length));
      i = j + 1;
    } else if (c === '`') {
      let j = i + 1;
      while (j < sql.length && !(sql[j] === '`' && sql[j + 1] !== '`')) j += sql[j] === '`' ? 2 : 1;
      blank(i + 1, Math.min(j, sql.length));
      i = j + 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      let j = sql.indexOf('\n', i);
      if (j < 0) j = sql.length;
      blank(i, j);
      i = j;
    } else if (c === '/' && sql[i + 1] === '*') {
      let j = sql.indexOf('*/', i + 2);
      j = j < 0 ? sql.length : j + 2;
      blank(i, j);
      i = j;
    } else {
      i++;
    }
  }
  return out.join('');
}

/** One identifier, plain or backtick-quoted. */
export const IDENT = '(?:`(?:[^`]|``)+`|[A-Za-z_][A-Za-z0-9_]*)';
/** A name of one to three parts. */
export const QNAME = `${IDENT}(?:\\s*\\.\\s*${IDENT}){0,2}`;

/** The unquoted parts of a (possibly backtick-quoted) qualified name. */
export function nameParts(text: string): string[] {
  const parts: string[] = [];
  const re = new RegExp(IDENT, 'g');
  for (const m of text.matchAll(re)) {
    const raw = m[0];
    parts.push(raw.startsWith('`') ? raw.slice(1, -1).replace(/``/g, '`') : raw);
  }
  return parts;
}

/** Parts re-quoted the way Spark prints names in messages: `c`.`s`.`t`. */
export function quoteName(parts: string[]): string {
  return parts.map((p) => '`' + p.replace(/`/g, '``') + '`').join('.');
}

/** Index of the bracket closing the one at `open` (in masked text), or -1. */
export function matchingBracket(masked: string, open: number): number {
  const pairs: Record<string, string> = { '(': ')', '<': '>', '[': ']' };
  const close = pairs[masked[open]];
  let depth = 0;
  for (let i = open; i < masked.length; i++) {
    if (masked[i] === masked[open]) depth++;
    else if (masked[i] === close && --depth === 0) return i;
  }
  return -1;
}

/** Splits on `separator` at nesting depth 0 of (), <> and []; string literals must be masked. */
export function splitTopLevel(original: string, masked: string, separator = ','): string[] {
  const pieces: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < masked.length; i++) {
    const c = masked[i];
    if (c === '(' || c === '<' || c === '[') depth++;
    else if (c === ')' || c === '>' || c === ']') depth--;
    else if (c === separator && depth === 0) {
      pieces.push(original.slice(start, i));
      start = i + 1;
    }
  }
  pieces.push(original.slice(start));
  return pieces.map((p) => p.trim()).filter((p) => p.length > 0);
}

/** Named (`:name`) and positional (`?`) parameter markers outside literals and comments. */
export function parameterMarkers(sql: string): { named: string[]; positional: number } {
  const masked = maskLiterals(sql);
  const named = new Set<string>();
  for (const m of masked.matchAll(/(^|[^:\w])(?::)([A-Za-z_][A-Za-z0-9_]*)/g)) named.add(m[2]);
  const positional = (masked.match(/\?/g) ?? []).length;
  return { named: [...named], positional };
}

/** The statement without leading whitespace/comments and trailing semicolons. */
export function trimStatement(sql: string): string {
  const masked = maskLiterals(sql);
  const start = masked.search(/\S/);
  if (start < 0) return '';
  let end = masked.length;
  while (end > start && /[\s;]/.test(masked[end - 1])) end--;
  return sql.slice(start, end);
}
