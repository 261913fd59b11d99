/**
 * Property: hostile bytes never crash the decoders. Random bytes, mutated valid protobuf (bit flips,
 * truncations, overwrites, insertions, corrupted length fields), random JSON and mutated valid JSON
 * either decode into rows or throw an OtlpDeltaError with status 400 (an OtlpDecodeError from the
 * decode), never any other exception.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { OtlpDeltaError } from '../../src/errors.js';
import { OtlpDecodeError } from '../../src/otlp/decode-error.js';
import { SIGNALS } from '../../src/receive/signals.js';
import { decodeBody } from '../../src/rows/decode.js';
import { encode, mutation, REQUESTS, type SignalName } from './arbitraries.js';

export const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
export const SEED = Number(process.env.FUZZ_SEED ?? 20240602);

/** Both the receive path's check (a 400 or nothing) and the encode workers' decode (an OtlpDecodeError or rows). */
export function survives(signal: SignalName, body: Uint8Array, format: 'protobuf' | 'json'): void {
  try {
    SIGNALS[signal].check(Buffer.from(body), format);
  } catch (error) {
    if (!(error instanceof OtlpDeltaError) || error.status !== 400) {
      assert.fail(`${signal}/${format}: not a 400 OtlpDeltaError: ${error instanceof Error ? error.stack : String(error)}`);
    }
  }
  try {
    decodeBody(SIGNALS[signal].kind, format, body);
  } catch (error) {
    if (!(error instanceof OtlpDecodeError)) {
      assert.fail(`${signal}/${format}: the decode threw ${error instanceof Error ? error.stack : String(error)}`);
    }
  }
}

const signal = fc.constantFrom<SignalName>('metrics', 'logs', 'traces');
const format = fc.constantFrom<'protobuf' | 'json'>('protobuf', 'json');

export const PROPERTIES = {
  'random bytes': fc.property(signal, format, fc.uint8Array({ maxLength: 300 }), (s, f, body) => survives(s, body, f)),
  'mutated valid protobuf': fc.property(
    signal.chain((s) => REQUESTS[s].chain((r) => mutation(encode(s, r, 'protobuf')).map((body) => [s, body] as const))),
    ([s, body]) => survives(s, body, 'protobuf'),
  ),
  'mutated valid JSON (bytes)': fc.property(
    signal.chain((s) => REQUESTS[s].chain((r) => mutation(encode(s, r, 'json')).map((body) => [s, body] as const))),
    ([s, body]) => survives(s, body, 'json'),
  ),
  'random JSON values': fc.property(signal, fc.jsonValue({ maxDepth: 4 }), (s, v) =>
    survives(s, Buffer.from(JSON.stringify(v) ?? 'null'), 'json'),
  ),
  'random JSON under the request keys': fc.property(
    signal,
    fc.jsonValue({ maxDepth: 5 }),
    fc.constantFrom('resourceMetrics', 'resourceLogs', 'resourceSpans', 'resource_spans'),
    (s, v, k) => survives(s, Buffer.from(JSON.stringify({ [k]: v })), 'json'),
  ),
  'valid JSON with a field replaced by random JSON': fc.property(
    signal.chain((s) => REQUESTS[s].map((r) => [s, encode(s, r, 'json').toString('utf8')] as const)),
    fc.nat(),
    fc.jsonValue({ maxDepth: 3 }),
    ([s, text], pick, v) => {
      // Replace one value (after a `":`) by a random JSON value; the text stays JSON-shaped.
      const spots = [...text.matchAll(/":/g)].map((m) => m.index! + 2);
      if (spots.length === 0) return;
      const at = spots[pick % spots.length]!;
      const rest = text.slice(at);
      const end = at + (/^("(?:[^"\\]|\\.)*"|-?[0-9.eE+-]+|true|false|null)/.exec(rest)?.[0].length ?? 0);
      survives(s, Buffer.from(text.slice(0, at) + JSON.stringify(v) + text.slice(end)), 'json');
    },
  ),
  'deep nesting': fc.property(signal, format, fc.integer({ min: 1, max: 20_000 }), (s, f, depth) => {
    if (f === 'json') {
      const inner = '{"arrayValue":{"values":['.repeat(depth) + '{}' + ']}}'.repeat(depth);
      const key = s === 'metrics' ? 'resourceMetrics' : s === 'logs' ? 'resourceLogs' : 'resourceSpans';
      survives(s, Buffer.from(`{"${key}":[{"resource":{"attributes":[{"key":"k","value":${inner}}]}}]}`), 'json');
    } else {
      // AnyValue{array_value{values{...}}} nested `depth` deep, inside KeyValue inside Resource.
      let v: Buffer = Buffer.alloc(0);
      for (let i = 0; i < depth; i++) {
        const values = Buffer.concat([Buffer.from([0x0a]), lenBytes(v.length), v]); // ArrayValue.values = 1
        v = Buffer.concat([Buffer.from([0x2a]), lenBytes(values.length), values]); // AnyValue.array_value = 5
      }
      const kv = Buffer.concat([Buffer.from([0x0a, 0x01, 0x6b, 0x12]), lenBytes(v.length), v]);
      const res = Buffer.concat([Buffer.from([0x0a]), lenBytes(kv.length), kv]);
      const rx = Buffer.concat([Buffer.from([0x0a]), lenBytes(res.length), res]);
      survives(s, Buffer.concat([Buffer.from([0x0a]), lenBytes(rx.length), rx]), 'protobuf');
    }
  }),
};

function lenBytes(n: number): Buffer {
  const out: number[] = [];
  do {
    const b = n & 0x7f;
    n = Math.floor(n / 128);
    out.push(n === 0 ? b : b | 0x80);
  } while (n !== 0);
  return Buffer.from(out);
}

// scripts/fuzz-long.ts imports the properties without registering the tests.
if (process.env.FUZZ_LONG !== '1')
  for (const [name, property] of Object.entries(PROPERTIES)) {
  test(`fuzz hostile input: ${name} → rows or a 400, never another error`, () => {
    fc.assert(property as fc.IProperty<unknown[]>, { seed: SEED, numRuns: name === 'deep nesting' ? 20 : RUNS });
  });
}
