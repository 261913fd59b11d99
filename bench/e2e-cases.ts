import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { envList, envNumber, nowMs } from './common.js';
import type { LoadConfig } from './load-client.js';
import { checkPayload, payload, payloadBytes, type Encoding, type SignalName } from './payloads.js';

/** The end-to-end cases and the load settings shared by the end-to-end and ceiling benchmarks. */

export interface CaseSpec {
  signal: SignalName;
  encoding: Encoding;
}

export const ALL_CASES = ['metrics-protobuf', 'metrics-gzip', 'logs-protobuf', 'logs-gzip'];

/** BENCH_CASES (comma-separated, default all four). */
export function caseSpecs(): CaseSpec[] {
  return envList('BENCH_CASES', ALL_CASES).map((name) => {
    const [signal, encoding] = name.split('-');
    if ((signal !== 'metrics' && signal !== 'logs') || (encoding !== 'protobuf' && encoding !== 'gzip')) {
      throw new Error(`BENCH_CASES: unknown case ${JSON.stringify(name)} (known: ${ALL_CASES.join(', ')})`);
    }
    return { signal, encoding };
  });
}

export function caseName(spec: CaseSpec): string {
  return `${spec.signal} ${spec.encoding}`;
}

/** The table each signal's load goes to. */
export function tableOf(signal: SignalName): { header: string; parts: [string, string, string] } {
  return { header: `bench.otel.${signal}`, parts: ['bench', 'otel', signal] };
}

export function requestHeaders(spec: CaseSpec): Record<string, string> {
  return {
    'content-type': 'application/x-protobuf',
    ...(spec.encoding === 'gzip' ? { 'content-encoding': 'gzip' } : {}),
    'x-databricks-uc-table-name': tableOf(spec.signal).header,
  };
}

export const settings = () => ({
  seconds: envNumber('BENCH_SECONDS', 30),
  warmupSeconds: envNumber('BENCH_WARMUP_SECONDS', 3),
  connections: envNumber('BENCH_CONNECTIONS', 8),
  // More distinct requests than a batch holds (20,000 rows at most), so that no file holds the same
  // request twice: a codec with a long window would otherwise compress it unrealistically well.
  variants: envNumber('BENCH_VARIANTS', 24),
  retryMs: envNumber('BENCH_RETRY_MS', 100),
});

/** Writes the case's request bodies (BENCH_VARIANTS of them) where the load generator reads them. */
export async function writeBodies(spec: CaseSpec): Promise<{ paths: string[]; rows: number; bytes: number[]; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'otlp-delta-bench-bodies-'));
  const paths: string[] = [];
  const bytes: number[] = [];
  let rows = 0;
  for (let v = 0; v < settings().variants; v++) {
    const p = payload(spec.signal, v);
    checkPayload(p);
    const path = join(dir, `${spec.signal}-${v}.${spec.encoding}`);
    const body = payloadBytes(p, spec.encoding);
    await writeFile(path, body);
    paths.push(path);
    bytes.push(body.length);
    rows = p.rows;
  }
  return { paths, rows, bytes, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A load run starting now: warm-up, then the measured window. `rate` 0 is closed loop. */
export function loadConfigFor(spec: CaseSpec, url: string, bodyFiles: string[], rate: number): LoadConfig {
  const s = settings();
  // Leave the child a moment to start before the warm-up is due to end.
  const startAt = nowMs() + Math.max(2, s.warmupSeconds) * 1000;
  return {
    url,
    path: `/v1/${spec.signal}`,
    headers: requestHeaders(spec),
    bodyFiles,
    rowsPerBody: payload(spec.signal, 0).rows,
    connections: s.connections,
    startAt,
    endAt: startAt + s.seconds * 1000,
    rate,
    retryMs: s.retryMs,
  };
}
