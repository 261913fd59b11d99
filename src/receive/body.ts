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
 * limit is passed, so a small bomb never expands in memory. `onBytes` is told of every chunk as it
 * arrives (the in-flight accounting counts what a request holds, not what it declares); it may
 * throw to refuse the rest.
 */
export async function readBody(
  stream: Readable,
  encoding: BodyEncoding,
  limit: number,
  onBytes: (bytes: number) => void = () => undefined,
): Promise<Buffer> {
  const raw = await readLimited(stream, limit, onBytes);
  if (encoding === 'identity') return raw;
  const options = { maxOutputLength: limit, chunkSize: outputChunkSize(raw, encoding) };
  try {
    if (encoding === 'gzip') return await gunzip(raw, options);
    return await (isZlibWrapped(raw) ? inflate : inflateRaw)(raw, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(limit, 'decompressed');
    throw new OtlpDeltaError(
      'BAD_REQUEST',
      `the body is not valid ${encoding} data (${(error as Error).message}); check Content-Encoding`,
    );
  }
}

/**
 * zlib's output chunk for a compressed body. Each chunk is a trip through libuv's thread pool and
 * back, and a buffer to join at the end: with zlib's default of 16 KiB, a 300 KB OTLP body took
 * 19 trips, three times the CPU of the inflating itself (1,100 against 350 µs per request on
 * bench/ bodies). A gzip body says its size in its last 4 bytes (ISIZE, RFC 1952), so it mostly
 * inflates into one buffer of just that size (and a little room, so that the stream ends in the
 * first trip); a deflate body does not, and OTLP protobuf shrinks 5-25 times. The size is only a
 * hint (`maxOutputLength` holds the limit): a chunk stays between zlib's default and 1 MiB, so that
 * a body that lies costs no more than it did with the default and holds no more than 1 MiB it
 * does not fill.
 */
function outputChunkSize(raw: Buffer, encoding: BodyEncoding): number {
  const hint = encoding === 'gzip' && raw.length >= GZIP_MIN_BYTES ? raw.readUInt32LE(raw.length - 4) : raw.length * 32;
  return Math.min(1 << 20, Math.max(zlib.constants.Z_DEFAULT_CHUNK, hint + 64));
}

/** A gzip member's header (10 bytes) and trailer (CRC32 and ISIZE, 8 bytes). */
const GZIP_MIN_BYTES = 18;

/**
 * The body as sent. Read with listeners rather than `for await`: leaving a `for await` early
 * destroys the stream, and with it the connection the error answer must go out on. A refused body
 * is left flowing (discarded) so that its client can finish sending and read the answer.
 */
function readLimited(stream: Readable, limit: number, onBytes: (bytes: number) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const finish = (error: Error | null) => {
      stream.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      if (error === null) return resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, length));
      stream.resume();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      length += chunk.length;
      if (length > limit) return finish(tooLarge(limit, 'sent'));
      try {
        onBytes(chunk.length);
      } catch (error) {
        return finish(error as Error);
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish(null);
    const onError = (error: Error) => finish(error);
    // The client went away (or the shutdown cut the connection) before the body ended.
    const onClose = () => finish(new OtlpDeltaError('BAD_REQUEST', 'the connection closed before the whole body arrived'));
    stream.on('data', onData).once('end', onEnd).once('error', onError).once('close', onClose);
  });
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
