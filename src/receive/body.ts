import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { OtlpDeltaError } from '../errors.js';
import type { BodyEncoding } from './content.js';

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);

/**
 * Reads a request body and decodes its `Content-Encoding`, holding at most `limit` bytes of the
 * body as sent and of the decoded body: zlib's `maxOutputLength` stops inflating as soon as the
 * limit is passed, so a small bomb never expands in memory.
 */
export async function readBody(stream: Readable, encoding: BodyEncoding, limit: number): Promise<Buffer> {
  const raw = await readLimited(stream, limit);
  if (encoding === 'identity') return raw;
  try {
    if (encoding === 'gzip') return await gunzip(raw, { maxOutputLength: limit });
    return await (isZlibWrapped(raw) ? inflate : inflateRaw)(raw, { maxOutputLength: limit });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(limit, 'decompressed');
    throw new OtlpDeltaError(
      'BAD_REQUEST',
      `the body is not valid ${encoding} data (${(error as Error).message}); check Content-Encoding`,
    );
  }
}

async function readLimited(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > limit) {
      // Let the rest of the body drain unread so that the connection can carry the 413.
      stream.resume();
      throw tooLarge(limit, 'sent');
    }
    chunks.push(chunk);
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, length);
}

/**
 * HTTP's `deflate` is the zlib format (RFC 9110 §8.4.1.2), but some clients send raw DEFLATE;
 * a zlib stream starts with a CMF/FLG pair whose 16-bit value is a multiple of 31 (RFC 1950).
 */
function isZlibWrapped(buf: Buffer): boolean {
  return buf.length >= 2 && (buf[0] & 0x0f) === 8 && ((buf[0] << 8) | buf[1]) % 31 === 0;
}

function tooLarge(limit: number, what: 'sent' | 'decompressed'): OtlpDeltaError {
  return new OtlpDeltaError(
    'BODY_TOO_LARGE',
    `the ${what} body is larger than the limit of ${limit} bytes: export smaller batches (e.g. a lower OTEL_BLRP_MAX_EXPORT_BATCH_SIZE) or raise OTLP_DELTA_MAX_BODY_BYTES`,
  );
}
