/**
 * JSON.parse that keeps every integer exact.
 *
 * OTLP/JSON lets 64-bit integers be JSON numbers as well as strings (OTLP specification, "JSON
 * Protobuf Encoding", after the proto3 JSON mapping), and OpenTelemetry JS writes them as numbers.
 * JSON.parse turns a number into a double, which rounds anything beyond 2^53, and Node 20's
 * JSON.parse cannot show a reviver the source text. So before parsing, every number literal whose
 * integer part has 16 digits or more (2^53 has 16) is wrapped in quotes: the decoder then reads a
 * string, which the proto3 JSON mapping accepts for every numeric type, and converts it exactly.
 * Numbers of 15 digits or fewer are exact as doubles and left alone.
 *
 * The rewrite needs a scan that tells string contents from numbers, which costs a pass over the
 * text in JS, so it only runs when a cheap regular-expression test finds a run of 16 digits that
 * is not preceded by a quote, a digit or a '.'. Nanosecond timestamps sent as strings
 * (`"1700000000000000000"`) do not trigger it.
 */

/** A run of 16 digits that may be the integer part of an unquoted number. */
const POSSIBLY_LONG_NUMBER = /[^"\d.]\d{16}/;

/** A JSON number at the current position; group 1 is its integer part (sign excluded). */
const NUMBER = /-?(\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

/** Digits from which an integer may exceed 2^53 and must not go through a double. */
const UNSAFE_INTEGER_DIGITS = 16;

/** Parses JSON like JSON.parse, except that long number literals come back as strings. */
export function parseJsonKeepingLongNumbers(text: string): unknown {
  return JSON.parse(POSSIBLY_LONG_NUMBER.test(text) ? quoteLongNumbers(text) : text);
}

/**
 * `text` with every number literal of 16 or more integer digits put in quotes. Malformed JSON is
 * passed through for JSON.parse to report.
 */
export function quoteLongNumbers(text: string): string {
  const parts: string[] = [];
  let copied = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      i = endOfString(text, i);
    } else if (code === MINUS || (code >= DIGIT_0 && code <= DIGIT_9)) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text);
      if (match === null) {
        i++;
        continue;
      }
      const end = i + match[0].length;
      if (match[1].length >= UNSAFE_INTEGER_DIGITS) {
        parts.push(text.slice(copied, i), '"', match[0], '"');
        copied = end;
      }
      i = end;
    } else {
      i++;
    }
  }
  if (copied === 0) return text;
  parts.push(text.slice(copied));
  return parts.join('');
}

/** The index just after the string literal that opens at `start` (the text's end if unterminated). */
function endOfString(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const quote = text.indexOf('"', i);
    if (quote < 0) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    i = quote + 1;
  }
}
