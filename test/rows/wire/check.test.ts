/**
 * The check-only walk (`src/rows/wire/check/`, behind `checkBody`) against the row decoder, body
 * by body: both throw the same error (class and message, path included), or the check's row
 * count, `rejected` and `rejectionMessage` are those of the decoded rows. Bodies: the seeded
 * random valid requests of `random.test.ts`, the mutations of `mutation.test.ts`, the SDK's and the
 * large generated payloads; the hand-built bodies of `differential.test.ts` and `errors.test.ts`
 * are compared there (`checkAgrees`). The test counts what it met, so that a generator that stopped
 * making errors, rejections or rows would fail it.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { OtlpDecodeError } from '../../../src/otlp/decode-error.js';
import { checkBody, decodeBody } from '../../../src/rows/decode.js';
import { checkOf } from '../../../src/rows/flatten-result.js';
import { fFixed64, fMessage, fString, logsRequest, metricsRequest, mutate, Random, tracesRequest } from './gen.js';
import { logsPayload, metricsPayload } from './payloads.js';
import { sdkLogs, sdkMetrics, sdkSpans } from './sdk.js';
import { checkAgrees, LOGS, METRICS, type Signal, TRACES, type Verdict } from './signals.js';

const CASES = Number(process.env.WIRE_CASES ?? 300);
const MUTATIONS_PER_BASE = Number(process.env.WIRE_MUTATIONS ?? 300);

interface Seen {
  bodies: number;
  errors: number;
  rows: number;
  /** Bodies with records rejected for a LONG out of range (the decode fallback). */
  withRejections: number;
}

function tally(seen: Seen, v: Verdict): void {
  seen.bodies++;
  if ('error' in v) {
    seen.errors++;
    assert.ok(v.error === 'OtlpDecodeError' || v.error === 'WireError', `only decode errors are thrown, got ${v.error}: ${v.message}`);
    return;
  }
  seen.rows += v.counts.rowCount;
  if (v.counts.rejected > 0) seen.withRejections++;
}

const fresh = (): Seen => ({ bodies: 0, errors: 0, rows: 0, withRejections: 0 });

const GENERATORS: Array<[Signal, (rand: Random) => Uint8Array, number]> = [
  [METRICS, metricsRequest, 1],
  [LOGS, logsRequest, 10_001],
  [TRACES, tracesRequest, 20_001],
];

describe('random valid requests: check and decode agree', () => {
  for (const [signal, generate, seedBase] of GENERATORS) {
    it(`${signal.name} (${CASES} requests)`, () => {
      const seen = fresh();
      for (let seed = seedBase; seed < seedBase + CASES; seed++) tally(seen, checkAgrees(signal, generate(new Random(seed)), `seed ${seed}`));
      assert.equal(seen.errors, 0, 'the generator makes valid bodies');
      assert.ok(seen.rows > CASES, `rows were counted (${seen.rows})`);
      assert.ok(seen.withRejections > 0, 'some bodies hold a LONG value out of range');
    });
  }
});

describe('mutated requests: check and decode agree, errors word for word', () => {
  let metrics: Uint8Array;
  before(async () => {
    metrics = await sdkMetrics();
  });
  const sdk: Record<Signal['name'], () => Uint8Array> = { metrics: () => metrics, logs: sdkLogs, traces: sdkSpans };
  for (const [signal, generate, seedBase] of GENERATORS) {
    it(`${signal.name}: SDK payload and 12 generated ones, ${MUTATIONS_PER_BASE} mutations each`, (t) => {
      const bases = [sdk[signal.name]()];
      for (let i = 0; i < 12; i++) bases.push(generate(new Random(seedBase * 7 + i)));
      const rand = new Random(seedBase + 5);
      const seen = fresh();
      for (const base of bases) {
        for (let m = 0; m < MUTATIONS_PER_BASE; m++) tally(seen, checkAgrees(signal, mutate(base, rand), `mutation ${seen.bodies}`));
      }
      t.diagnostic(`${signal.name}: ${JSON.stringify(seen)}`);
      assert.ok(seen.errors > seen.bodies / 10, 'mutations break bodies');
      assert.ok(seen.bodies - seen.errors > seen.bodies / 20, 'mutations also leave bodies valid');
    });
  }
});

describe('payloads of the SDK and of the benchmarks', () => {
  it('SDK metrics, logs and spans; 10,000-record metrics and logs payloads', async () => {
    assert.equal(checkAgrees(METRICS, await sdkMetrics()).hasOwnProperty('counts'), true);
    for (const [signal, body] of [
      [LOGS, sdkLogs()],
      [TRACES, sdkSpans()],
    ] as const) {
      assert.ok('counts' in checkAgrees(signal, body));
    }
    assert.deepEqual(checkAgrees(METRICS, metricsPayload(10_000)), { counts: { rowCount: 10_000, rejected: 0, rejectionMessage: '' } });
    assert.deepEqual(checkAgrees(LOGS, logsPayload(10_000)), { counts: { rowCount: 10_000, rejected: 0, rejectionMessage: '' } });
  });
});

describe('checkBody, the entry of the receive path', () => {
  const record = (...fields: Uint8Array[]) => fMessage(1, [fMessage(2, [fMessage(2, fields)])]);

  it('counts rows, rejections and their message as decodeBody does, in both formats', () => {
    // Two log records, one with a time past 2^63-1: one row, one rejection naming the value.
    const body = fMessage(1, [fMessage(2, [fMessage(2, [fFixed64(1, 5n)]), fMessage(2, [fFixed64(1, 2n ** 64n - 1n)])])]);
    const expected = {
      rowCount: 1,
      rejected: 1,
      rejectionMessage: '1 log record was rejected: time_unix_nano 18446744073709551615 does not fit a signed 64-bit LONG',
    };
    assert.deepEqual(checkBody('logs', 'protobuf', body), expected);
    assert.deepEqual(checkOf(decodeBody('logs', 'protobuf', body)), expected);
    const json = Buffer.from(JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ timeUnixNano: '5' }, {}] }] }] }));
    assert.deepEqual(checkBody('logs', 'json', json), { rowCount: 2, rejected: 0, rejectionMessage: '' });
    // A metric without data: no row, and the message names it.
    const noData = record(fString(1, 'tokens'));
    assert.deepEqual(checkBody('metrics', 'protobuf', noData), checkOf(decodeBody('metrics', 'protobuf', noData)));
    assert.match(checkBody('metrics', 'protobuf', noData).rejectionMessage, /"tokens"/);
  });

  it('throws the error of decodeBody, message type and format named', () => {
    const badId = record(fString(9, 'abc')); // trace_id of 3 bytes (fString writes bytes)
    for (const [kind, format, body] of [
      ['spans', 'protobuf', Uint8Array.of(0x0a, 0x05, 0x01)],
      ['logs', 'protobuf', badId],
      ['metrics', 'json', Buffer.from('{"resourceMetrics": 3}')],
    ] as const) {
      const expected = (() => {
        try {
          decodeBody(kind, format, body);
        } catch (error) {
          return error as Error;
        }
        assert.fail(`decodeBody accepts ${kind} ${format}`);
      })();
      assert.throws(() => checkBody(kind, format, body), (error: unknown) => {
        assert.ok(error instanceof OtlpDecodeError);
        assert.equal(error.message, expected.message);
        return true;
      });
    }
    assert.throws(() => checkBody('logs', 'protobuf', badId), {
      message: /^the body is not a valid ExportLogsServiceRequest in protobuf \(application\/x-protobuf\): resourceLogs\[0\]\.scopeLogs\[0\]\.logRecords\[0\]\.traceId: expected an id of 16 bytes \(or none\), got 3 bytes$/,
    });
  });
});
