import { OtlpDeltaError } from '../errors.js';
import type { BodyFormat } from '../rows/decode.js';
export type BodyEncoding = 'identity' | 'gzip' | 'deflate';

const MEDIA_TYPES: Record<string, BodyFormat> = {
  'application/x-protobuf': 'protobuf',
  'application/protobuf': 'protobuf',
  'application/json': 'json',
};

export const CONTENT_TYPES: Record<BodyFormat, string> = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
};

/** The body format named by `Content-Type`; parameters such as `; charset=utf-8` are ignored. */
export function parseContentType(header: string | undefined): BodyFormat {
  const mediaType = (header ?? '').split(';', 1)[0].trim().toLowerCase();
  const format = MEDIA_TYPES[mediaType];
  if (!format) {
    throw new OtlpDeltaError(
      'UNSUPPORTED_MEDIA_TYPE',
      `unsupported Content-Type ${mediaType ? JSON.stringify(mediaType) : '(none)'}: send application/x-protobuf or application/json`,
    );
  }
  return format;
}

/** The body's `Content-Encoding`; one coding at most, as OTLP exporters send. */
export function parseContentEncoding(header: string | undefined): BodyEncoding {
  const coding = (header ?? '').trim().toLowerCase();
  if (coding === '' || coding === 'identity') return 'identity';
  if (coding === 'gzip' || coding === 'x-gzip') return 'gzip';
  if (coding === 'deflate') return 'deflate';
  throw new OtlpDeltaError(
    'UNSUPPORTED_MEDIA_TYPE',
    `unsupported Content-Encoding ${JSON.stringify(coding)}: send gzip, deflate or no encoding`,
  );
}
