import { statfs } from 'node:fs/promises';

/**
 * The outcome of the last write of each kind (`spool`: a request being stored; `table`: a table
 * being created or committed to on local disk), for `/readyz`: a write that failed makes the
 * service unready until the next one of that kind succeeds. A full disk shows here before any
 * probe of free space could see it (a quota, a disk that fills between two probes).
 */
export class WriteHealth {
  private readonly failures = new Map<string, string>();

  succeeded(kind: string): void {
    this.failures.delete(kind);
  }

  failed(kind: string, error: Error): void {
    this.failures.set(kind, `the last ${kind} write failed: ${error.message}`);
  }

  problems(): string[] {
    return [...this.failures.values()];
  }
}

/**
 * Each directory's disk must keep room for one more request of the size limit: below that, the
 * next write may fail, and readiness says so before it does. Directories that cannot be probed
 * are left to the write outcomes.
 */
export async function freeSpaceProblems(dirs: readonly string[], minFreeBytes: number): Promise<string[]> {
  const problems: string[] = [];
  for (const dir of dirs) {
    const stats = await statfs(dir).catch(() => null);
    if (stats === null) continue;
    const free = stats.bavail * stats.bsize;
    if (free < minFreeBytes) problems.push(`the disk of ${dir} has ${free} bytes free, less than one request may need (${minFreeBytes})`);
  }
  return problems;
}
