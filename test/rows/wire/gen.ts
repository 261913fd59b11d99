/**
 * A seeded generator of valid OTLP protobuf requests for the differential tests: every message and
 * field of the three signals, every AnyValue kind (nested arrays and kvlists too), random presence
 * of optional fields, unknown fields of every wire type (groups included) at every level, packed
 * and unpacked repeated scalars (mixed, split), fields in shuffled order, overlong (but valid)
 * varints, message fields sent twice, extreme and special numbers, non-ASCII strings.
 *
 * "Valid" means what protobuf accepts and what both decoders must read alike: a oneof carries
 * either several distinct members once each, or one member (possibly repeated), because where a
 * member comes back after another, protobufjs and protobuf disagree on the winner (documented in
 * `src/rows/wire/index.ts`). Ids have their exact sizes, except in data that a later data field of
 * the same Metric replaces (which the old path does not check).
 *
 * The bytes come from the small writer below, independent of `proto/` and of protobufjs: field
 * numbers are written out from the OTLP .proto files.
 */

export type Bytes = Uint8Array;

// ---- random ----

export class Random {
  private a: number;
  constructor(seed: number) {
    this.a = seed >>> 0;
  }
  /** [0, 1) */
  next(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.int(256);
    return out;
  }
  shuffle<T>(list: T[]): T[] {
    for (let i = list.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
    return list;
  }
}

// ---- writer ----

export function concat(parts: readonly Bytes[]): Bytes {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A varint of `value` (two's complement for negatives), with `pad` extra (overlong) bytes. */
export function varintBytes(value: bigint | number, pad = 0): Bytes {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  } while (v !== 0n);
  for (let i = 0; i < pad; i++) out.push(0x80);
  out[out.length - 1]! &= 0x7f;
  return Uint8Array.from(out);
}

export function tag(field: number, wireType: number, pad = 0): Bytes {
  return varintBytes((field << 3) | wireType, pad);
}

export const WT = { VARINT: 0, I64: 1, LEN: 2, SGROUP: 3, EGROUP: 4, I32: 5 } as const;

export function fVarint(field: number, value: bigint | number | boolean, pad = 0): Bytes {
  const v = typeof value === 'boolean' ? (value ? 1n : 0n) : BigInt(value);
  return concat([tag(field, WT.VARINT), varintBytes(v, pad)]);
}

export function zigzag32(n: number): number {
  return ((n << 1) ^ (n >> 31)) >>> 0;
}

export function fSint32(field: number, value: number): Bytes {
  return fVarint(field, zigzag32(value));
}

export function fixed64Bytes(value: bigint): Bytes {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt.asUintN(64, value));
  return b;
}

export function doubleBytes(value: number): Bytes {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(value);
  return b;
}

export function fFixed64(field: number, value: bigint): Bytes {
  return concat([tag(field, WT.I64), fixed64Bytes(value)]);
}

export function fDouble(field: number, value: number): Bytes {
  return concat([tag(field, WT.I64), doubleBytes(value)]);
}

export function fFixed32(field: number, value: number): Bytes {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value >>> 0);
  return concat([tag(field, WT.I32), b]);
}

export function fBytes(field: number, value: Bytes, pad = 0): Bytes {
  return concat([tag(field, WT.LEN), varintBytes(value.length, pad), value]);
}

export function fString(field: number, value: string): Bytes {
  return fBytes(field, Buffer.from(value, 'utf8'));
}

export function fMessage(field: number, parts: readonly Bytes[]): Bytes {
  return fBytes(field, concat(parts));
}

export function fGroup(field: number, parts: readonly Bytes[]): Bytes {
  return concat([tag(field, WT.SGROUP), ...parts, tag(field, WT.EGROUP)]);
}

// ---- values ----

const KEYS = [
  'service.name', 'http.route', 'http.request.method', 'http.response.status_code', 'event.name', 'user.id',
  'session.id', 'error', 'k', '', 'a.very.long.attribute.key.that.is.longer.than.forty.bytes.for.sure',
  'clé', '名前', 'emoji 🎉',
];

const WORDS = ['GET', 'POST', '/api/users', 'ok', '', 'true', '0', 'x'.repeat(39), 'y'.repeat(40), 'z'.repeat(41),
  'café', 'naïve', '日本語のテキスト', '\uFFFD replacement', 'tab\tnew\nline', '"quoted"', '\u0000nul', 'emoji 😀 text'];

export function randomString(rand: Random): string {
  switch (rand.int(6)) {
    case 0:
      return '';
    case 1:
    case 2:
      return rand.pick(WORDS);
    case 3: {
      // random ASCII
      let s = '';
      const n = rand.int(60);
      for (let i = 0; i < n; i++) s += String.fromCharCode(32 + rand.int(95));
      return s;
    }
    case 4: {
      // random code points, surrogate pairs included (never lone surrogates: they are not UTF-8)
      let s = '';
      const n = rand.int(20);
      for (let i = 0; i < n; i++) {
        const kind = rand.int(4);
        const cp = kind === 0 ? rand.int(0x80) : kind === 1 ? 0x80 + rand.int(0x780) : kind === 2 ? 0xe000 + rand.int(0x2000) : 0x10000 + rand.int(0xfffff);
        s += String.fromCodePoint(cp);
      }
      return s;
    }
    default:
      return `value-${rand.int(50)}`;
  }
}

export function randomKey(rand: Random): string {
  return rand.chance(0.8) ? rand.pick(KEYS) : randomString(rand);
}

const SPECIAL_DOUBLES = [0, -0, 1, -1, 0.1, 0.25, 1e21, 1e-7, 123456.789, 5e-324, -5e-324, Number.MAX_VALUE, -Number.MIN_VALUE,
  Infinity, -Infinity, NaN, 9007199254740992, 9007199254740994, 1 / 3];

export function randomDouble(rand: Random): number {
  switch (rand.int(4)) {
    case 0:
      return rand.pick(SPECIAL_DOUBLES);
    case 1:
      return Math.round(rand.next() * 1e6) / 1e6;
    case 2:
      // any bit pattern (NaN payloads, subnormals, huge exponents)
      return Buffer.from(rand.bytes(8)).readDoubleLE(0);
    default:
      return (rand.next() - 0.5) * 10 ** (rand.int(40) - 20);
  }
}

const INT64_EDGES = [0n, 1n, -1n, 127n, 128n, 2n ** 31n - 1n, -(2n ** 31n), 2n ** 32n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n,
  -(2n ** 53n), -(2n ** 53n) - 1n, 2n ** 63n - 1n, -(2n ** 63n), 0xffe00000n << 32n];

export function randomInt64(rand: Random): bigint {
  switch (rand.int(3)) {
    case 0:
      return rand.pick(INT64_EDGES);
    case 1:
      return BigInt(rand.int(100000)) - 1000n;
    default:
      return BigInt.asIntN(64, Buffer.from(rand.bytes(8)).readBigUInt64LE(0));
  }
}

export function randomUint64(rand: Random): bigint {
  return BigInt.asUintN(64, randomInt64(rand));
}

/** A uint32 / int32 value as sent on the wire: sometimes past 2^31, sometimes negative. */
export function randomInt32(rand: Random): number {
  switch (rand.int(4)) {
    case 0:
      return 0;
    case 1:
      return rand.int(30);
    case 2:
      return rand.pick([-1, -(2 ** 31), 2 ** 31 - 1, 0x7fffffff, 1]);
    default:
      return (rand.int(2 ** 32) | 0);
  }
}

/** A varint field of a 32-bit type: negative values as 10-byte varints, others sometimes overlong (<= 5 bytes). */
export function fInt32(rand: Random, field: number, value: number, unsigned = false): Bytes {
  const v = unsigned ? BigInt(value >>> 0) : BigInt(value | 0);
  const natural = varintBytes(v).length;
  const pad = natural < 5 && rand.chance(0.1) ? rand.int(5 - natural + 1) : 0;
  return fVarint(field, v, pad);
}

/**
 * An id field: once, or (sometimes) twice with a first value of any length; the last one counts,
 * and only its length is checked.
 */
function idField(rand: Random, field: number, size: number): Bytes[] {
  const last = fBytes(field, randomId(rand, size));
  return rand.chance(0.1) ? [fBytes(field, rand.bytes(rand.int(20))), last] : [last];
}

export function randomId(rand: Random, size: number): Bytes {
  const r = rand.int(10);
  if (r < 3) return new Uint8Array(0);
  if (r === 3) return new Uint8Array(size); // all zero: NULL in the rows
  return rand.bytes(size);
}

// ---- messages ----

/** Unknown fields (numbers no OTLP message here declares, or reserved ones), every wire type. */
function unknownFields(rand: Random, reserved: readonly number[] = []): Bytes[] {
  const out: Bytes[] = [];
  if (!rand.chance(0.15)) return out;
  const n = 1 + rand.int(2);
  for (let i = 0; i < n; i++) {
    const field = reserved.length > 0 && rand.chance(0.3) ? rand.pick(reserved) : 17 + rand.int(60) + (rand.chance(0.1) ? 100000 : 0);
    switch (rand.int(6)) {
      case 0:
        out.push(fVarint(field, randomInt64(rand)));
        break;
      case 1:
        out.push(fFixed64(field, randomUint64(rand)));
        break;
      case 2:
        out.push(fBytes(field, rand.bytes(rand.int(12))));
        break;
      case 3:
        out.push(fFixed32(field, rand.int(2 ** 32)));
        break;
      case 4:
        out.push(fGroup(field, [fVarint(1, rand.int(1000)), fString(2, 'in a group'), fGroup(3, [fFixed32(4, 7)])]));
        break;
      default:
        out.push(fGroup(field, []));
    }
  }
  return out;
}

/**
 * The fields of one message: unknown fields mixed in, shuffled sometimes; `ordered` fields keep
 * their order among themselves (interleaved with the others).
 */
function message(rand: Random, fields: Bytes[], reserved: readonly number[] = [], ordered: Bytes[] = []): Bytes {
  const all = [...fields, ...unknownFields(rand, reserved)];
  if (rand.chance(0.3)) rand.shuffle(all);
  let at = 0;
  for (const field of ordered) {
    at += rand.int(all.length - at + 1); // anywhere after the previous ordered field
    all.splice(at, 0, field);
    at++;
  }
  return concat(all);
}

/**
 * Which members of a oneof go on the wire: none, one (sometimes repeated), or several distinct
 * members once each.
 */
function oneofMembers(rand: Random, count: number, pNone: number): number[] {
  if (rand.chance(pNone)) return [];
  const r = rand.int(10);
  if (r < 7) return [rand.int(count)];
  if (r < 8) {
    const m = rand.int(count);
    return [m, m];
  }
  const members = rand.shuffle(Array.from({ length: count }, (_, i) => i));
  return members.slice(0, 2 + rand.int(Math.min(2, count - 1)));
}

export function anyValue(rand: Random, depth = 0): Bytes {
  const fields: Bytes[] = [];
  const kinds = depth < 3 ? 8 : 5; // no arrays / kvlists beyond depth 3
  for (const m of oneofMembers(rand, kinds, 0.08)) {
    switch ([0, 1, 2, 3, 6, 7, 4, 5][m]) {
      case 0:
        fields.push(fString(1, randomString(rand)));
        break;
      case 1:
        fields.push(fVarint(2, rand.chance(0.5), rand.chance(0.1) ? 2 : 0));
        break;
      case 2:
        fields.push(fVarint(3, randomInt64(rand)));
        break;
      case 3:
        fields.push(fDouble(4, randomDouble(rand)));
        break;
      case 4: {
        const n = rand.int(4);
        const values: Bytes[] = [];
        for (let i = 0; i < n; i++) values.push(fBytes(1, anyValue(rand, depth + 1)));
        fields.push(fBytes(5, message(rand, values)));
        break;
      }
      case 5: {
        const n = rand.int(4);
        const values: Bytes[] = [];
        for (let i = 0; i < n; i++) values.push(fBytes(1, keyValue(rand, depth + 1)));
        fields.push(fBytes(6, message(rand, values)));
        break;
      }
      case 6:
        fields.push(fBytes(7, rand.bytes(rand.int(10))));
        break;
      case 7:
        fields.push(fInt32(rand, 8, rand.int(100)));
        break;
    }
  }
  return message(rand, fields);
}

export function keyValue(rand: Random, depth = 0): Bytes {
  const fields: Bytes[] = [];
  if (rand.chance(0.97)) fields.push(fString(1, randomKey(rand)));
  const values = rand.chance(0.05) ? 0 : rand.chance(0.05) ? 2 : 1;
  for (let i = 0; i < values; i++) fields.push(fBytes(2, anyValue(rand, depth)));
  if (rand.chance(0.05)) fields.push(fInt32(rand, 3, rand.int(50)));
  return message(rand, fields);
}

/** `field` repeated: an attribute list, sometimes long, sometimes with duplicate keys. */
function attributes(rand: Random, field: number): Bytes[] {
  const r = rand.int(20);
  const n = r === 0 ? 17 + rand.int(10) : r < 4 ? 0 : rand.int(7);
  const out: Bytes[] = [];
  for (let i = 0; i < n; i++) out.push(fBytes(field, keyValue(rand)));
  return out;
}

function entityRef(rand: Random): Bytes {
  const fields = [fString(1, randomString(rand)), fString(2, randomString(rand))];
  for (let i = rand.int(3); i > 0; i--) fields.push(fString(3, randomKey(rand)));
  for (let i = rand.int(3); i > 0; i--) fields.push(fString(4, randomKey(rand)));
  return message(rand, fields);
}

function resource(rand: Random): Bytes {
  const fields = attributes(rand, 1);
  if (rand.chance(0.5)) fields.push(fInt32(rand, 2, randomInt32(rand), true));
  if (rand.chance(0.2)) for (let i = 1 + rand.int(2); i > 0; i--) fields.push(fBytes(3, entityRef(rand)));
  return message(rand, fields);
}

function scope(rand: Random): Bytes {
  const fields = [fString(1, randomString(rand)), fString(2, randomString(rand)), ...attributes(rand, 3)];
  if (rand.chance(0.5)) fields.push(fInt32(rand, 4, randomInt32(rand), true));
  return message(rand, fields);
}

/** A ResourceX { resource = 1; repeated ScopeX = 2; schema_url = 3 } or ScopeX around `items`. */
function container(rand: Random, head: (() => Bytes) | null, items: Bytes[]): Bytes {
  const fields: Bytes[] = [];
  if (head !== null) {
    const heads = rand.chance(0.15) ? 0 : rand.chance(0.1) ? 2 : 1;
    for (let i = 0; i < heads; i++) fields.push(fBytes(1, head()));
  }
  for (const item of items) fields.push(fBytes(2, item));
  if (rand.chance(0.7)) fields.push(fString(3, rand.chance(0.5) ? 'https://opentelemetry.io/schemas/1.30.0' : randomString(rand)));
  return message(rand, fields, [1000]);
}

function timeNanos(rand: Random): bigint {
  return rand.chance(0.1) ? 0n : rand.chance(0.1) ? randomUint64(rand) : 1_700_000_000_000_000_000n + BigInt(rand.int(1e9));
}

// ---- metrics ----

/** The `value` oneof of NumberDataPoint (4, 6) and Exemplar (3, 6). */
function pointValue(rand: Random, doubleField: number): Bytes[] {
  return oneofMembers(rand, 2, 0.15).map((m) =>
    m === 0 ? fDouble(doubleField, randomDouble(rand)) : fFixed64(6, randomInt64(rand)),
  );
}

function exemplar(rand: Random, idsChecked: boolean): Bytes {
  const fields = [...attributes(rand, 7), fFixed64(2, timeNanos(rand)), ...pointValue(rand, 3)];
  const ids = idsChecked || rand.chance(0.7)
    ? [...idField(rand, 4, 8), ...idField(rand, 5, 16)]
    : [fBytes(4, rand.bytes(1 + rand.int(12))), fBytes(5, rand.bytes(1 + rand.int(20)))];
  return message(rand, fields, [1], ids);
}

function exemplars(rand: Random, field: number, idsChecked: boolean): Bytes[] {
  const out: Bytes[] = [];
  for (let i = rand.chance(0.7) ? 0 : 1 + rand.int(2); i > 0; i--) out.push(fBytes(field, exemplar(rand, idsChecked)));
  return out;
}

function numberPoint(rand: Random, idsChecked: boolean): Bytes {
  const fields = [
    ...attributes(rand, 7),
    fFixed64(2, timeNanos(rand)),
    fFixed64(3, timeNanos(rand)),
    ...pointValue(rand, 4),
    ...exemplars(rand, 5, idsChecked),
  ];
  if (rand.chance(0.3)) fields.push(fInt32(rand, 8, randomInt32(rand), true));
  return message(rand, fields, [1]);
}

/** A repeated fixed64 / double field: packed (in one or two runs), unpacked, or a mix. */
function repeated64(rand: Random, field: number, values: Bytes[]): Bytes[] {
  if (values.length === 0) return rand.chance(0.2) ? [fBytes(field, new Uint8Array(0))] : [];
  switch (rand.int(4)) {
    case 0:
    case 1:
      return [fBytes(field, concat(values))];
    case 2:
      return values.map((v) => concat([tag(field, WT.I64), v]));
    default: {
      const cut = rand.int(values.length + 1);
      return [fBytes(field, concat(values.slice(0, cut))), ...values.slice(cut).map((v) => concat([tag(field, WT.I64), v]))];
    }
  }
}

function histogramPoint(rand: Random, idsChecked: boolean): Bytes {
  const buckets = rand.int(17);
  const counts = Array.from({ length: buckets }, () => fixed64Bytes(rand.chance(0.9) ? BigInt(rand.int(2000)) : randomUint64(rand)));
  const bounds = Array.from({ length: Math.max(0, buckets - 1) }, (_, i) =>
    doubleBytes(rand.chance(0.9) ? [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000, 1e5][i]! : randomDouble(rand)),
  );
  const fields = [
    ...attributes(rand, 9),
    fFixed64(2, timeNanos(rand)),
    fFixed64(3, timeNanos(rand)),
    fFixed64(4, rand.chance(0.9) ? BigInt(rand.int(100000)) : randomUint64(rand)),
    ...repeated64(rand, 6, counts),
    ...repeated64(rand, 7, bounds),
    ...exemplars(rand, 8, idsChecked),
  ];
  for (const field of [5, 11, 12]) if (rand.chance(0.6)) fields.push(fDouble(field, rand.chance(0.2) ? 0 : randomDouble(rand)));
  if (rand.chance(0.3)) fields.push(fInt32(rand, 10, randomInt32(rand), true));
  return message(rand, fields, [1]);
}

function buckets(rand: Random): Bytes {
  const n = rand.int(6);
  const values = Array.from({ length: n }, () => varintBytes(rand.chance(0.8) ? BigInt(rand.int(3000)) : randomUint64(rand)));
  const fields: Bytes[] = [];
  if (rand.chance(0.8)) fields.push(fSint32(1, rand.int(200) - 100));
  const mode = rand.int(3);
  if (mode === 0 && n > 0) fields.push(fBytes(2, concat(values)));
  else if (mode === 1) for (const v of values) fields.push(concat([tag(2, WT.VARINT), v]));
  else if (n > 0) {
    const cut = rand.int(n + 1);
    fields.push(fBytes(2, concat(values.slice(0, cut))), ...values.slice(cut).map((v) => concat([tag(2, WT.VARINT), v])));
  }
  return message(rand, fields);
}

function exponentialPoint(rand: Random, idsChecked: boolean): Bytes {
  const fields = [
    ...attributes(rand, 1),
    fFixed64(2, timeNanos(rand)),
    fFixed64(3, timeNanos(rand)),
    fFixed64(4, BigInt(rand.int(100000))),
    fSint32(6, rand.int(41) - 20),
    fFixed64(7, rand.chance(0.9) ? BigInt(rand.int(10)) : randomUint64(rand)),
    ...exemplars(rand, 11, idsChecked),
  ];
  for (const field of [8, 9]) {
    const times = rand.chance(0.3) ? 0 : rand.chance(0.1) ? 2 : 1;
    for (let i = 0; i < times; i++) fields.push(fBytes(field, buckets(rand)));
  }
  for (const field of [5, 12, 13]) if (rand.chance(0.6)) fields.push(fDouble(field, rand.chance(0.2) ? 0 : randomDouble(rand)));
  if (rand.chance(0.5)) fields.push(fDouble(14, randomDouble(rand)));
  if (rand.chance(0.3)) fields.push(fInt32(rand, 10, randomInt32(rand), true));
  return message(rand, fields);
}

function summaryPoint(rand: Random): Bytes {
  const fields = [
    ...attributes(rand, 7),
    fFixed64(2, timeNanos(rand)),
    fFixed64(3, timeNanos(rand)),
    fFixed64(4, BigInt(rand.int(1000))),
  ];
  if (rand.chance(0.7)) fields.push(fDouble(5, randomDouble(rand)));
  for (let i = rand.int(4); i > 0; i--) {
    const q: Bytes[] = [];
    if (rand.chance(0.9)) q.push(fDouble(1, rand.next()));
    if (rand.chance(0.9)) q.push(fDouble(2, randomDouble(rand)));
    fields.push(fBytes(6, message(rand, q)));
  }
  if (rand.chance(0.3)) fields.push(fInt32(rand, 8, randomInt32(rand), true));
  return message(rand, fields, [1]);
}

function temporality(rand: Random, field: number): Bytes[] {
  return rand.chance(0.9) ? [fInt32(rand, field, rand.chance(0.9) ? rand.int(3) : randomInt32(rand))] : [];
}

/** One data message (Gauge 5, Sum 7, Histogram 9, ExponentialHistogram 10, Summary 11) as a Metric field. */
function metricData(rand: Random, kind: number, idsChecked: boolean): Bytes {
  const points = rand.chance(0.1) ? 0 : 1 + rand.int(4);
  const fields: Bytes[] = [];
  for (let i = 0; i < points; i++) {
    const point =
      kind === 0 || kind === 1
        ? numberPoint(rand, idsChecked)
        : kind === 2
          ? histogramPoint(rand, idsChecked)
          : kind === 3
            ? exponentialPoint(rand, idsChecked)
            : summaryPoint(rand);
    fields.push(fBytes(1, point));
  }
  if (kind === 1) {
    fields.push(...temporality(rand, 2));
    if (rand.chance(0.8)) fields.push(fVarint(3, rand.chance(0.5)));
  }
  if (kind === 2 || kind === 3) fields.push(...temporality(rand, 2));
  return fBytes([5, 7, 9, 10, 11][kind]!, message(rand, fields));
}

function metric(rand: Random): Bytes {
  const fields = [fString(1, rand.chance(0.9) ? `metric.${rand.int(20)}` : randomString(rand))];
  if (rand.chance(0.5)) fields.push(fString(2, randomString(rand)));
  if (rand.chance(0.5)) fields.push(fString(3, rand.pick(['ms', '1', 'By', '{request}', ''])));
  if (rand.chance(0.2)) fields.push(...attributes(rand, 12));
  const members = oneofMembers(rand, 5, 0.05);
  // Only the data field that wins has its ids checked by the old path: keep their order.
  const data = members.map((kind, i) => metricData(rand, kind, i === members.length - 1 || members[i] === members[members.length - 1]));
  return message(rand, fields, [4, 6, 8], data);
}

export function metricsRequest(rand: Random): Bytes {
  const resources: Bytes[] = [];
  for (let r = rand.chance(0.1) ? 0 : 1 + rand.int(2); r > 0; r--) {
    const scopes: Bytes[] = [];
    for (let s = rand.int(3); s >= 0; s--) {
      const metrics: Bytes[] = [];
      for (let m = rand.int(5); m > 0; m--) metrics.push(metric(rand));
      scopes.push(container(rand, () => scope(rand), metrics));
    }
    resources.push(container(rand, () => resource(rand), scopes));
  }
  return message(rand, resources.map((r) => fBytes(1, r)));
}

// ---- logs ----

function logRecord(rand: Random): Bytes {
  const fields: Bytes[] = [];
  if (rand.chance(0.9)) fields.push(fFixed64(1, timeNanos(rand)));
  if (rand.chance(0.7)) fields.push(fFixed64(11, timeNanos(rand)));
  if (rand.chance(0.7)) fields.push(fInt32(rand, 2, rand.chance(0.9) ? rand.int(25) : randomInt32(rand)));
  if (rand.chance(0.6)) fields.push(fString(3, rand.pick(['INFO', 'WARN', 'ERROR', '', 'info'])));
  const bodies = rand.chance(0.15) ? 0 : rand.chance(0.05) ? 2 : 1;
  for (let i = 0; i < bodies; i++) fields.push(fBytes(5, anyValue(rand)));
  fields.push(...attributes(rand, 6));
  if (rand.chance(0.3)) {
    // event.name as an attribute: string, empty string, empty value or another kind
    const value = rand.pick([fString(1, 'api_request'), fString(1, ''), new Uint8Array(0), fVarint(3, 5)]);
    fields.push(fBytes(6, concat([fString(1, 'event.name'), fBytes(2, value)])));
  }
  if (rand.chance(0.3)) fields.push(fInt32(rand, 7, randomInt32(rand), true));
  if (rand.chance(0.5)) fields.push(fFixed32(8, rand.chance(0.5) ? 1 : rand.int(2 ** 32)));
  const ids = [...(rand.chance(0.6) ? idField(rand, 9, 16) : []), ...(rand.chance(0.6) ? idField(rand, 10, 8) : [])];
  if (rand.chance(0.4)) fields.push(fString(12, rand.chance(0.5) ? 'session.start' : randomString(rand)));
  return message(rand, fields, [4], ids);
}

export function logsRequest(rand: Random): Bytes {
  const resources: Bytes[] = [];
  for (let r = rand.chance(0.1) ? 0 : 1 + rand.int(2); r > 0; r--) {
    const scopes: Bytes[] = [];
    for (let s = rand.int(3); s >= 0; s--) {
      const records: Bytes[] = [];
      for (let i = rand.int(6); i > 0; i--) records.push(logRecord(rand));
      scopes.push(container(rand, () => scope(rand), records));
    }
    resources.push(container(rand, () => resource(rand), scopes));
  }
  return message(rand, resources.map((r) => fBytes(1, r)));
}

// ---- traces ----

function spanEvent(rand: Random): Bytes {
  const fields = [fFixed64(1, timeNanos(rand)), fString(2, randomString(rand)), ...attributes(rand, 3)];
  if (rand.chance(0.2)) fields.push(fInt32(rand, 4, randomInt32(rand), true));
  return message(rand, fields);
}

function spanLink(rand: Random): Bytes {
  const fields = attributes(rand, 4);
  const ids = [...idField(rand, 1, 16), ...idField(rand, 2, 8)];
  if (rand.chance(0.3)) fields.push(fString(3, 'vendor=value'));
  if (rand.chance(0.2)) fields.push(fInt32(rand, 5, randomInt32(rand), true));
  if (rand.chance(0.5)) fields.push(fFixed32(6, rand.pick([0, 0x100, 0x301, rand.int(2 ** 32)])));
  return message(rand, fields, [], ids);
}

function span(rand: Random): Bytes {
  const fields: Bytes[] = [];
  const ids = [...idField(rand, 1, 16), ...idField(rand, 2, 8), ...(rand.chance(0.5) ? idField(rand, 4, 8) : [])];
  if (rand.chance(0.3)) fields.push(fString(3, rand.pick(['', 'a=1', randomString(rand)])));
  if (rand.chance(0.5)) fields.push(fFixed32(16, rand.pick([1, 0x301, rand.int(2 ** 32)])));
  fields.push(fString(5, rand.chance(0.8) ? 'GET /things' : randomString(rand)));
  if (rand.chance(0.8)) fields.push(fInt32(rand, 6, rand.chance(0.9) ? rand.int(6) : randomInt32(rand)));
  fields.push(fFixed64(7, timeNanos(rand)), fFixed64(8, timeNanos(rand)), ...attributes(rand, 9));
  if (rand.chance(0.2)) fields.push(fInt32(rand, 10, randomInt32(rand), true));
  for (let i = rand.chance(0.6) ? 0 : 1 + rand.int(3); i > 0; i--) fields.push(fBytes(11, spanEvent(rand)));
  if (rand.chance(0.2)) fields.push(fInt32(rand, 12, randomInt32(rand), true));
  for (let i = rand.chance(0.7) ? 0 : 1 + rand.int(2); i > 0; i--) fields.push(fBytes(13, spanLink(rand)));
  if (rand.chance(0.2)) fields.push(fInt32(rand, 14, randomInt32(rand), true));
  const statuses = rand.chance(0.3) ? 0 : rand.chance(0.1) ? 2 : 1;
  for (let i = 0; i < statuses; i++) {
    const status: Bytes[] = [];
    if (rand.chance(0.6)) status.push(fString(2, randomString(rand)));
    if (rand.chance(0.8)) status.push(fInt32(rand, 3, rand.chance(0.9) ? rand.int(3) : randomInt32(rand)));
    fields.push(fBytes(15, message(rand, status, [1])));
  }
  return message(rand, fields, [], ids);
}

export function tracesRequest(rand: Random): Bytes {
  const resources: Bytes[] = [];
  for (let r = rand.chance(0.1) ? 0 : 1 + rand.int(2); r > 0; r--) {
    const scopes: Bytes[] = [];
    for (let s = rand.int(3); s >= 0; s--) {
      const spans: Bytes[] = [];
      for (let i = rand.int(5); i > 0; i--) spans.push(span(rand));
      scopes.push(container(rand, () => scope(rand), spans));
    }
    resources.push(container(rand, () => resource(rand), scopes));
  }
  return message(rand, resources.map((r) => fBytes(1, r)));
}

/** A random bit flip, byte change, truncation, insertion or deletion of `body` (a copy). */
export function mutate(body: Uint8Array, rand: Random): Uint8Array {
  const out = Uint8Array.from(body);
  const at = rand.int(Math.max(1, body.length));
  switch (rand.int(7)) {
    case 0:
    case 1: {
      for (let i = 1 + rand.int(3); i > 0; i--) {
        const p = rand.int(out.length);
        out[p]! ^= 1 << rand.int(8);
      }
      return out;
    }
    case 2:
      out[at] = rand.int(256);
      return out;
    case 3:
      return out.subarray(0, at);
    case 4:
      return Uint8Array.from([...out.subarray(0, at), ...out.subarray(at + 1)]);
    case 5:
      return Uint8Array.from([...out.subarray(0, at), rand.int(256), ...out.subarray(at)]);
    default: {
      // a length or tag byte one off
      out[at] = (out[at]! + (rand.chance(0.5) ? 1 : 255)) & 0xff;
      return out;
    }
  }
}
