import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fmt, isMain, markdownTable } from './common.js';

/**
 * Summarizes V8 CPU profiles (`node --cpu-prof`): where the main thread's time went, by phase and
 * by function. Not run by `npm run bench`; for the profiling step:
 *
 *   BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/otlp-prof" BENCH_CASES=metrics-protobuf \
 *     BENCH_CEILING=0 BENCH_HALF=0 node --import tsx bench/e2e.ts
 *   node --import tsx bench/profile-summary.ts /tmp/otlp-prof        # newest profile in the folder
 *
 * A CPU profile only sees the main thread: zlib's async gunzip, fs writes and fsyncs run on libuv's
 * thread pool and show up only as the main thread's idle time (and in the process's CPU seconds).
 *
 * Phase: the innermost frame of each sample's stack that names a known step (so time in
 * protobufjs under `decodeMetricsProtobuf` counts as decode, and a zlib call under `encodeParquet` as
 * Parquet GZIP); GC, idle and V8's "(program)" are their own phases.
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Step markers, matched against function names along a sample's stack (innermost wins). */
const PHASES: Array<[phase: string, test: (f: CallFrame) => boolean]> = [
  ['Delta stats (fileStats)', (f) => f.functionName === 'fileStats' || /\/sinks\/delta\/stats\./.test(f.url)],
  ['Parquet shredding (shredParts)', (f) => f.functionName === 'shredParts' || f.functionName === 'shredColumn' || /\/parquet\/(shred|leaf-data)\./.test(f.url)],
  ['Parquet GZIP', (f) => /zlib/.test(f.url) && f.functionName === 'processChunkSync'],
  ['Parquet pages, other', (f) => f.functionName === 'encodeParquet' || /\/sinks\/delta\/parquet\//.test(f.url)],
  ['decode (protobufjs + conversion)', (f) => /^decode(Metrics|Logs|Traces)Protobuf$/.test(f.functionName)],
  ['flatten', (f) => /^flatten(Metrics|Logs|Spans)$/.test(f.functionName)],
  ['spool append / group commit', (f) => /\/spool\//.test(f.url)],
  ['spool record encode', (f) => f.functionName === 'encodeSpoolRecord'],
  ['body read (readBody: chunks, concat)', (f) => f.functionName === 'readBody' || f.functionName === 'readLimited'],
  ['gunzip (main-thread part)', (f) => /zlib/.test(f.url)],
  ['Delta commit / log', (f) => /\/sinks\/delta\//.test(f.url)],
  ['export loop', (f) => /\/export\//.test(f.url)],
  ['fastify / routing / reply', (f) => /node_modules\/(fastify|find-my-way|avvio|light-my-request|@fastify)/.test(f.url)],
  ['logging (pino)', (f) => /node_modules\/pino/.test(f.url)],
  ['Prometheus metrics', (f) => /node_modules\/prom-client/.test(f.url)],
  ['node http / net / streams', (f) => /^node:(_http|http|net|stream|internal\/streams|internal\/http)/.test(f.url)],
  ['node fs', (f) => /^node:(fs|internal\/fs)/.test(f.url)],
];

/** What a frame is by itself (for the self-time table). */
function library(f: CallFrame): string {
  if (f.functionName === '(garbage collector)') return 'GC';
  if (f.functionName === '(idle)') return 'idle';
  if (f.functionName === '(program)') return 'V8 (program)';
  if (f.url.startsWith('wasm://')) return 'wasm';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f.url);
  if (m) return m[1];
  const ours = /\/(src|dist)\/(.+?)\.(ts|js)$/.exec(f.url);
  if (ours) return ours[2];
  if (f.url.startsWith('node:')) return f.url;
  return f.url || '(no url: native bindings, protobufjs generated code)';
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  phases: Array<{ phase: string; ms: number; share: number }>;
  selfTop: Array<{ fn: string; where: string; ms: number; share: number }>;
  libraries: Array<{ library: string; ms: number; share: number }>;
}

export function summarize(file: string, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const phaseOf = new Map<number, string>();
  const phaseFor = (id: number): string => {
    const cached = phaseOf.get(id);
    if (cached) return cached;
    const leaf = byId.get(id)!.callFrame;
    let phase: string | undefined;
    if (leaf.functionName === '(garbage collector)') phase = 'GC';
    else if (leaf.functionName === '(idle)') phase = 'idle (waiting: I/O, thread pool)';
    else if (leaf.functionName === '(program)') phase = 'V8 (program): native, outside JS';
    let fromSpool = false;
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const f = byId.get(at)!.callFrame;
      if (f.functionName === 'rowsOf' && /\/export\//.test(f.url)) fromSpool = true;
      if (phase !== undefined) continue;
      for (const [name, test] of PHASES) {
        if (test(f)) {
          phase = name;
          break;
        }
      }
    }
    phase ??= 'other';
    // Requests whose rows left the row cache are decoded again when exported.
    if (fromSpool && (phase.startsWith('decode') || phase === 'flatten')) phase = `${phase}, again from the spool (export)`;
    phaseOf.set(id, phase);
    return phase;
  };

  const phaseMs = new Map<string, number>();
  const selfMs = new Map<string, number>();
  const libMs = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    if (ms <= 0) continue;
    total += ms;
    const id = profile.samples[i];
    const f = byId.get(id)!.callFrame;
    const phase = phaseFor(id);
    phaseMs.set(phase, (phaseMs.get(phase) ?? 0) + ms);
    const key = `${f.functionName || '(anonymous)'}\t${library(f)}${f.url && !f.url.startsWith('wasm://') ? `:${f.lineNumber + 1}` : ''}`;
    selfMs.set(key, (selfMs.get(key) ?? 0) + ms);
    libMs.set(library(f), (libMs.get(library(f)) ?? 0) + ms);
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return {
    file,
    totalMs: total,
    phases: sorted(phaseMs).map(([phase, ms]) => ({ phase, ms, share: ms / total })),
    selfTop: sorted(selfMs)
      .slice(0, top)
      .map(([key, ms]) => {
        const [fn, where] = key.split('\t');
        return { fn, where, ms, share: ms / total };
      }),
    libraries: sorted(libMs).slice(0, 15).map(([library, ms]) => ({ library, ms, share: ms / total })),
  };
}

export function summaryText(s: ProfileSummary): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return [
    `${s.file}: ${fmt(s.totalMs / 1000)} s of main-thread samples`,
    '',
    markdownTable(['phase (innermost known step on the stack)', 'ms', 'share'], s.phases.map((p) => [p.phase, fmt(p.ms), pct(p.share)])),
    '',
    markdownTable(['self time by library / file', 'ms', 'share'], s.libraries.map((l) => [l.library, fmt(l.ms), pct(l.share)])),
    '',
    markdownTable(['function (self time)', 'where', 'ms', 'share'], s.selfTop.map((t) => [t.fn, t.where, fmt(t.ms), pct(t.share)])),
  ].join('\n');
}

function profilesIn(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  const files = readdirSync(path)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(path, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return process.env.PROFILE_ALL ? files : files.slice(0, 1);
}

if (isMain(import.meta.url)) {
  const paths = process.argv.slice(2);
  if (paths.length === 0) {
    console.error('usage: node --import tsx bench/profile-summary.ts <file.cpuprofile | folder> ...');
    process.exit(2);
  }
  for (const path of paths) for (const file of profilesIn(path)) console.log(summaryText(summarize(file, Number(process.env.PROFILE_TOP ?? 25))) + '\n');
}
