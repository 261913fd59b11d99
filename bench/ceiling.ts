import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { CpuWindow, envNumber, fmt, fmtInt, isMain, markdownTable, MB, sleep } from './common.js';
import { runLoadInChild, type LoadResult } from './load-client.js';
import { caseName, caseSpecs, loadConfigFor, writeBodies, type CaseSpec } from './e2e-cases.js';

/**
 * The HTTP ceiling (issue 5, "Benchmarks" 3): the same load as the end-to-end benchmark against a
 * bare fastify server that only reads the body (fastify's own `parseAs: 'buffer'` parser, which
 * collects the chunks into one Buffer) and answers 200 with an empty body. No decompression, no
 * decoding, no disk. Our MB/s (as sent on the wire) is reported as a percentage of its MB/s.
 */

export interface RunningCeiling {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

const SELF = fileURLToPath(import.meta.url);

export async function startCeilingServer(): Promise<RunningCeiling> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', SELF, '--serve'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ceiling server did not start:\n${output}`)), 20_000);
    child.stdout!.on('data', () => {
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    void exited.then(() => reject(new Error(`ceiling server exited:\n${output}`)));
  });
  return {
    url,
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

async function serveCeiling(): Promise<void> {
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 * 1024 });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  for (const path of ['/v1/metrics', '/v1/logs', '/api/2.0/otel/v1/metrics', '/api/2.0/otel/v1/logs']) {
    app.post(path, async (request, reply) => {
      void (request.body as Buffer).length;
      return reply.code(200).header('content-type', 'application/x-protobuf').send(Buffer.alloc(0));
    });
  }
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`ceiling listening on ${address}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
  await app.close();
}

export interface CeilingResult {
  spec: CaseSpec;
  load: LoadResult;
  mbPerSec: number;
  requestsPerSec: number;
  serverCores: number;
  clientCores: number;
  /** Cores the rest of the machine used meanwhile (other processes: noise). */
  otherCores: number;
}

export async function runCeiling(spec: CaseSpec, bodyFiles: string[]): Promise<CeilingResult> {
  const server = await startCeilingServer();
  try {
    const config = loadConfigFor(spec, server.url, bodyFiles, 0);
    const cpu = new CpuWindow(server.pid, config.startAt, config.endAt);
    const load = await runLoadInChild(config);
    const seconds = load.windowMs / 1000;
    const { cores, otherCores } = cpu.result(seconds, load.cpuSeconds);
    return {
      spec,
      load,
      mbPerSec: load.okBytes / MB / seconds,
      requestsPerSec: load.okRequests / seconds,
      serverCores: cores,
      clientCores: load.cpuSeconds / seconds,
      otherCores,
    };
  } finally {
    await server.stop();
    await sleep(200);
  }
}

export function ceilingTable(results: CeilingResult[]): string {
  return markdownTable(
    ['case (bare fastify)', 'requests/s', 'MB/s', 'p50 ms', 'p99 ms', 'non-200', 'server cores', 'client cores', 'other cores'],
    results.map((r) => [
      caseName(r.spec),
      fmt(r.requestsPerSec),
      fmt(r.mbPerSec),
      fmt(r.load.latency.p50),
      fmt(r.load.latency.p99),
      fmtInt(Object.entries(r.load.statuses).reduce((n, [s, c]) => n + (s === '200' ? 0 : c), 0)),
      fmt(r.serverCores, 2),
      fmt(r.clientCores, 2),
      fmt(r.otherCores, 2),
    ]),
  );
}

if (isMain(import.meta.url)) {
  if (process.argv.includes('--serve')) {
    await serveCeiling();
  } else {
    const results: CeilingResult[] = [];
    for (const spec of caseSpecs()) {
      const files = await writeBodies(spec);
      results.push(await runCeiling(spec, files.paths));
      await files.remove();
    }
    console.log(`HTTP ceiling, ${envNumber('BENCH_SECONDS', 30)} s per case:\n`);
    console.log(ceilingTable(results));
  }
}
