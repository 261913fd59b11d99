/**
 * Response bodies, decoded back by protobufjs with our schema, by the OpenTelemetry JS exporters'
 * own response decoders (the clients that will read them), and by JSON.parse.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ProtobufLogsSerializer,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import type { Long } from 'protobufjs';
import { encodeExportResponse, encodeStatus } from '../../src/otlp/encode-response.js';
import { longToBigInt } from '../../src/otlp/long.js';
import { otlpSchema } from '../../src/otlp/proto-loader.js';

interface DecodedPartial {
  partialSuccess?: { rejectedDataPoints?: Long; rejectedLogRecords?: Long; rejectedSpans?: Long; errorMessage: string };
}

describe('encodeExportResponse', () => {
  it('encodes full success as an empty message', () => {
    for (const signal of ['metrics', 'logs', 'traces'] as const) {
      assert.deepEqual(encodeExportResponse(signal, null, 'protobuf'), new Uint8Array(0));
      assert.equal(encodeExportResponse(signal, null, 'json'), '{}');
    }
  });

  it('encodes partial success with the rejected field of each signal (protobuf)', () => {
    const schema = otlpSchema();
    const metrics = encodeExportResponse('metrics', { rejected: 5, message: '5 points had no value' }, 'protobuf');
    const decodedMetrics = schema.metricsResponse.decode(metrics) as unknown as DecodedPartial;
    assert.equal(longToBigInt(decodedMetrics.partialSuccess!.rejectedDataPoints!), 5n);
    assert.equal(decodedMetrics.partialSuccess!.errorMessage, '5 points had no value');
    assert.deepEqual(ProtobufMetricsSerializer.deserializeResponse(metrics), {
      partialSuccess: { rejectedDataPoints: 5, errorMessage: '5 points had no value' },
    });

    const logs = encodeExportResponse('logs', { rejected: 2n ** 60n, message: 'too many' }, 'protobuf');
    const decodedLogs = schema.logsResponse.decode(logs) as unknown as DecodedPartial;
    assert.equal(longToBigInt(decodedLogs.partialSuccess!.rejectedLogRecords!), 2n ** 60n);
    assert.deepEqual(ProtobufLogsSerializer.deserializeResponse(logs), {
      partialSuccess: { rejectedLogRecords: 2 ** 60, errorMessage: 'too many' },
    });

    const traces = encodeExportResponse('traces', { rejected: 1, message: 'span without id' }, 'protobuf');
    assert.deepEqual(ProtobufTraceSerializer.deserializeResponse(traces), {
      partialSuccess: { rejectedSpans: 1, errorMessage: 'span without id' },
    });
  });

  it('encodes partial success per the proto3 JSON mapping: lowerCamelCase, int64 as a string', () => {
    assert.deepEqual(JSON.parse(encodeExportResponse('metrics', { rejected: 3, message: 'm' }, 'json')), {
      partialSuccess: { rejectedDataPoints: '3', errorMessage: 'm' },
    });
    assert.deepEqual(JSON.parse(encodeExportResponse('logs', { rejected: 2n ** 63n - 1n, message: 'l' }, 'json')), {
      partialSuccess: { rejectedLogRecords: '9223372036854775807', errorMessage: 'l' },
    });
    assert.deepEqual(JSON.parse(encodeExportResponse('traces', { rejected: 1, message: '' }, 'json')), {
      partialSuccess: { rejectedSpans: '1' },
    });
  });

  it('encodes a warning: nothing rejected, a message', () => {
    assert.deepEqual(JSON.parse(encodeExportResponse('logs', { rejected: 0, message: 'deprecated field' }, 'json')), {
      partialSuccess: { errorMessage: 'deprecated field' },
    });
    const body = encodeExportResponse('logs', { rejected: 0n, message: 'deprecated field' }, 'protobuf');
    assert.deepEqual(ProtobufLogsSerializer.deserializeResponse(body), {
      partialSuccess: { errorMessage: 'deprecated field' },
    });
  });

  it('refuses a count that is not a non-negative int64', () => {
    assert.throws(() => encodeExportResponse('logs', { rejected: -1, message: '' }, 'json'), RangeError);
    assert.throws(() => encodeExportResponse('logs', { rejected: 1.5, message: '' }, 'protobuf'), RangeError);
    assert.throws(() => encodeExportResponse('logs', { rejected: 2n ** 63n, message: '' }, 'protobuf'), RangeError);
  });
});

describe('encodeStatus', () => {
  it('encodes google.rpc.Status in protobuf', () => {
    const body = encodeStatus(3, 'resourceLogs[0]: expected an object', 'protobuf');
    const decoded = otlpSchema().status.decode(body) as unknown as { code: number; message: string; details: unknown[] };
    assert.equal(decoded.code, 3);
    assert.equal(decoded.message, 'resourceLogs[0]: expected an object');
    assert.deepEqual(decoded.details, []);
    // code = field 1 (varint), message = field 2 (length-delimited)
    assert.deepEqual([...encodeStatus(14, 'x', 'protobuf')], [0x08, 14, 0x12, 1, 0x78]);
  });

  it('encodes google.rpc.Status in JSON', () => {
    assert.equal(encodeStatus(3, 'bad "input"', 'json'), '{"code":3,"message":"bad \\"input\\""}');
    assert.deepEqual(JSON.parse(encodeStatus(8, 'spool full', 'json')), { code: 8, message: 'spool full' });
  });

  it('refuses a code that is not a status code', () => {
    assert.throws(() => encodeStatus(-1, 'x', 'json'), RangeError);
    assert.throws(() => encodeStatus(1.5, 'x', 'protobuf'), RangeError);
  });
});
