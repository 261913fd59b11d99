import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { OtlpDeltaError } from '../../src/errors.js';
import { readBody } from '../../src/receive/body.js';
import { parseContentEncoding, parseContentType } from '../../src/receive/content.js';

const payload = Buffer.from('x'.repeat(5000) + 'end');
const stream = (buf: Buffer, chunk = 1000) =>
  Readable.from(Array.from({ length: Math.ceil(buf.length / chunk) }, (_, i) => buf.subarray(i * chunk, (i + 1) * chunk)));

test('reads plain, gzip, zlib deflate and raw deflate bodies', async () => {
  assert.deepEqual(await readBody(stream(payload), 'identity', 10_000), payload);
  assert.deepEqual(await readBody(stream(gzipSync(payload)), 'gzip', 10_000), payload);
  assert.deepEqual(await readBody(stream(deflateSync(payload)), 'deflate', 10_000), payload);
  assert.deepEqual(await readBody(stream(deflateRawSync(payload)), 'deflate', 10_000), payload);
});

test('compressed bodies read back whole from a few bytes to several MiB (more than one output chunk)', async () => {
  const random = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 7919) % 251));
  for (const body of [Buffer.from('a'), random(70_000), random(3_000_000), Buffer.alloc(5_000_000, 'z')]) {
    assert.deepEqual(await readBody(stream(gzipSync(body)), 'gzip', 10_000_000), body);
    assert.deepEqual(await readBody(stream(deflateRawSync(body)), 'deflate', 10_000_000), body);
  }
});

test('the size a gzip trailer gives is only a hint: several members read whole, a wrong size is a 400', async () => {
  // The last member's size is that member's alone.
  const first = Buffer.alloc(3_000_000, 'a');
  const members = Buffer.concat([gzipSync(first), gzipSync(payload)]);
  assert.deepEqual(await readBody(stream(members), 'gzip', 10_000_000), Buffer.concat([first, payload]));
  for (const size of [0, 0xffffffff]) {
    const lying = gzipSync(payload);
    lying.writeUInt32LE(size, lying.length - 4);
    await rejectsWith(readBody(stream(lying), 'gzip', 10_000), 400, /not valid gzip/);
  }
});

async function rejectsWith(promise: Promise<unknown>, status: number, message: RegExp) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof OtlpDeltaError);
    assert.equal(error.status, status);
    assert.match(error.message, message);
    return true;
  });
}

test('the limit applies to the body as sent and after decompression', async () => {
  await rejectsWith(readBody(stream(payload), 'identity', 4000), 413, /sent body is larger than the limit of 4000/);
  const bomb = gzipSync(Buffer.alloc(50_000_000));
  assert.ok(bomb.length < 100_000);
  await rejectsWith(readBody(stream(bomb), 'gzip', 1_000_000), 413, /decompressed body is larger/);
  await rejectsWith(readBody(stream(deflateSync(Buffer.alloc(50_000_000))), 'deflate', 1_000_000), 413, /decompressed/);
});

test('a body that is not in its declared encoding is a 400', async () => {
  await rejectsWith(readBody(stream(payload), 'gzip', 10_000), 400, /not valid gzip/);
  await rejectsWith(readBody(stream(gzipSync(payload).subarray(0, 30)), 'gzip', 10_000), 400, /not valid gzip/);
});

test('content types and encodings', () => {
  assert.equal(parseContentType('application/x-protobuf'), 'protobuf');
  assert.equal(parseContentType('Application/JSON; charset=utf-8'), 'json');
  assert.throws(() => parseContentType('text/plain'), /unsupported Content-Type "text\/plain"/);
  assert.throws(() => parseContentType(undefined), /\(none\)/);
  assert.equal(parseContentEncoding(undefined), 'identity');
  assert.equal(parseContentEncoding('GZIP'), 'gzip');
  assert.equal(parseContentEncoding('deflate'), 'deflate');
  assert.throws(() => parseContentEncoding('br'), (e: unknown) => e instanceof OtlpDeltaError && e.status === 415);
});
