import { watch, type FSWatcher } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { nowMs } from './common.js';

/**
 * Watches a local Delta table's `_delta_log` and notes when each commit became readable.
 *
 * A commit exists, for any reader, from the moment its `%020d.json` name does: the service writes
 * and fsyncs the commit under a temporary name and then `link`s it to the version's name (see
 * `src/sinks/delta/commit.ts`), so the name never shows a partial commit. The watcher learns of new
 * names from inotify (`fs.watch`) and, as a fallback, from listing the directory every `pollMs`; the
 * time it first sees a name is that commit's "readable at". Each commit is then read, independently
 * of the service's code, for its `add` actions (path, size, `numRecords` from the stats).
 */

export interface CommitInfo {
  version: number;
  seenAt: number;
  /** 'watch' when inotify reported it, 'poll' when the periodic listing found it first. */
  via: 'watch' | 'poll';
  adds: Array<{ path: string; size: number; rows: number }>;
  removes: string[];
}

const COMMIT = /^(\d{20})\.json$/;

export class CommitWatcher {
  readonly commits = new Map<number, CommitInfo>();
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private reads: Promise<void>[] = [];

  constructor(
    readonly tableDir: string,
    private readonly pollMs = 50,
  ) {}

  get logDir(): string {
    return join(this.tableDir, '_delta_log');
  }

  async start(): Promise<void> {
    this.watcher = watch(this.logDir, (_event, name) => {
      if (name) this.see(String(name), 'watch');
    });
    this.timer = setInterval(() => void this.scan(), this.pollMs);
    await this.scan();
  }

  /** Stops watching, after one last listing; resolves when every commit seen has been read. */
  async stop(): Promise<void> {
    this.watcher?.close();
    if (this.timer) clearInterval(this.timer);
    await this.scan();
    await Promise.all(this.reads);
  }

  async scan(): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.logDir);
    } catch {
      return;
    }
    for (const name of names) this.see(name, 'poll');
    await Promise.all(this.reads);
  }

  private see(name: string, via: 'watch' | 'poll'): void {
    const m = COMMIT.exec(name);
    if (!m) return;
    const version = Number(m[1]);
    if (this.commits.has(version)) return;
    const info: CommitInfo = { version, seenAt: nowMs(), via, adds: [], removes: [] };
    this.commits.set(version, info);
    this.reads.push(this.read(info, name));
  }

  private async read(info: CommitInfo, name: string): Promise<void> {
    const text = await readFile(join(this.logDir, name), 'utf8');
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      const action = JSON.parse(line) as {
        add?: { path: string; size: number; stats?: string };
        remove?: { path: string };
      };
      if (action.add) {
        const stats = action.add.stats ? (JSON.parse(action.add.stats) as { numRecords?: number }) : {};
        info.adds.push({ path: action.add.path, size: action.add.size, rows: stats.numRecords ?? NaN });
      }
      if (action.remove) info.removes.push(action.remove.path);
    }
  }

  /** The files the log holds now, with the version that added each. */
  liveFiles(): Array<{ path: string; size: number; rows: number; version: number }> {
    const live = new Map<string, { path: string; size: number; rows: number; version: number }>();
    for (const version of [...this.commits.keys()].sort((a, b) => a - b)) {
      const c = this.commits.get(version)!;
      for (const add of c.adds) live.set(add.path, { ...add, version });
      for (const path of c.removes) live.delete(path);
    }
    return [...live.values()];
  }

  rows(): number {
    return this.liveFiles().reduce((n, f) => n + f.rows, 0);
  }

  /** Rows of the commits first seen inside [from, to). */
  rowsCommittedBetween(from: number, to: number): number {
    let n = 0;
    for (const c of this.commits.values()) {
      if (c.seenAt >= from && c.seenAt < to) n += c.adds.reduce((a, f) => a + f.rows, 0);
    }
    return n;
  }
}
