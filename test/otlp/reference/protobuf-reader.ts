import { isUtf8 } from 'node:buffer';
import protobuf from 'protobufjs';
import { OtlpDecodeError } from '../../../src/otlp/decode-error.js';

/**
 * protobufjs's Node reader, with the `string` field check it leaves out.
 *
 * protobuf says a `string` field holds valid UTF-8 (proto3 language guide: "A string must always
 * contain UTF-8 encoded or 7-bit ASCII text"), and Go's proto.Unmarshal rejects anything else.
 * protobufjs instead decodes invalid bytes to U+FFFD, and cuts a string that runs past the end of
 * the body short without complaint. Both would alter data silently, so this reader refuses them.
 * It is passed to `Type.decode`, which hands the same reader down to every nested message.
 */
class StrictReader extends protobuf.BufferReader {
  declare buf: Buffer;

  override string(): string {
    const length = this.uint32();
    const start = this.pos;
    const end = start + length;
    if (end > this.len) {
      throw new OtlpDecodeError(
        `a string field at byte ${start} runs past the end of its message (${length} bytes declared)`,
      );
    }
    this.pos = end;
    const text = this.buf.toString('utf8', start, end);
    // Invalid UTF-8 always decodes to U+FFFD, so the bytes only need checking when one appears
    // (a valid string may contain U+FFFD too, hence the check rather than a rejection).
    if (text.includes('\uFFFD') && !isUtf8(this.buf.subarray(start, end))) {
      throw new OtlpDecodeError(`a string field at byte ${start} is not valid UTF-8`);
    }
    return text;
  }
}

/**
 * Decodes one message of `type` from `body`. Any failure (truncated body, invalid wire type,
 * varint overflow, nesting beyond protobufjs's limit of 100 messages, invalid UTF-8) becomes an
 * OtlpDecodeError that names the message type expected.
 *
 * What protobufjs does not check: the wire type of known fields (a field sent with another wire
 * type than its declaration is read as declared) and, when several members of one oneof are on
 * the wire, the last occurrence: protobufjs reports the member whose first occurrence came last.
 */
export function decodeMessage<T>(type: protobuf.Type, body: Uint8Array): T {
  const buffer = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  try {
    return type.decode(new StrictReader(buffer)) as unknown as T;
  } catch (error) {
    const what = `not a valid protobuf ${type.name}`;
    if (error instanceof OtlpDecodeError) throw new OtlpDecodeError(`${what}: ${error.problem}`, { cause: error });
    throw new OtlpDecodeError(
      `${what} (${(error as Error).message}); check that the body is complete and that Content-Type matches it`,
      { cause: error },
    );
  }
}
