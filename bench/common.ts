import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

/** Shared helpers of the benchmarks: settings from the environment, statistics, tables, the machine. */

export const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
export const ROOT_DIR = fileURLToPath(new URL('..', import.meta.url));

/** True when `moduleUrl` is the script node was started with (so a bench file can also run alone). */
export function isMain(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && fileURLToPath(moduleUrl) === process.argv[1];
}

export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number, got ${JSON.stringify(raw)}`);
  return value;
}

export function envList(name: string, fallback: readonly string[]): string[] {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return [...fallback];
  return raw.split(',').map((s) => s.trim()).filter(Boolean);
}

/** Wall clock in milliseconds with sub-millisecond resolution, comparable across processes. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile (the value below which `p` percent of the samples fall). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

// ---- formatting ----

export function fmtInt(n: number): string {
  if (!Number.isFinite(n)) return '–';
  return Math.round(n).toLocaleString('en-US');
}

/** 3 significant digits, thousands separated. */
export function fmt(n: number, digits = 3): string {
  if (!Number.isFinite(n)) return '–';
  if (Math.abs(n) >= 10 ** digits) return fmtInt(n);
  return Number(n.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

export function fmtPct(ratio: number): string {
  if (!Number.isFinite(ratio)) return '–';
  const pct = ratio * 100;
  return pct === 0 || Math.abs(pct) >= 10 ? `${pct.toFixed(0)}%` : `${Number(pct.toPrecision(2))}%`;
}

export function fmtRatio(ratio: number): string {
  return Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : '–';
}

export const MB = 1e6;
export const MiB = 1024 * 1024;

/** A GitHub-flavoured markdown table (prints well in a terminal, pastes into the README). */
export function markdownTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

// ---- the machine ----

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
  kernel: string;
  filesystem: string;
  commit: string;
  dirty: boolean;
  /** 1-minute load average when the run started: other work on the machine skews absolute figures. */
  loadAverage: number;
}

/** What the numbers were measured on, read at run time. */
export function machineInfo(dataDir = os.tmpdir()): MachineInfo {
  const cpus = os.cpus();
  let filesystem = 'unknown';
  try {
    filesystem = execFileSync('df', ['-T', dataDir], { encoding: 'utf8' }).trim().split('\n')[1]?.split(/\s+/)[1] ?? filesystem;
  } catch {
    // df missing: leave it unknown
  }
  let commit = 'unknown';
  let dirty = false;
  try {
    commit = execFileSync('git', ['-C', ROOT_DIR, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    dirty = execFileSync('git', ['-C', ROOT_DIR, 'status', '--porcelain', '--', 'src'], { encoding: 'utf8' }).trim() !== '';
  } catch {
    // not a git checkout
  }
  return {
    cpus: os.availableParallelism?.() ?? cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: os.totalmem() / 1024 ** 3,
    node: process.version,
    platform: `${os.type()} ${os.arch()}`,
    kernel: os.release(),
    filesystem,
    commit,
    dirty,
    loadAverage: os.loadavg()[0],
  };
}

export function describeMachine(m: MachineInfo): string {
  return (
    `${m.cpus} cores (${m.cpuModel}), ${m.memoryGiB.toFixed(1)} GiB memory, Node ${m.node}, ` +
    `${m.platform} ${m.kernel}, data on ${m.filesystem}; commit ${m.commit}${m.dirty ? ' with uncommitted changes in src/' : ''}; ` +
    `load average ${m.loadAverage.toFixed(2)} at start`
  );
}

// ---- processes ----

/** Resident memory of a process from /proc (Linux): current and peak (VmHWM), in bytes. */
export function processMemory(pid: number): { rss: number; hwm: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kib('VmRSS'), hwm: kib('VmHWM') };
  } catch {
    return null;
  }
}

const CLOCK_TICKS = 100; // sysconf(_SC_CLK_TCK) on Linux

/**
 * CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat; with `tid`, one of
 * its threads, from /proc/<pid>/task/<tid>/stat (a process's main thread has tid = pid).
 */
export function processCpuSeconds(pid: number, tid?: number): number {
  try {
    const stat = readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[11], fields[12] are utime and stime (fields 14 and 15 of proc(5), counted from 1).
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

/** CPU seconds the whole machine has been busy (all cores; /proc/stat, Linux). */
export function systemBusySeconds(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    return (user + nice + system + irq + softirq + (steal ?? 0)) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

/** CPU seconds this process has used. */
export function selfCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/**
 * Samples, at two instants, the CPU seconds of one process, of this process and of the machine;
 * `otherCores` is what everything else on the machine (the load generator aside) used meanwhile.
 */
export class CpuWindow {
  private start: { pid: number; main: number; self: number; system: number } | null = null;
  private end: { pid: number; main: number; self: number; system: number } | null = null;
  private readonly timers: NodeJS.Timeout[];

  constructor(
    private readonly pid: number,
    startAt: number,
    endAt: number,
  ) {
    const sample = () => ({ pid: processCpuSeconds(pid), main: processCpuSeconds(pid, pid), self: selfCpuSeconds(), system: systemBusySeconds() });
    this.timers = [
      setTimeout(() => (this.start = sample()), Math.max(0, startAt - nowMs())),
      setTimeout(() => (this.end = sample()), Math.max(0, endAt - nowMs())),
    ];
  }

  /**
   * Cores used on average: by the process, by its main thread, and by the rest of the machine
   * except `clientSeconds`.
   */
  result(seconds: number, clientSeconds: number): { cores: number; mainCores: number; otherCores: number } {
    this.timers.forEach(clearTimeout);
    if (!this.start || !this.end) return { cores: NaN, mainCores: NaN, otherCores: NaN };
    const process = this.end.pid - this.start.pid;
    const system = this.end.system - this.start.system;
    const self = this.end.self - this.start.self;
    return {
      cores: process / seconds,
      mainCores: (this.end.main - this.start.main) / seconds,
      otherCores: Math.max(0, system - process - self - clientSeconds) / seconds,
    };
  }
}
