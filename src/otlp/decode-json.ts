/**
 * OTLP/JSON bodies (`Content-Type: application/json`) to the types of `types.ts`, the same values
 * that a protobuf body of the same data decodes to.
 *
 * OTLP/JSON is the proto3 JSON mapping with OTLP's deviations (OTLP specification, "JSON Protobuf
 * Encoding"): trace and span ids are hex strings, enums are numbers, and receivers must ignore
 * fields they do not know. Beyond that this decoder accepts what a proto3 JSON parser accepts:
 * the original snake_case field names besides the lowerCamelCase ones, enum names, integers as
 * numbers or strings, `null` for a default. Each field is read by the lowerCamelCase name first.
 *
 * Every function throws OtlpDecodeError, naming the JSON path of the offending value.
 */

export { decodeMetricsJson } from './json/metrics.js';
export { decodeLogsJson } from './json/logs.js';
export { decodeTracesJson } from './json/spans.js';
