import { SeverityNumber } from '@opentelemetry/api-logs';
import { ProtobufLogsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';

/** Valid OTLP requests made by the OpenTelemetry JS SDK and its serializers (not by our code). */
export async function sdkLogsProtobuf(count = 3): Promise<Uint8Array> {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'payloads' }),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger('payloads', '1.0.0');
  for (let i = 0; i < count; i++) {
    logger.emit({ severityNumber: SeverityNumber.INFO, severityText: 'INFO', body: `record ${i}`, attributes: { i } });
  }
  await provider.forceFlush();
  const bytes = ProtobufLogsSerializer.serializeRequest(exporter.getFinishedLogRecords());
  await provider.shutdown();
  if (!bytes) throw new Error('serializer returned nothing');
  return bytes;
}

class CollectingReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

export async function sdkMetricsProtobuf(): Promise<Uint8Array> {
  const reader = new CollectingReader();
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'payloads' }),
    readers: [reader],
  });
  const meter = provider.getMeter('payloads');
  meter.createCounter('requests').add(3, { route: '/a' });
  meter.createHistogram('latency', { unit: 'ms' }).record(12.5);
  const { resourceMetrics } = await reader.collect();
  const bytes = ProtobufMetricsSerializer.serializeRequest(resourceMetrics);
  await provider.shutdown();
  if (!bytes) throw new Error('serializer returned nothing');
  return bytes;
}

/** A small hand-written OTLP/JSON logs request. */
export function jsonLogs(body = 'hello'): string {
  return JSON.stringify({
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'json' } }] },
        scopeLogs: [
          {
            scope: { name: 'json-scope' },
            logRecords: [{ timeUnixNano: '1700000000000000000', severityNumber: 9, body: { stringValue: body } }],
          },
        ],
      },
    ],
  });
}
