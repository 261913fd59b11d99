import { randomUUID } from 'node:crypto';
import { appendFile, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isCode } from '../../fs/durable.js';
import { logDir } from './log-paths.js';

/**
 * Proof that a file no commit names is an orphan, for the files a long transaction (compaction,
 * retention) writes before it commits.
 *
 * A data file not yet committed looks exactly like one a crash left behind. Age alone tells them
 * apart only after a margin longer than any transaction takes, so a killed `optimize` would leave
 * its files until then. Instead, before writing each file, the transaction appends its name to a
 * marker `_delta_log/.writer.<pid>.<start>.<uuid>.tmp` (hidden, so Delta readers ignore it), and
 * removes the marker when it ends. A marker whose process is gone (no such PID, or a PID reused
 * by a process started at another time) names files nobody will ever commit: those that no commit
 * names are orphans at once, whatever their age. A marker written on another host (a data
 * directory shared between machines or containers, where this PID means nothing) counts as dead
 * only once it has not been touched for 15 minutes.
 */
const MARKER = /^\.writer\.(\d+)\.(\d+)\.[0-9a-f-]+\.tmp$/;
/** The marker's first line names the host, since a PID is only meaningful on its own machine. */
const HOST_LINE = '#host ';
/** How long a marker of another host must stay untouched before its files count as orphans. */
const REMOTE_MARKER_MARGIN_MS = 15 * 60_000;

/** The kernel's start time of a process (Linux `/proc/<pid>/stat` field 22), or 0 where unknown. */
function startTime(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[19]) || 0;
  } catch {
    return 0;
  }
}

function alive(pid: number, start: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if (isCode(error, 'ESRCH')) return false;
  }
  // Alive (or not ours to signal): the same process only if it started when the marker says.
  return start === 0 || startTime(pid) === 0 || startTime(pid) === start;
}

export class WriterMarker {
  private constructor(readonly path: string) {}

  static async create(tableDir: string): Promise<WriterMarker> {
    const name = `.writer.${process.pid}.${startTime(process.pid)}.${randomUUID()}.tmp`;
    const marker = new WriterMarker(join(logDir(tableDir), name));
    await appendFile(marker.path, `${HOST_LINE}${hostname()}\n`);
    return marker;
  }

  /** Records a file (relative to the table directory) before it is created. */
  async record(relativePath: string): Promise<void> {
    await appendFile(this.path, relativePath + '\n');
  }

  async close(): Promise<void> {
    await unlink(this.path).catch(() => {});
  }
}

/** The markers of processes that are gone, with the files they name (relative to the table). */
export async function deadWriterFiles(tableDir: string): Promise<{ markers: string[]; files: Set<string> }> {
  const dir = logDir(tableDir);
  const markers: string[] = [];
  const files = new Set<string>();
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return { markers, files };
    throw error;
  }
  for (const name of names) {
    const m = MARKER.exec(name);
    if (!m) continue;
    const path = join(dir, name);
    const text = await readFile(path, 'utf8').catch(() => null);
    if (text === null) continue;
    const lines = text.split('\n').filter((line) => line !== '');
    const host = lines[0]?.startsWith(HOST_LINE) ? lines[0].slice(HOST_LINE.length) : hostname();
    if (host === hostname()) {
      if (alive(Number(m[1]), Number(m[2]))) continue;
    } else {
      // Another machine's (or container's) process: its PID means nothing here. The marker is
      // touched at each file it writes; untouched for the in-flight margin, its writer is gone.
      const touched = (await stat(path).catch(() => null))?.mtimeMs ?? 0;
      if (Date.now() - touched < REMOTE_MARKER_MARGIN_MS) continue;
    }
    for (const line of lines) if (!line.startsWith(HOST_LINE)) files.add(line);
    markers.push(path);
  }
  return { markers, files };
}
