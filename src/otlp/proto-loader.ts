import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { protoDir } from '../paths.js';

/**
 * The OTLP message definitions, parsed from the `.proto` files in `proto/` with protobufjs.
 *
 * The files are read from disk and parsed here, one by one, instead of with `Root.load`: the
 * loader would resolve imports on its own and swap in protobufjs's bundled copy of
 * `google/protobuf/any.proto`, whereas this way exactly the listed files are used and nothing else
 * is looked up. Field names become lowerCamelCase (protobufjs's default), as in `types.ts`.
 */

/** Every file of the schema; each file's imports must be among them. */
const PROTO_FILES = [
  'google/protobuf/any.proto',
  'google/rpc/status.proto',
  'opentelemetry/proto/common/v1/common.proto',
  'opentelemetry/proto/resource/v1/resource.proto',
  'opentelemetry/proto/metrics/v1/metrics.proto',
  'opentelemetry/proto/logs/v1/logs.proto',
  'opentelemetry/proto/trace/v1/trace.proto',
  'opentelemetry/proto/collector/metrics/v1/metrics_service.proto',
  'opentelemetry/proto/collector/logs/v1/logs_service.proto',
  'opentelemetry/proto/collector/trace/v1/trace_service.proto',
] as const;

export interface OtlpSchema {
  readonly metricsRequest: protobuf.Type;
  readonly logsRequest: protobuf.Type;
  readonly traceRequest: protobuf.Type;
  readonly metricsResponse: protobuf.Type;
  readonly logsResponse: protobuf.Type;
  readonly traceResponse: protobuf.Type;
  readonly status: protobuf.Type;
  /** Enum values by name, for OTLP/JSON senders that write enum names instead of numbers. */
  readonly enums: {
    readonly aggregationTemporality: ReadonlyMap<string, number>;
    readonly severityNumber: ReadonlyMap<string, number>;
    readonly spanKind: ReadonlyMap<string, number>;
    readonly statusCode: ReadonlyMap<string, number>;
  };
}

let schema: OtlpSchema | undefined;

/**
 * The parsed schema, loaded on first use. Call it at start-up to fail there, rather than on the
 * first request, if `proto/` is missing or broken.
 */
export function otlpSchema(): OtlpSchema {
  return (schema ??= loadSchema());
}

function loadSchema(): OtlpSchema {
  // Without long.js, protobufjs decodes 64-bit fields to JS numbers and silently rounds them.
  // protobufjs depends on long.js, so this only fails on a broken install.
  if (!protobuf.util.Long) {
    throw new Error('otlp-delta: protobufjs cannot find long.js; 64-bit OTLP fields would lose precision');
  }

  const root = new protobuf.Root();
  const loaded = new Set<string>(PROTO_FILES);
  for (const file of PROTO_FILES) {
    const path = join(protoDir, file);
    let parsed: protobuf.IParserResult;
    try {
      parsed = protobuf.parse(readFileSync(path, 'utf8'), root);
    } catch (error) {
      throw new Error(`otlp-delta: cannot load ${path}: ${(error as Error).message}`, { cause: error });
    }
    for (const imported of parsed.imports ?? []) {
      if (!loaded.has(imported)) throw new Error(`otlp-delta: ${path} imports ${imported}, which is not loaded`);
    }
  }
  root.resolveAll();

  const type = (name: string): protobuf.Type => root.lookupType(name);
  const values = (name: string): ReadonlyMap<string, number> => new Map(Object.entries(root.lookupEnum(name).values));
  return {
    metricsRequest: type('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest'),
    logsRequest: type('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest'),
    traceRequest: type('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest'),
    metricsResponse: type('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse'),
    logsResponse: type('opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse'),
    traceResponse: type('opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse'),
    status: type('google.rpc.Status'),
    enums: {
      aggregationTemporality: values('opentelemetry.proto.metrics.v1.AggregationTemporality'),
      severityNumber: values('opentelemetry.proto.logs.v1.SeverityNumber'),
      spanKind: values('opentelemetry.proto.trace.v1.Span.SpanKind'),
      statusCode: values('opentelemetry.proto.trace.v1.Status.StatusCode'),
    },
  };
}
