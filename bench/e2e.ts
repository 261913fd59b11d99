import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { runCeiling, ceilingTable, type CeilingResult } from './ceiling.js';
import {
  envNumber,
  fmt,
  fmtInt,
  fmtPct,
  isMain,
  markdownTable,
  MB,
  MiB,
  nowMs,
  percentile,
  CpuWindow,
  processMemory,
  ROOT_DIR,
  sleep,
} from './common.js';
import { CommitWatcher } from './delta-watch.js';
import { caseName, caseSpecs, loadConfigFor, requestHeaders, settings, tableOf, writeBodies, type CaseSpec } from './e2e-cases.js';
import { runLoadInChild, type LoadResult } from './load-client.js';
import { runNaiveInChild, type NaiveResult } from './naive.js';
import { payload, PROBE_PREFIX, probeRequest, TRAFFIC } from './payloads.js';

/**
 * End to end (issue 5, "Benchmarks" 2): the load generator (`load-client.ts`, N connections over
 * loopback, its own process) posts the generated payloads to `otlp-delta serve` with the local
 * Delta sink and the durable spool (fsync on: the service has no switch to turn it off), for
 * BENCH_SECONDS after BENCH_WARMUP_SECONDS of warm-up, on a fresh data directory per run.
 *
 * Per case (signal × encoding): the bare-fastify ceiling (`ceiling.ts`), our server at the
 * maximum rate (closed loop), and our server at half the rate the maximum run acknowledged (fixed
 * rate, latency from each request's due time).
 *
 * - rows/s, MB/s: rows and bytes (as sent: compressed for gzip) of the requests answered 200
 *   inside the window; "committed rows/s" counts the rows of the commits that appeared in the table
 *   inside the window, the rate the table really grew (the spool absorbs any difference, until it
 *   fills and the service answers 503). 503s are counted and shown, never retried.
 * - server CPU µs/row: the server's CPU seconds in the window (all its threads; in brackets its main
 *   thread's) over the rows committed in it.
 * - peak RSS: the server's VmHWM from /proc at the end of the run (the kernel's high-water mark; the
 *   table also samples VmRSS every 100 ms as a check).
 * - Parquet bytes/row: the sizes of the table's live files over their `numRecords`, from `_delta_log`.
 * - time to readable: a side stream (one connection, one request every BENCH_PROBE_MS) sends one-row
 *   requests whose row is named `bench.probe.<id>` to the same table, so they take the same spool,
 *   batch and commit path as the load. For each probe: the time from its 200 to the moment the
 *   commit that holds its row appeared in `_delta_log` (`delta-watch.ts`, inotify); which commit
 *   holds it is found afterwards by reading the live files with DuckDB, an independent reader.
 * - rows check: the table's row count (the log's `numRecords`, and DuckDB's `count(*)`) against the
 *   rows acknowledged with 200 (warm-up, window, tail and probes): they must be equal, exactly once.
 *
 * Which server: BENCH_SERVER=dist (default when `dist/cli.js` exists: what `npm start` runs) or
 * `src` (through tsx). BENCH_SERVER_ARGS adds flags to `serve`; BENCH_SERVER_NODE_ARGS adds node
 * flags (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
 */

const DIST_CLI = join(ROOT_DIR, 'dist', 'cli.js');
const SRC_CLI = join(ROOT_DIR, 'src', 'cli.ts');

export function serverKind(): 'dist' | 'src' {
  const chosen = process.env.BENCH_SERVER;
  if (chosen === 'dist' || chosen === 'src') return chosen;
  return existsSync(DIST_CLI) ? 'dist' : 'src';
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** A warning when the built server is older than the sources it was built from. */
export function staleDistWarning(): string | null {
  if (serverKind() !== 'dist') return null;
  const dist = newestMtime(join(ROOT_DIR, 'dist'));
  const src = newestMtime(join(ROOT_DIR, 'src'));
  return src > dist ? 'warning: src/ has changed since dist/ was built; run `npm run build` to measure the current code' : null;
}

const words = (s: string | undefined) => (s ?? '').split(/\s+/).filter(Boolean);

interface RunningServer {
  url: string;
  pid: number;
  output(): string;
  stop(): Promise<number | null>;
}

async function startServer(dataDir: string): Promise<RunningServer> {
  const entry = serverKind() === 'dist' ? [DIST_CLI] : ['--import', 'tsx', SRC_CLI];
  const child = spawn(
    process.execPath,
    [
      ...words(process.env.BENCH_SERVER_NODE_ARGS),
      ...entry,
      'serve',
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--data-dir',
      dataDir,
      ...words(process.env.BENCH_SERVER_ARGS),
    ],
    {
      cwd: ROOT_DIR,
      env: { ...process.env, OTLP_DELTA_LOG_LEVEL: process.env.OTLP_DELTA_LOG_LEVEL ?? 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (d) => (output = (output + d).slice(-100_000)));
  child.stderr!.on('data', (d) => (output = (output + d).slice(-100_000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`otlp-delta did not start:\n${output}`)), 30_000);
    child.stdout!.on('data', () => {
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    void exited.then((code) => reject(new Error(`otlp-delta exited with ${code}:\n${output}`)));
  });
  return {
    url,
    pid: child.pid!,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

function postOnce(agent: http.Agent, url: string, path: string, headers: Record<string, string>, body: Buffer): Promise<number | 'error'> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const request = http.request(
      { agent, host: u.hostname, port: u.port, path, method: 'POST', headers: { ...headers, 'content-length': String(body.length) } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', () => resolve('error'));
      },
    );
    request.on('error', () => resolve('error'));
    request.end(body);
  });
}

interface Probe {
  id: string;
  okAt: number;
  status: number | 'error';
}

/** One-row requests at a low rate on their own connection, during [startAt, endAt). */
async function probeStream(spec: CaseSpec, url: string, startAt: number, endAt: number, runId: string): Promise<Probe[]> {
  const interval = envNumber('BENCH_PROBE_MS', 200);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const probes: Probe[] = [];
  await sleep(Math.max(0, startAt - nowMs()));
  for (let i = 0; nowMs() < endAt; i++) {
    const id = `${runId}-${i}`;
    const raw = probeRequest(spec.signal, id);
    const body = spec.encoding === 'gzip' ? gzipSync(raw) : raw;
    const sentAt = nowMs();
    const status = await postOnce(agent, url, `/v1/${spec.signal}`, requestHeaders(spec), body);
    probes.push({ id, okAt: nowMs(), status });
    await sleep(Math.max(0, sentAt + interval - nowMs()));
  }
  agent.destroy();
  return probes;
}

export interface OursResult {
  spec: CaseSpec;
  mode: 'max' | 'half';
  /** Offered rate in fixed-rate mode, requests/s. */
  rate: number;
  load: LoadResult;
  rowsPerSec: number;
  committedRowsPerSec: number;
  mbPerSec: number;
  requestsPerSec: number;
  peakRssBytes: number;
  sampledPeakRssBytes: number;
  serverCores: number;
  /** Of which the main thread (HTTP, the body check, the spool, the commits). */
  mainCores: number;
  clientCores: number;
  /** Cores the rest of the machine used meanwhile (other processes: noise). */
  otherCores: number;
  parquetBytesPerRow: number;
  files: number;
  visibility: { probes: number; matched: number; failed: number; p50: number; p95: number; max: number; viaPoll: number };
  rows: { expected: number; inLog: number; duckdb: number };
  /** From the end of the window until every acknowledged row was in the table (NaN: not within the timeout). */
  drainMs: number;
  exitCode: number | null;
}

export async function runOurs(spec: CaseSpec, bodyFiles: string[], mode: 'max' | 'half', rate: number): Promise<OursResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'otlp-delta-bench-data-'));
  const server = await startServer(dataDir);
  const table = tableOf(spec.signal);
  const tableDir = join(dataDir, ...table.parts);
  const agent = new http.Agent({ keepAlive: false });
  let stopped = false;
  try {
    // One request first: it creates the table, so that the watcher has a log to watch.
    const first = await postOnce(agent, server.url, `/v1/${spec.signal}`, requestHeaders(spec), readFileSync(bodyFiles[0]));
    if (first !== 200) throw new Error(`the first request got ${first}:\n${server.output()}`);
    const rowsPerBody = payload(spec.signal, 0).rows;
    const watcher = new CommitWatcher(tableDir, envNumber('BENCH_POLL_MS', 50));
    await watcher.start();

    let sampledPeak = 0;
    const sampler = setInterval(() => {
      const m = processMemory(server.pid);
      if (m) sampledPeak = Math.max(sampledPeak, m.rss);
    }, 100);

    const config = loadConfigFor(spec, server.url, bodyFiles, rate);
    const cpu = new CpuWindow(server.pid, config.startAt, config.endAt);
    const runId = Math.random().toString(36).slice(2, 8);
    const [load, probes] = await Promise.all([
      runLoadInChild(config),
      probeStream(spec, server.url, config.startAt, config.endAt, runId),
    ]);
    const seconds = load.windowMs / 1000;
    const { cores, mainCores, otherCores } = cpu.result(seconds, load.cpuSeconds);

    // Wait until every acknowledged row is in the table.
    const okProbes = probes.filter((p) => p.status === 200);
    const expected = rowsPerBody + load.totalOkRows + okProbes.length;
    const drainTimeout = envNumber('BENCH_DRAIN_TIMEOUT_SECONDS', 120) * 1000;
    let drainMs = NaN;
    for (;;) {
      await watcher.scan();
      if (watcher.rows() >= expected) {
        drainMs = Math.max(0, nowMs() - config.endAt);
        break;
      }
      if (nowMs() - config.endAt > drainTimeout) break;
      await sleep(50);
    }
    clearInterval(sampler);
    const memory = processMemory(server.pid);
    const exitCode = await server.stop();
    stopped = true;
    await watcher.stop();

    const files = watcher.liveFiles();
    const inLog = files.reduce((n, f) => n + f.rows, 0);
    const bytes = files.reduce((n, f) => n + f.size, 0);

    // Which commit holds each probe, read from the Parquet files by DuckDB.
    const column = spec.signal === 'metrics' ? 'name' : 'event_name';
    const versionOf = new Map(files.map((f) => [join(tableDir, f.path), f.version]));
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    let duckdbRows = NaN;
    const probeVersion = new Map<string, number>();
    try {
      const list = files.map((f) => `'${join(tableDir, f.path).replace(/'/g, "''")}'`).join(', ');
      const found = (
        await connection.runAndReadAll(
          `SELECT filename, ${column} AS probe FROM read_parquet([${list}], filename = true) WHERE starts_with(${column}, '${PROBE_PREFIX}${runId}-')`,
        )
      ).getRowObjectsJS() as Array<{ filename: string; probe: string }>;
      for (const row of found) probeVersion.set(row.probe.slice(PROBE_PREFIX.length), versionOf.get(row.filename) ?? NaN);
      const counted = (await connection.runAndReadAll(`SELECT count(*) AS n FROM read_parquet([${list}])`)).getRowObjectsJS() as Array<{ n: bigint }>;
      duckdbRows = Number(counted[0].n);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
    const delays: number[] = [];
    let viaPoll = 0;
    for (const p of okProbes) {
      const version = probeVersion.get(p.id);
      const commit = version === undefined ? undefined : watcher.commits.get(version);
      if (!commit) continue;
      delays.push(commit.seenAt - p.okAt);
      if (commit.via === 'poll') viaPoll++;
    }

    return {
      spec,
      mode,
      rate,
      load,
      rowsPerSec: load.okRows / seconds,
      committedRowsPerSec: watcher.rowsCommittedBetween(config.startAt, config.endAt) / seconds,
      mbPerSec: load.okBytes / MB / seconds,
      requestsPerSec: load.okRequests / seconds,
      peakRssBytes: memory?.hwm ?? NaN,
      sampledPeakRssBytes: sampledPeak,
      serverCores: cores,
      mainCores,
      clientCores: load.cpuSeconds / seconds,
      otherCores,
      parquetBytesPerRow: bytes / inLog,
      files: files.length,
      visibility: {
        probes: probes.length,
        matched: delays.length,
        failed: probes.length - okProbes.length,
        p50: percentile(delays, 50),
        p95: percentile(delays, 95),
        max: delays.length ? Math.max(...delays) : NaN,
        viaPoll,
      },
      rows: { expected, inLog, duckdb: duckdbRows },
      drainMs,
      exitCode,
    };
  } finally {
    agent.destroy();
    if (!stopped) await server.stop();
    if (!process.env.BENCH_KEEP_DATA) await rm(dataDir, { recursive: true, force: true });
    else console.error(`kept ${dataDir}`);
  }
}

export interface CaseResult {
  spec: CaseSpec;
  ceiling: CeilingResult | null;
  max: OursResult;
  half: OursResult | null;
  /** The naive in-memory pipeline on the same bodies, in the same run (`naive.ts`). */
  naive: NaiveResult;
}

/** Rows committed per second end to end ÷ the naive pipeline's rows per second (issue 16: goal ≥ 2×). */
export const naiveRatio = (c: CaseResult) => c.max.committedRowsPerSec / c.naive.rowsPerSec;

export async function runCase(spec: CaseSpec, log: (line: string) => void = () => {}): Promise<CaseResult> {
  const bodies = await writeBodies(spec);
  try {
    let ceiling: CeilingResult | null = null;
    if (envNumber('BENCH_CEILING', 1) !== 0) {
      log(`${caseName(spec)}: bare fastify ceiling`);
      ceiling = await runCeiling(spec, bodies.paths);
    }
    log(`${caseName(spec)}: naive in-memory pipeline`);
    const naive = runNaiveInChild(spec, bodies.paths);
    log(`${caseName(spec)}: otlp-delta, maximum rate`);
    const max = await runOurs(spec, bodies.paths, 'max', 0);
    let half: OursResult | null = null;
    if (envNumber('BENCH_HALF', 1) !== 0 && max.requestsPerSec === 0) {
      log(`${caseName(spec)}: half rate not run: the maximum run had no request answered 200 in its window`);
    } else if (envNumber('BENCH_HALF', 1) !== 0) {
      const rate = max.requestsPerSec / 2;
      log(`${caseName(spec)}: otlp-delta, half rate (${fmt(rate)} requests/s)`);
      half = await runOurs(spec, bodies.paths, 'half', rate);
    }
    return { spec, ceiling, max, half, naive };
  } finally {
    await bodies.remove();
  }
}

/**
 * CPU µs the server spent per row committed in the window: steadier than the rates from run to
 * run on a shared machine, so the measure to compare two versions by.
 */
const cpuPerRow = (r: OursResult, cores: number) => (cores * 1e6) / r.committedRowsPerSec;
const non200 = (r: LoadResult) => Object.entries(r.statuses).reduce((n, [s, c]) => n + (s === '200' ? 0 : c), 0);
const status503 = (r: LoadResult) => r.statuses['503'] ?? 0;
const rowsCheck = (r: OursResult) =>
  r.rows.inLog === r.rows.expected && r.rows.duckdb === r.rows.expected ? 'ok' : `expected ${r.rows.expected}, log ${r.rows.inLog}, DuckDB ${r.rows.duckdb}`;

export function e2eTables(results: CaseResult[]): string {
  const s = settings();
  const maxColumns = ({ ceiling, max: r }: CaseResult) => [
    fmt(r.mbPerSec),
    ceiling ? fmt(ceiling.mbPerSec) : '–',
    ceiling ? fmtPct(r.mbPerSec / ceiling.mbPerSec) : '–',
    fmt(r.load.latency.p50),
    fmt(r.load.latency.p99),
    `${fmtInt(status503(r.load))} (${fmtPct(status503(r.load) / Math.max(1, r.load.okRequests + non200(r.load)))})${
      non200(r.load) > status503(r.load) ? ` +${non200(r.load) - status503(r.load)} other` : ''
    }`,
    fmt(r.peakRssBytes / MiB),
    fmt(r.parquetBytesPerRow),
    `${fmt(r.visibility.p50)} / ${fmt(r.visibility.p95)}`,
    fmt(r.serverCores, 2),
    `${fmt(cpuPerRow(r, r.serverCores), 2)} (${fmt(cpuPerRow(r, r.mainCores), 2)})`,
  ];
  const maxRows = results.map((c) => [
    caseName(c.spec),
    fmtInt(c.max.rowsPerSec),
    fmtInt(c.max.committedRowsPerSec),
    fmtInt(c.naive.rowsPerSec),
    `${fmt(naiveRatio(c), 2)}×`,
    ...maxColumns(c),
  ]);
  const halfRows = results
    .filter((c) => c.half)
    .map(({ spec, half }) => {
      const r = half!;
      return [
        caseName(spec),
        fmt(r.rate),
        fmtInt(r.rowsPerSec),
        fmtInt(r.committedRowsPerSec),
        fmt(r.load.latency.p50),
        fmt(r.load.latency.p99),
        fmt(r.load.latency.max),
        `${fmtInt(status503(r.load))} (${fmtPct(status503(r.load) / Math.max(1, r.load.okRequests + non200(r.load)))})`,
        `${fmt(r.visibility.p50)} / ${fmt(r.visibility.p95)}`,
        fmt(r.peakRssBytes / MiB),
        fmt(r.serverCores, 2),
      ];
    });
  const checkRows = results.flatMap(({ spec, max, half }) =>
    [max, half].filter((r): r is OursResult => r !== null).map((r) => [
      `${caseName(spec)} ${r.mode}`,
      fmtInt(r.load.totalOkRequests),
      rowsCheck(r),
      `${r.files}`,
      Number.isNaN(r.drainMs) ? 'timeout' : fmt(r.drainMs / 1000),
      `${r.visibility.matched}/${r.visibility.probes}${r.visibility.failed ? ` (${r.visibility.failed} not 200)` : ''}`,
      fmt(r.visibility.max),
      fmt(r.sampledPeakRssBytes / MiB),
      fmt(r.clientCores, 2),
      fmt(r.otherCores, 2),
      String(r.exitCode),
    ]),
  );
  const ceilings = results.map((c) => c.ceiling).filter((c): c is CeilingResult => c !== null);
  return [
    `End to end, otlp-delta serve (${serverKind()}), local Delta sink, durable spool with fsync; ${s.connections} connections, ` +
      `${s.seconds} s per run after ${s.warmupSeconds} s warm-up, ${s.variants} ${TRAFFIC} payload variants rotated:`,
    '',
    markdownTable(
      [
        'maximum rate',
        'rows/s (200)',
        'rows/s committed',
        'naive rows/s',
        'committed ÷ naive',
        'MB/s',
        'ceiling MB/s',
        '% of ceiling',
        'p50 ms',
        'p99 ms',
        '503s',
        'peak RSS MiB',
        'Parquet B/row',
        'readable p50 / p95 ms',
        'server cores',
        'server CPU µs/row (main thread)',
      ],
      maxRows,
    ),
    '',
    ...(results.some((c) => c.half === null && c.max.requestsPerSec === 0)
      ? [`Half rate not run for: ${results.filter((c) => c.half === null && c.max.requestsPerSec === 0).map((c) => caseName(c.spec)).join(', ')} (no request answered 200 in the maximum run's window).`, '']
      : []),
    ...(halfRows.length
      ? [
          'Half the maximum rate (fixed rate; latency from each request\'s due time):',
          '',
          markdownTable(
            ['half rate', 'requests/s', 'rows/s (200)', 'rows/s committed', 'p50 ms', 'p99 ms', 'max ms', '503s', 'readable p50 / p95 ms', 'peak RSS MiB', 'server cores'],
            halfRows,
          ),
          '',
        ]
      : []),
    ...(ceilings.length ? ['Ceiling, bare fastify reading the body, same load and run:', '', ceilingTable(ceilings), ''] : []),
    'Checks (rows in the table = rows answered 200, exactly once; drain = from the end of the window until all were committed):',
    '',
    markdownTable(
      ['run', 'requests 200', 'rows check', 'files', 'drain s', 'probes matched', 'readable max ms', 'sampled RSS MiB', 'client cores', 'other cores', 'exit'],
      checkRows,
    ),
  ].join('\n');
}

export async function runE2E(log: (line: string) => void = () => {}): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const spec of caseSpecs()) results.push(await runCase(spec, log));
  return results;
}

if (isMain(import.meta.url)) {
  const warning = staleDistWarning();
  if (warning) console.error(warning);
  const results = await runE2E((line) => console.error(`… ${line}`));
  console.log(e2eTables(results));
}
