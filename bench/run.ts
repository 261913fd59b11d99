import { writeFileSync } from 'node:fs';
import { describeMachine, fmt, fmtInt, fmtRatio, isMain, machineInfo, markdownTable, MiB } from './common.js';
import { decodeTables, runDecodeBenches, type DecodeResult } from './decode.js';
import { caseName, settings } from './e2e-cases.js';
import { e2eTables, naiveRatio, runE2E, serverKind, staleDistWarning, type CaseResult, type OursResult } from './e2e.js';
import { payloadTable, TRAFFIC } from './payloads.js';

/**
 * `npm run bench`: every benchmark of issue 5 in one run, each printing its table, then the goals
 * checked against the numbers of this same run.
 *
 * Settings (environment): BENCH_SECONDS (30; per end-to-end and ceiling run), BENCH_WARMUP_SECONDS
 * (3), BENCH_CONNECTIONS (8), BENCH_RECORDS (1000 per request), BENCH_NAIVE_SECONDS (3), BENCH_CASES (metrics-protobuf,metrics-gzip,logs-protobuf,logs-gzip),
 * BENCH_TRAFFIC (generated|agents), BENCH_VARIANTS (24), BENCH_PROBE_MS (200), BENCH_RETRY_MS (100), BENCH_CEILING (1), BENCH_HALF (1),
 * BENCH_SIGNALS (metrics,logs; decode), BENCH_DECODE_ROUNDS (15), BENCH_DECODE_WARMUP (5), BENCH_PARQUET_ROUNDS (5), BENCH_SERVER
 * (dist|src), BENCH_SERVER_ARGS, BENCH_SERVER_NODE_ARGS, BENCH_SKIP (decode,e2e), BENCH_OUT (also
 * write the report to this file).
 */

const RSS_GOAL = 512 * MiB;

function goalRow(goal: string, measured: string, met: boolean | string): string[] {
  return [goal, measured, typeof met === 'string' ? met : met ? 'met' : 'missed'];
}

/** Fewer probes than this are reported, not judged. */
const MIN_PROBES = 10;

/** Issue 16: rows committed per second end to end ≥ 2× the naive in-memory pipeline, same bytes, same run. */
const NAIVE_RATIO_GOAL = 2;
/** Issue 16: every acknowledged row in the table no later than 2 s after the load ends. */
const DRAIN_GOAL_MS = 2000;

export function goalsTable(decode: DecodeResult[], e2e: CaseResult[]): string {
  const rows: string[][] = [];
  for (const d of decode) {
    rows.push(goalRow(`${d.signal}: decode + flatten ≥ 5× protobufjs Type.decode`, fmtRatio(d.ratio), d.ratio >= 5));
  }
  for (const c of e2e) {
    const name = caseName(c.spec);
    const ratio = naiveRatio(c);
    rows.push(
      goalRow(
        `${name}: rows committed/s ≥ ${NAIVE_RATIO_GOAL}× the naive pipeline`,
        `${fmt(ratio, 2)}× (${fmtInt(c.max.committedRowsPerSec)} vs ${fmtInt(c.naive.rowsPerSec)} rows/s)`,
        ratio >= NAIVE_RATIO_GOAL,
      ),
    );
    const drain = c.max.drainMs;
    rows.push(
      goalRow(
        `${name}: every acknowledged row committed ≤ 2 s after the load ends`,
        Number.isNaN(drain) ? 'not drained (timeout)' : `${fmt(drain / 1000)} s`,
        !Number.isNaN(drain) && drain <= DRAIN_GOAL_MS,
      ),
    );
    if (c.half) {
      const r503 = c.half.load.statuses['503'] ?? 0;
      rows.push(
        goalRow(
          `${name}: p99 ≤ 50 ms at half the maximum rate`,
          `${fmt(c.half.load.latency.p99)} ms${r503 ? `, ${fmtInt(r503)} of ${fmtInt(c.half.load.okRequests + r503)} requests 503` : ''}`,
          Number.isFinite(c.half.load.latency.p99) && c.half.load.latency.p99 <= 50 && r503 === 0,
        ),
      );
    }
    for (const r of [c.max, c.half].filter((x): x is OursResult => x !== null)) {
      const p95 = r.visibility.p95;
      rows.push(
        goalRow(
          `${name} (${r.mode}): readable ≤ 2 s after the 200 (p95)`,
          r.visibility.matched === 0
            ? `no probe readable (${r.visibility.failed} of ${r.visibility.probes} answered other than 200)`
            : `${fmt(p95)} ms (${r.visibility.matched} probes${r.visibility.failed ? `, ${r.visibility.failed} more not answered 200` : ''})`,
          r.visibility.matched === 0 ? false : r.visibility.matched < MIN_PROBES ? 'too few probes' : p95 <= 2000,
        ),
      );
    }
  }
  const runs = e2e.flatMap((c) => [c.max, c.half]).filter((x): x is OursResult => x !== null);
  if (runs.length) {
    const peak = Math.max(...runs.map((r) => r.peakRssBytes));
    rows.push(goalRow('peak RSS ≤ 512 MiB whatever the load', `${fmt(peak / MiB)} MiB (highest of ${runs.length} runs)`, peak <= RSS_GOAL));
  }
  return markdownTable(['goal (issues 5, 16)', 'this run', 'status'], rows);
}

export async function runAll(): Promise<string> {
  const skip = new Set((process.env.BENCH_SKIP ?? '').split(',').map((s) => s.trim()));
  const out: string[] = [];
  const print = (text: string) => {
    out.push(text);
    console.log(text + '\n');
  };
  const machine = machineInfo();
  const s = settings();
  print(`Machine: ${describeMachine(machine)}`);
  print(
    `Settings: BENCH_SECONDS=${s.seconds} BENCH_WARMUP_SECONDS=${s.warmupSeconds} BENCH_CONNECTIONS=${s.connections} ` +
      `BENCH_VARIANTS=${s.variants} server=${serverKind()}${process.env.BENCH_SERVER_ARGS ? ` serve ${process.env.BENCH_SERVER_ARGS}` : ''}`,
  );
  const warning = staleDistWarning();
  if (warning) print(warning);
  print(`Payloads, BENCH_TRAFFIC=${TRAFFIC} (decoded and checked with the server's decoder):\n\n` + payloadTable(1));

  let decode: DecodeResult[] = [];
  if (!skip.has('decode')) {
    decode = await runDecodeBenches();
    print(decodeTables(decode));
  }
  let e2e: CaseResult[] = [];
  if (!skip.has('e2e')) {
    e2e = await runE2E((line) => console.error(`… ${line}`));
    print(e2eTables(e2e));
  }
  print('Goals, checked against this run:\n\n' + goalsTable(decode, e2e));
  const report = out.join('\n\n') + '\n';
  if (process.env.BENCH_OUT) writeFileSync(process.env.BENCH_OUT, report);
  return report;
}

if (isMain(import.meta.url)) {
  await runAll();
}
