import {
  BYTES,
  define,
  type Field,
  FIXED32,
  FIXED64,
  ID,
  LONG,
  MESSAGE,
  PACKED_DOUBLE,
  PACKED_LONG,
  PACKED_UINT64_LONG,
  shape,
  STRING,
  tagOf,
  UINT64_LONG,
  VARINT32,
  VARINT64,
} from './walk.js';

/**
 * The messages below a record, as the check-only walk sees them: for each field its tag and what
 * is checked of it. Field numbers, names and the order of id checks are those of the row decoder
 * (`../any-value.ts`, `../common.ts`, `../logs.ts`, `../spans.ts`, `../metrics.ts`, where the
 * .proto declarations are quoted).
 */

const LEN = 2;
const I64 = 1;
const I32 = 5;
const VARINT = 0;

const string = (n: number): [number, Field] => [tagOf(n, LEN), { kind: STRING }];
const varint32 = (n: number): [number, Field] => [tagOf(n, VARINT), { kind: VARINT32 }];
const double = (n: number): [number, Field] => [tagOf(n, I64), { kind: FIXED64 }];
const long = (n: number): [number, Field] => [tagOf(n, I64), { kind: LONG }];
const fixed32 = (n: number): [number, Field] => [tagOf(n, I32), { kind: FIXED32 }];
const id = (n: number, slot: number): [number, Field] => [tagOf(n, LEN), { kind: ID, id: slot }];
const message = (n: number, child: ReturnType<typeof shape>, path?: string): [number, Field] => [
  tagOf(n, LEN),
  path === undefined ? { kind: MESSAGE, child } : { kind: MESSAGE, child, path },
];
const fields = (...entries: Array<[number, Field]>): Record<number, Field> => Object.fromEntries(entries);

// ---- common.proto: AnyValue, ArrayValue, KeyValueList, KeyValue (they refer to each other) ----

export const ANY_VALUE = shape('AnyValue', {}, [], true);
const ARRAY_VALUE = shape('ArrayValue', {}, [], true);
const KEY_VALUE_LIST = shape('KeyValueList', {}, [], true);
// Stepped over when its bytes were met before in the body: data points repeat their attributes.
export const KEY_VALUE = shape('KeyValue', {}, [], true, true);
define(
  ANY_VALUE,
  fields(
    string(1),
    varint32(2), // bool_value
    [tagOf(3, VARINT), { kind: VARINT64 }], // int_value
    double(4),
    message(5, ARRAY_VALUE),
    message(6, KEY_VALUE_LIST),
    [tagOf(7, LEN), { kind: BYTES }],
    varint32(8), // string_value_strindex
  ),
);
define(ARRAY_VALUE, fields(message(1, ANY_VALUE)));
define(KEY_VALUE_LIST, fields(message(1, KEY_VALUE)));
define(KEY_VALUE, fields(string(1), message(2, ANY_VALUE), varint32(3)));

// ---- resource.proto, common.proto: Resource, InstrumentationScope ----

const ENTITY_REF = shape('EntityRef', fields(string(1), string(2), string(3), string(4)));
export const RESOURCE = shape('Resource', fields(message(1, KEY_VALUE), varint32(2), message(3, ENTITY_REF)));
export const SCOPE = shape('InstrumentationScope', fields(string(1), string(2), message(3, KEY_VALUE), varint32(4)));

// ---- logs.proto ----

export const LOG_RECORD = shape(
  'LogRecord',
  fields(long(1), long(11), varint32(2), string(3), message(5, ANY_VALUE), message(6, KEY_VALUE), varint32(7), fixed32(8), id(9, 0), id(10, 1), string(12)),
  [
    { size: 16, name: 'traceId' },
    { size: 8, name: 'spanId' },
  ],
);

// ---- trace.proto ----

const EVENT = shape('Span.Event', fields(long(1), string(2), message(3, KEY_VALUE), varint32(4)));
const LINK = shape('Span.Link', fields(id(1, 0), id(2, 1), string(3), message(4, KEY_VALUE), varint32(5), fixed32(6)), [
  { size: 16, name: 'traceId' },
  { size: 8, name: 'spanId' },
]);
const STATUS = shape('Status', fields(string(2), varint32(3)));

export const SPAN = shape(
  'Span',
  fields(
    ...[id(1, 0), id(2, 1), string(3), id(4, 2), fixed32(16), string(5), varint32(6), long(7), long(8)],
    ...[message(9, KEY_VALUE), varint32(10), message(11, EVENT), varint32(12), message(13, LINK, 'links')],
    ...[varint32(14), message(15, STATUS)],
  ),
  [
    { size: 16, name: 'traceId' },
    { size: 8, name: 'spanId' },
    { size: 8, name: 'parentSpanId' },
  ],
);

// ---- metrics.proto: the data points ----

// The row decoder checks an exemplar's span_id before its trace_id.
const EXEMPLAR = shape('Exemplar', fields(message(7, KEY_VALUE), long(2), double(3), double(6), id(4, 0), id(5, 1)), [
  { size: 8, name: 'spanId' },
  { size: 16, name: 'traceId' },
]);

export const NUMBER_POINT = shape(
  'NumberDataPoint',
  fields(message(7, KEY_VALUE), long(2), long(3), double(4), double(6), message(5, EXEMPLAR, 'exemplars'), varint32(8)),
);

export const HISTOGRAM_POINT = shape(
  'HistogramDataPoint',
  fields(
    ...[message(9, KEY_VALUE), long(2), long(3), long(4), double(5)],
    ...[[tagOf(6, LEN), { kind: PACKED_LONG }], long(6)] as Array<[number, Field]>,
    ...[[tagOf(7, LEN), { kind: PACKED_DOUBLE }], double(7)] as Array<[number, Field]>,
    ...[message(8, EXEMPLAR, 'exemplars'), varint32(10), double(11), double(12)],
  ),
);

const BUCKETS = shape(
  'Buckets',
  fields(varint32(1), [tagOf(2, LEN), { kind: PACKED_UINT64_LONG }], [tagOf(2, VARINT), { kind: UINT64_LONG }]),
);

export const EXPONENTIAL_POINT = shape(
  'ExponentialHistogramDataPoint',
  fields(
    ...[message(1, KEY_VALUE), long(2), long(3), long(4), double(5), varint32(6), long(7)],
    ...[message(8, BUCKETS), message(9, BUCKETS), varint32(10), message(11, EXEMPLAR, 'exemplars')],
    ...[double(12), double(13), double(14)],
  ),
);

const QUANTILE = shape('ValueAtQuantile', fields(double(1), double(2)));

export const SUMMARY_POINT = shape(
  'SummaryDataPoint',
  fields(message(7, KEY_VALUE), long(2), long(3), long(4), double(5), message(6, QUANTILE), varint32(8)),
);
