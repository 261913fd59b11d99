import { SeverityNumber } from '@opentelemetry/api-logs';
import { ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';

/** The table the container test writes, and the one Claude Code's settings name in the README. */
export const CLAUDE_LOGS_TABLE = 'main.agents.claude_code_otel_logs';

export interface ClaudeEvent {
  readonly body: string;
  readonly attributes: Record<string, string | number>;
}

/**
 * Events as Claude Code emits them (AGENT-TELEMETRY.md: `event.name` without prefix, `body`
 * `claude_code.<event>`, the standard attributes), serialized as OTLP/protobuf by the OpenTelemetry
 * JS SDK, which is what Claude Code itself exports with (`OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf`).
 */
export function claudeEvents(sessionId: string): ClaudeEvent[] {
  const common = { 'session.id': sessionId, 'app.version': '2.0.55', 'user.id': 'c0ffee', 'terminal.type': 'tmux' };
  return [
    { body: 'claude_code.user_prompt', attributes: { ...common, 'event.name': 'user_prompt', 'event.sequence': 0, prompt_length: 42 } },
    {
      body: 'claude_code.api_request',
      attributes: {
        ...common,
        'event.name': 'api_request',
        'event.sequence': 1,
        model: 'claude-sonnet-4-5',
        cost_usd: 0.0123,
        duration_ms: 2345,
        input_tokens: 1200,
        output_tokens: 310,
      },
    },
    {
      body: 'claude_code.tool_result',
      attributes: { ...common, 'event.name': 'tool_result', 'event.sequence': 2, tool_name: 'Edit', success: 'true' },
    },
  ];
}

export async function claudeLogsProtobuf(events: readonly ClaudeEvent[]): Promise<Uint8Array> {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'claude-code', 'service.version': '2.0.55' }),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger('com.anthropic.claude_code.events', '2.0.55');
  for (const event of events) logger.emit({ severityNumber: SeverityNumber.UNSPECIFIED, body: event.body, attributes: event.attributes });
  await provider.forceFlush();
  const bytes = ProtobufLogsSerializer.serializeRequest(exporter.getFinishedLogRecords());
  await provider.shutdown();
  if (!bytes) throw new Error('the serializer returned nothing');
  return bytes;
}
