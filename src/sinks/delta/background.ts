import { parseTableName } from '../../route/table-name.js';
import { isSmallFile } from './maintenance-plan.js';
import { MaintenanceThread } from './maintenance-thread.js';
import type { OptimizeResult } from './optimize.js';
import { DeltaTable } from './table.js';
import { listTables, tableDirOf } from './table-dirs.js';
import type { VacuumResult } from './vacuum.js';

export interface BackgroundSettings {
  dataDir: string;
  autoCompact: boolean;
  /** Compact a table once it holds this many small files (Delta Lake's auto compaction: 50). */
  minSmallFiles: number;
  targetFileBytes: number;
  maxRowsPerFile: number;
  retentionDays?: number;
}

export interface BackgroundEvents {
  optimized?(table: string, result: OptimizeResult): void;
  vacuumed?(table: string, result: VacuumResult): void;
  failed?(table: string, error: Error): void;
}

/** How often every table is looked at even without commits (retention must run on idle tables too). */
const SWEEP_EVERY_MS = 10 * 60_000;
/** Retention and VACUUM per table at most this often: both only matter at the scale of hours. */
const RETENTION_EVERY_MS = 60 * 60_000;
const VACUUM_EVERY_MS = 24 * 60 * 60_000;

/**
 * Table maintenance inside `serve` (SPEC.md "Table maintenance"): after commits, and every
 * `SWEEP_EVERY_MS`, each table's snapshot is checked; compaction, retention and VACUUM run in a
 * worker thread (`maintenance-thread.ts`), one table at a time, so acknowledgements never wait
 * for them. Commits from the export loop carry on meanwhile: appends never conflict with a
 * compaction (`transaction.ts`).
 *
 * Automatic compaction starts once a table holds `minSmallFiles` small files (below half the
 * target size): as with Delta Lake's auto compaction (`minNumFiles` 50), a few small files cost a
 * reader little, and compacting them at every commit would rewrite the same rows again and again.
 */
export class BackgroundMaintenance {
  private readonly thread = new MaintenanceThread();
  private readonly tables = new Map<string, { table: DeltaTable; dir: string; retentionAt: number; vacuumAt: number }>();
  private readonly sizes = new Map<string, { files: number; bytes: number }>();
  private readonly pending = new Set<string>();
  private running: Promise<void> | null = null;
  private readonly sweep: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly settings: BackgroundSettings,
    private readonly events: BackgroundEvents = {},
  ) {
    this.sweep = setInterval(() => void this.sweepAll(), SWEEP_EVERY_MS);
    this.sweep.unref();
    void this.sweepAll();
  }

  /** A commit went into `table` (catalog.schema.table): check it soon. */
  noteCommit(table: string): void {
    this.schedule(table);
  }

  /** Live files and bytes per table, as of the last check. */
  tableSizes(): ReadonlyMap<string, { files: number; bytes: number }> {
    return this.sizes;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweep);
    this.pending.clear();
    await this.thread.close();
    await this.running?.catch(() => {});
  }

  private async sweepAll(): Promise<void> {
    for (const { name } of await listTables(this.settings.dataDir).catch(() => [])) this.schedule(name);
  }

  private schedule(table: string): void {
    if (this.closed) return;
    this.pending.add(table);
    this.running ??= this.drain().finally(() => (this.running = null));
  }

  private async drain(): Promise<void> {
    while (!this.closed && this.pending.size > 0) {
      const table = this.pending.values().next().value as string;
      this.pending.delete(table);
      try {
        await this.check(table);
      } catch (error) {
        if (!this.closed) this.events.failed?.(table, error as Error);
      }
    }
  }

  private entry(table: string) {
    let entry = this.tables.get(table);
    if (!entry) {
      const parsed = parseTableName(table);
      if (!parsed.ok) return null;
      const dir = tableDirOf(this.settings.dataDir, parsed.name);
      // The first vacuum of a table waits a day like the rest: a restart loop must not vacuum each time.
      entry = { table: new DeltaTable(dir), dir, retentionAt: 0, vacuumAt: Date.now() };
      this.tables.set(table, entry);
    }
    return entry;
  }

  private async check(table: string): Promise<void> {
    const entry = this.entry(table);
    if (!entry) return;
    const state = await entry.table.snapshot();
    if (!state) return;
    const { targetFileBytes, minSmallFiles, retentionDays } = this.settings;
    let bytes = 0;
    let small = 0;
    for (const add of state.files.values()) {
      bytes += add.size;
      if (isSmallFile(add, targetFileBytes, this.settings.maxRowsPerFile)) small++;
    }
    this.sizes.set(table, { files: state.files.size, bytes });
    const now = Date.now();
    const retentionDue = retentionDays !== undefined && now - entry.retentionAt >= RETENTION_EVERY_MS;
    const compactionDue = this.settings.autoCompact && small >= minSmallFiles;
    if (compactionDue || retentionDue) {
      if (retentionDue) entry.retentionAt = now;
      const result = await this.thread.run<OptimizeResult>({
        op: 'optimize',
        dir: entry.dir,
        options: {
          targetFileBytes,
          maxRowsPerFile: this.settings.maxRowsPerFile,
          minSmallFiles: compactionDue ? minSmallFiles : Number.POSITIVE_INFINITY,
          retentionDays: retentionDue ? retentionDays : undefined,
        },
      });
      if (result.status === 'committed' || result.status === 'conflict') this.events.optimized?.(table, result);
      if (result.status === 'committed') this.schedule(table); // refresh the sizes; compact again if still due
    }
    if (now - entry.vacuumAt >= VACUUM_EVERY_MS) {
      entry.vacuumAt = now;
      this.events.vacuumed?.(table, await this.thread.run<VacuumResult>({ op: 'vacuum', dir: entry.dir, options: {} }));
    }
  }
}
