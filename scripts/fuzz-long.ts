/**
 * The long fuzz run: the same properties as `test/fuzz/` with many more cases and a random seed.
 *   FUZZ_RUNS=100000 node --import tsx scripts/fuzz-long.ts       (FUZZ_SEED=<n> to replay a seed)
 */
import fc from 'fast-check';

process.env.FUZZ_LONG = '1'; // the test files then only export their properties
const { PROPERTIES } = await import('../test/fuzz/hostile.test.js');
const { roundTripProperty } = await import('../test/fuzz/roundtrip.test.js');

const runs = Number(process.env.FUZZ_RUNS ?? 20_000);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
console.log(`fuzz-long: ${runs} cases per property, seed ${seed}`);
const all: Array<[string, fc.IRawProperty<unknown[]>]> = [
  ...(['metrics', 'logs', 'traces'] as const).map((s) => [`round trip ${s}`, roundTripProperty(s)] as [string, fc.IRawProperty<unknown[]>]),
  ...Object.entries(PROPERTIES).map(([n, p]) => [`hostile: ${n}`, p] as [string, fc.IRawProperty<unknown[]>]),
];
let failed = 0;
for (const [name, property] of all) {
  const started = Date.now();
  const details = fc.check(property, { seed, numRuns: name.includes('deep nesting') ? Math.min(runs, 200) : runs });
  const took = ((Date.now() - started) / 1000).toFixed(1);
  if (details.failed) {
    failed++;
    console.log(`FAIL ${name} (${took} s)\n${fc.defaultReportMessage(details)}`);
  } else console.log(`ok   ${name}: ${details.numRuns} cases in ${took} s`);
}
process.exitCode = failed ? 1 : 0;
