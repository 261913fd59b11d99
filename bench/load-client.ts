import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { isMain, nowMs, percentile, sleep } from './common.js';

/**
 * The load generator of the end-to-end and ceiling benchmarks: N keep-alive connections over
 * loopback, each posting the request bodies in turn (rotating over the payload variants), in a
 * process of its own so that its CPU is not the measuring process's.
 *
 * - closed loop (`rate` 0): every connection sends its next request as soon as the previous one is
 *   answered: the maximum rate the server sustains with N requests in flight;
 * - fixed rate (`rate` > 0 requests/s): request k is due at start + k/rate; a free connection takes
 *   the next due request, and its latency is counted from when it was due, not from when it was
 *   sent, so a server that falls behind cannot hide the queueing (no coordinated omission).
 *
 * A 503 is counted (never retried: its body is lost to the count of acknowledged rows, as it
 * would be to a client that gave up), and in closed loop the connection then pauses `retryMs`
 * before its next request, a short stand-in for the client honouring `Retry-After` (OTLP
 * exporters wait the header's seconds, which would take the offered load down much further).
 *
 * Only requests answered inside [startAt, endAt) (fixed rate: due inside it) are in the window's
 * statistics; requests before it warm the server up, and the ones in flight at endAt are awaited
 * (their 200s count in the total of acknowledged rows, which is checked against the table) but are
 * not in the window.
 */

export interface LoadConfig {
  url: string;
  path: string;
  headers: Record<string, string>;
  bodyFiles: string[];
  rowsPerBody: number;
  connections: number;
  /** Epoch milliseconds: warm-up runs from launch until startAt, the measured window until endAt. */
  startAt: number;
  endAt: number;
  /** Requests per second; 0 means closed loop (as fast as the server answers). */
  rate: number;
  retryMs: number;
}

export interface LoadResult {
  windowMs: number;
  /** Answers inside the window, by status ('error' for connection failures). */
  statuses: Record<string, number>;
  okRequests: number;
  okRows: number;
  okBytes: number;
  /** Latency of the 200s inside the window, ms (from the due time in fixed-rate mode). */
  latency: { p50: number; p90: number; p99: number; max: number };
  /** Fixed-rate mode: latency from the actual send. */
  sendLatency: { p50: number; p99: number } | null;
  /** Latency of the 503s inside the window, ms. */
  rejectedLatencyP50: number;
  /** Rows acknowledged (200) over the whole run, warm-up and tail included. */
  totalOkRows: number;
  totalOkRequests: number;
  /** Acknowledged rows in each whole second of the window. */
  rowsPerSecond: number[];
  /** CPU seconds the load generator used during the window. */
  cpuSeconds: number;
}

export async function runLoad(config: LoadConfig): Promise<LoadResult> {
  const bodies = config.bodyFiles.map((f) => readFileSync(f));
  const url = new URL(config.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: config.connections, maxFreeSockets: config.connections });

  const statuses: Record<string, number> = {};
  const okLatencies: number[] = [];
  const sendLatencies: number[] = [];
  const rejectedLatencies: number[] = [];
  const seconds = new Array<number>(Math.max(1, Math.ceil((config.endAt - config.startAt) / 1000))).fill(0);
  let okRequests = 0;
  let okRows = 0;
  let okBytes = 0;
  let totalOkRows = 0;
  let totalOkRequests = 0;
  let next = 0;
  let cpuAtStart: NodeJS.CpuUsage | null = null;
  let cpuAtEnd: NodeJS.CpuUsage | null = null;
  const cpuTimers = [
    setTimeout(() => (cpuAtStart = process.cpuUsage()), Math.max(0, config.startAt - nowMs())),
    setTimeout(() => (cpuAtEnd = process.cpuUsage()), Math.max(0, config.endAt - nowMs())),
  ];

  const post = (body: Buffer) =>
    new Promise<number | 'error'>((resolve) => {
      const request = http.request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          path: config.path,
          method: 'POST',
          headers: { ...config.headers, 'content-length': String(body.length) },
        },
        (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
          response.on('error', () => resolve('error'));
        },
      );
      request.on('error', () => resolve('error'));
      request.end(body);
    });

  const launchedAt = nowMs();
  async function connection(): Promise<void> {
    for (;;) {
      const k = next++;
      let due: number;
      if (config.rate > 0) {
        // Warm-up runs at the same rate, from launch.
        due = launchedAt + (k * 1000) / config.rate;
        if (due >= config.endAt) return;
        const wait = due - nowMs();
        if (wait > 0) await sleep(wait);
      } else {
        due = nowMs();
        if (due >= config.endAt) return;
      }
      const body = bodies[k % bodies.length];
      const sentAt = nowMs();
      const status = await post(body);
      const doneAt = nowMs();
      if (status === 200) {
        totalOkRequests++;
        totalOkRows += config.rowsPerBody;
      }
      // Fixed rate: every request due in the window counts, however late it was answered.
      const at = config.rate > 0 ? due : doneAt;
      if (at >= config.startAt && at < config.endAt) {
        statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
        if (status === 200) {
          okRequests++;
          okRows += config.rowsPerBody;
          okBytes += body.length;
          okLatencies.push(doneAt - due);
          if (config.rate > 0) sendLatencies.push(doneAt - sentAt);
          const second = Math.floor((doneAt - config.startAt) / 1000);
          if (second < seconds.length) seconds[second] += config.rowsPerBody;
        } else if (status === 503) {
          rejectedLatencies.push(doneAt - sentAt);
        }
      }
      if (config.rate === 0 && status !== 200) await sleep(status === 503 ? config.retryMs : 100);
    }
  }

  await Promise.all(Array.from({ length: config.connections }, connection));
  cpuTimers.forEach(clearTimeout);
  agent.destroy();
  const cpuStart = cpuAtStart as NodeJS.CpuUsage | null;
  const cpuEnd = (cpuAtEnd as NodeJS.CpuUsage | null) ?? process.cpuUsage();
  const cpuSeconds = cpuStart ? (cpuEnd.user - cpuStart.user + cpuEnd.system - cpuStart.system) / 1e6 : NaN;

  return {
    windowMs: config.endAt - config.startAt,
    statuses,
    okRequests,
    okRows,
    okBytes,
    latency: {
      p50: percentile(okLatencies, 50),
      p90: percentile(okLatencies, 90),
      p99: percentile(okLatencies, 99),
      max: okLatencies.length ? Math.max(...okLatencies) : NaN,
    },
    sendLatency: config.rate > 0 ? { p50: percentile(sendLatencies, 50), p99: percentile(sendLatencies, 99) } : null,
    rejectedLatencyP50: percentile(rejectedLatencies, 50),
    totalOkRows,
    totalOkRequests,
    rowsPerSecond: seconds.slice(0, Math.floor((config.endAt - config.startAt) / 1000)),
    cpuSeconds,
  };
}

const SELF = fileURLToPath(import.meta.url);

/** Runs the load generator in a child process; resolves with its result. */
export function runLoadInChild(config: LoadConfig): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SELF], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`load generator exited with ${code}: ${err}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()!) as LoadResult);
      } catch (error) {
        reject(new Error(`load generator printed no result: ${out}\n${err}`, { cause: error }));
      }
    });
    child.stdin.end(JSON.stringify(config));
  });
}

if (isMain(import.meta.url)) {
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const result = await runLoad(JSON.parse(input) as LoadConfig);
  process.stdout.write(JSON.stringify(result) + '\n');
}
