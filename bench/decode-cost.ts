import { getHeapStatistics } from 'node:v8';
import { SIGNALS } from '../src/receive/signals.js';
import { decodeBody } from '../src/rows/decode.js';
import type { FlattenResult } from '../src/rows/flatten-result.js';
import { envList, envNumber, fmt, fmtInt, isMain, markdownTable, median } from './common.js';
import { payload, type SignalName } from './payloads.js';

/**
 * What `decodeBody(kind, 'protobuf', body)` costs per record the way an encode worker runs it
 * (issue 16, items 1 and 5): the rows of the last BENCH_COST_KEEP requests stay alive, as a batch's
 * rows do until its Parquet file is written, so the young-generation GC copies them as it does in
 * the worker. `bench/decode.ts` drops each request's rows at once, which hides that cost.
 *
 * - **CPU µs/record**: `process.cpuUsage()` (user + system, every thread of the process, V8's GC
 *   helper threads included) over a run of BENCH_COST_REQUESTS requests, median of BENCH_COST_RUNS
 *   runs; wall µs/record beside it.
 * - **allocated B/record**: growth of the V8 heap over one request decoded right after a full GC,
 *   run with a young generation large enough that no GC happens inside it
 *   (`node --expose-gc --max-semi-space-size=64`); median over the runs. Omitted without
 *   `--expose-gc`.
 *
 * To compare two versions, run this from each checkout back to back on the same machine state
 * (the figures move by several % from run to run on a shared machine).
 */

export interface DecodeCost {
  signal: SignalName;
  cpuUsPerRecord: number;
  wallUsPerRecord: number;
  allocatedBytesPerRecord: number | null;
}

export function measureDecodeCost(signal: SignalName): DecodeCost {
  const keep = envNumber('BENCH_COST_KEEP', 20);
  const requests = envNumber('BENCH_COST_REQUESTS', 200);
  const runs = envNumber('BENCH_COST_RUNS', 7);
  const bodies = [0, 1, 2, 3].map((v) => payload(signal, v).protobuf);
  const records = payload(signal, 0).rows;
  const kind = SIGNALS[signal].kind;
  const kept: FlattenResult[] = [];
  const decodeOne = (i: number) => {
    const result = decodeBody(kind, 'protobuf', bodies[i % bodies.length]);
    if (result.rows.length !== records) throw new Error(`expected ${records} rows, got ${result.rows.length}`);
    kept[i % keep] = result;
  };
  for (let i = 0; i < requests; i++) decodeOne(i); // warm-up: optimized code, caches filled

  const cpu: number[] = [];
  const wall: number[] = [];
  const allocated: number[] = [];
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let run = 0; run < runs; run++) {
    const t = performance.now();
    const usage = process.cpuUsage();
    for (let i = 0; i < requests; i++) decodeOne(i);
    const used = process.cpuUsage(usage);
    wall.push(((performance.now() - t) * 1000) / (requests * records));
    cpu.push((used.user + used.system) / (requests * records));
    if (gc !== undefined) {
      gc();
      const before = getHeapStatistics().used_heap_size;
      decodeOne(run);
      allocated.push((getHeapStatistics().used_heap_size - before) / records);
    }
  }
  return {
    signal,
    cpuUsPerRecord: median(cpu),
    wallUsPerRecord: median(wall),
    allocatedBytesPerRecord: gc === undefined ? null : median(allocated),
  };
}

export function decodeCostTable(results: DecodeCost[]): string {
  return markdownTable(
    ['signal', 'CPU µs/record (all threads)', 'wall µs/record', 'allocated B/record'],
    results.map((r) => [
      r.signal,
      fmt(r.cpuUsPerRecord),
      fmt(r.wallUsPerRecord),
      r.allocatedBytesPerRecord === null ? 'n/a (run with --expose-gc)' : fmtInt(r.allocatedBytesPerRecord),
    ]),
  );
}

if (isMain(import.meta.url)) {
  const signals = envList('BENCH_SIGNALS', ['logs', 'metrics']) as SignalName[];
  console.log(decodeCostTable(signals.map(measureDecodeCost)));
}
