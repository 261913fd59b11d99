/**
 * Mutation test: random bit flips, byte changes, truncations, insertions and deletions of valid
 * payloads (SDK-made and generated). Whenever the old path throws an OtlpDecodeError the new one
 * throws one too; when the old path succeeds the new one returns the same rows, except on the
 * constructs where the new reader knowingly departs from protobufjs (see `divergence.ts` and
 * `src/rows/wire/index.ts`), which an independent walk of the body must find. The new path never
 * throws anything but an OtlpDecodeError.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import protobuf from 'protobufjs';
import { otlpSchema } from '../../../src/otlp/proto-loader.js';
import { findDivergence } from './divergence.js';
import { logsRequest, metricsRequest, mutate, Random, tracesRequest } from './gen.js';
import { sdkLogs, sdkMetrics, sdkSpans } from './sdk.js';
import { describe as describeOutcome, isDecodeError, LOGS, METRICS, run, type Signal, TRACES } from './signals.js';

const MUTATIONS_PER_BASE = Number(process.env.WIRE_MUTATIONS ?? 400);
const GENERATED_BASES = 12;

interface Tally {
  cases: number;
  bothReject: number;
  bothAcceptEqual: number;
  /** new rejects (or differs) where old accepts, by the construct found. */
  departures: Record<string, number>;
}

function mutationTest(signal: Signal, type: protobuf.Type, bases: Uint8Array[], seed: number): Tally {
  const tally: Tally = { cases: 0, bothReject: 0, bothAcceptEqual: 0, departures: {} };
  const rand = new Random(seed);
  for (const base of bases) {
    for (let m = 0; m < MUTATIONS_PER_BASE; m++) {
      const body = mutate(base, rand);
      const old = run(signal.old, body);
      const neu = run(signal.new, body);
      tally.cases++;
      const where = () => `${signal.name} mutation ${tally.cases}: ${Buffer.from(body).toString('hex')}`;
      if (!neu.ok) assert.ok(isDecodeError(neu), `${where()}: new threw ${describeOutcome(neu)}`);
      if (!old.ok) {
        assert.ok(isDecodeError(old), `${where()}: old threw ${describeOutcome(old)}`);
        assert.ok(!neu.ok, `${where()}: the old path rejects (${describeOutcome(old)}) but the new one accepts`);
        tally.bothReject++;
        continue;
      }
      let differs: string | null = null;
      if (!neu.ok) differs = `new rejects: ${describeOutcome(neu)}`;
      else {
        try {
          assert.deepStrictEqual(neu.result, old.result);
        } catch (error) {
          differs = `results differ: ${(error as Error).message.slice(0, 2000)}`;
        }
      }
      if (differs === null) {
        tally.bothAcceptEqual++;
        continue;
      }
      const divergence = findDivergence(type, body);
      assert.ok(divergence !== null, `${where()}: old accepts, ${differs}, and no known departure explains it`);
      const key = neu.ok ? `${divergence} (both accept, rows differ)` : divergence;
      tally.departures[key] = (tally.departures[key] ?? 0) + 1;
    }
  }
  return tally;
}

describe('mutated payloads: the new path rejects what the old one rejects, and agrees on the rest', () => {
  let metrics: Uint8Array;
  before(async () => {
    metrics = await sdkMetrics();
  });

  const cases: Array<[Signal, () => protobuf.Type, () => Uint8Array, (rand: Random) => Uint8Array, number]> = [
    [METRICS, () => otlpSchema().metricsRequest, () => metrics, metricsRequest, 1],
    [LOGS, () => otlpSchema().logsRequest, sdkLogs, logsRequest, 2],
    [TRACES, () => otlpSchema().traceRequest, sdkSpans, tracesRequest, 3],
  ];
  for (const [signal, type, sdk, generate, seed] of cases) {
    it(`${signal.name}: SDK payload and ${GENERATED_BASES} generated ones, ${MUTATIONS_PER_BASE} mutations each`, (t) => {
      const bases = [sdk()];
      for (let i = 0; i < GENERATED_BASES; i++) {
        const body = generate(new Random(seed * 1000 + i));
        if (body.length > 20) bases.push(body);
      }
      const tally = mutationTest(signal, type(), bases, seed);
      t.diagnostic(`${signal.name}: ${JSON.stringify(tally)}`);
      assert.ok(tally.bothReject > tally.cases / 10, 'mutations do break bodies');
      assert.ok(tally.bothAcceptEqual > tally.cases / 20, 'mutations also leave bodies valid');
    });
  }
});
