/**
 * OTLP enums as the v1 tables store them: the name of the enum value as the `.proto` file spells
 * it (`AGGREGATION_TEMPORALITY_DELTA`, `SEVERITY_NUMBER_INFO`, ...).
 *
 * A number that this version of the protocol does not define (a newer client, or garbage) becomes
 * the number in decimal (`"42"`, `"-1"`): nothing is lost, and it is what protobuf itself does
 * with an enum value it has no name for (the `String()` of Go's generated enums; the proto3 JSON
 * mapping writes the integer).
 */

export const AGGREGATION_TEMPORALITY_NAMES: readonly string[] = [
  'AGGREGATION_TEMPORALITY_UNSPECIFIED',
  'AGGREGATION_TEMPORALITY_DELTA',
  'AGGREGATION_TEMPORALITY_CUMULATIVE',
];

/** SeverityNumber, indexed by its value (0..24). */
export const SEVERITY_NUMBER_NAMES: readonly string[] = [
  'SEVERITY_NUMBER_UNSPECIFIED',
  'SEVERITY_NUMBER_TRACE', 'SEVERITY_NUMBER_TRACE2', 'SEVERITY_NUMBER_TRACE3', 'SEVERITY_NUMBER_TRACE4',
  'SEVERITY_NUMBER_DEBUG', 'SEVERITY_NUMBER_DEBUG2', 'SEVERITY_NUMBER_DEBUG3', 'SEVERITY_NUMBER_DEBUG4',
  'SEVERITY_NUMBER_INFO', 'SEVERITY_NUMBER_INFO2', 'SEVERITY_NUMBER_INFO3', 'SEVERITY_NUMBER_INFO4',
  'SEVERITY_NUMBER_WARN', 'SEVERITY_NUMBER_WARN2', 'SEVERITY_NUMBER_WARN3', 'SEVERITY_NUMBER_WARN4',
  'SEVERITY_NUMBER_ERROR', 'SEVERITY_NUMBER_ERROR2', 'SEVERITY_NUMBER_ERROR3', 'SEVERITY_NUMBER_ERROR4',
  'SEVERITY_NUMBER_FATAL', 'SEVERITY_NUMBER_FATAL2', 'SEVERITY_NUMBER_FATAL3', 'SEVERITY_NUMBER_FATAL4',
];

export const SPAN_KIND_NAMES: readonly string[] = [
  'SPAN_KIND_UNSPECIFIED',
  'SPAN_KIND_INTERNAL',
  'SPAN_KIND_SERVER',
  'SPAN_KIND_CLIENT',
  'SPAN_KIND_PRODUCER',
  'SPAN_KIND_CONSUMER',
];

export const STATUS_CODE_NAMES: readonly string[] = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'];

function enumName(names: readonly string[], value: number): string {
  return Number.isInteger(value) && value >= 0 && value < names.length ? names[value] : String(value);
}

export function aggregationTemporalityName(value: number): string {
  return enumName(AGGREGATION_TEMPORALITY_NAMES, value);
}

export function severityNumberName(value: number): string {
  return enumName(SEVERITY_NUMBER_NAMES, value);
}

export function spanKindName(value: number): string {
  return enumName(SPAN_KIND_NAMES, value);
}

export function statusCodeName(value: number): string {
  return enumName(STATUS_CODE_NAMES, value);
}
