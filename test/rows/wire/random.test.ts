/**
 * Property-style differential test: seeded random valid requests of the three signals (see
 * `gen.ts`), each decoded by the old path and by the new one; the results must be deep-equal.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { logsRequest, metricsRequest, Random, tracesRequest } from './gen.js';
import { describe as describeOutcome, LOGS, METRICS, run, type Signal, TRACES } from './signals.js';

const CASES = Number(process.env.WIRE_CASES ?? 300);

function differential(signal: Signal, generate: (rand: Random) => Uint8Array, seedBase: number): void {
  let rows = 0;
  for (let seed = seedBase; seed < seedBase + CASES; seed++) {
    const body = generate(new Random(seed));
    const old = run(signal.old, body);
    assert.ok(old.ok, `seed ${seed}: the generator made a body the old path refuses: ${describeOutcome(old)}`);
    const neu = run(signal.new, body);
    assert.ok(neu.ok, `seed ${seed}: the new path refuses a valid body: ${describeOutcome(neu)}`);
    assert.deepStrictEqual(neu.result, old.result, `seed ${seed} (${Buffer.from(body).toString('hex').slice(0, 200)}...)`);
    rows += old.result.rows.length;
  }
  assert.ok(rows > CASES, `the generator made rows (${rows})`);
}

describe('random valid requests: new path deep-equal to the old one', () => {
  it(`metrics (${CASES} requests)`, () => differential(METRICS, metricsRequest, 1));
  it(`logs (${CASES} requests)`, () => differential(LOGS, logsRequest, 10_001));
  it(`traces (${CASES} requests)`, () => differential(TRACES, tracesRequest, 20_001));
});
