import type { TableKind } from '../../schema/types.js';
import type { AddAction } from './actions.js';
import { fileTimeBounds } from './row-time.js';

/**
 * What a compaction / retention run does to a table's live files, decided from the `add` actions
 * alone (sizes and stats), before any data is read. Pure.
 */
export interface PlanOptions {
  kind: TableKind;
  /** New files are packed up to this many bytes (by the inputs' sizes). */
  targetFileBytes: number;
  /** ... and this many rows: the bound on what one rewrite holds in memory. */
  maxRowsPerFile: number;
  /** Compaction runs only when at least this many small files are there. */
  minSmallFiles: number;
  /** Rows with a time below this (Unix ns) go; null: no retention. */
  retentionCutNs: bigint | null;
}

export interface Bin {
  files: AddAction[];
  /** Only for retention: a single file that may hold rows past the cut; rewritten only if it does. */
  retentionOnly: boolean;
}

export interface Plan {
  /** Files whose every row is past the retention: removed without being read. */
  drop: AddAction[];
  /** Groups of files, each rewritten into one new file (rows in time order). */
  bins: Bin[];
}

function rowsOf(add: AddAction): number {
  const m = add.stats ? /"numRecords":(\d+)/.exec(add.stats) : null;
  return m ? Number(m[1]) : 0;
}

/** A file compaction would merge: below half the target in bytes and in rows. */
export function isSmallFile(add: AddAction, targetFileBytes: number, maxRowsPerFile: number): boolean {
  return add.size < targetFileBytes / 2 && rowsOf(add) < maxRowsPerFile / 2;
}

export function planMaintenance(files: Iterable<AddAction>, options: PlanOptions): Plan {
  const { kind, targetFileBytes, maxRowsPerFile, retentionCutNs: cut } = options;
  const drop: AddAction[] = [];
  const small: { add: AddAction; order: bigint }[] = [];
  const straddling = new Set<AddAction>();
  for (const add of files) {
    const bounds = fileTimeBounds(kind, add.stats);
    if (cut !== null) {
      if (bounds.allTimed && bounds.max !== null && bounds.max < cut) {
        drop.push(add);
        continue;
      }
      if (!(bounds.min !== null && bounds.min >= cut)) straddling.add(add);
    }
    if (isSmallFile(add, targetFileBytes, maxRowsPerFile)) {
      small.push({ add, order: bounds.min ?? BigInt(add.modificationTime) * 1_000_000n });
    }
  }
  const bins: Bin[] = [];
  const binned = new Set<AddAction>();
  if (small.length >= Math.max(2, options.minSmallFiles)) {
    // In time order, so that the new files follow each other in time as their rows do.
    small.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
    let current: AddAction[] = [];
    let bytes = 0;
    let rows = 0;
    const close = () => {
      if (current.length > 1) {
        bins.push({ files: current, retentionOnly: false });
        for (const f of current) binned.add(f);
      }
      current = [];
      bytes = 0;
      rows = 0;
    };
    for (const { add } of small) {
      if (current.length > 0 && (bytes + add.size > targetFileBytes || rows + rowsOf(add) > maxRowsPerFile)) close();
      current.push(add);
      bytes += add.size;
      rows += rowsOf(add);
    }
    close();
  }
  for (const add of straddling) if (!binned.has(add)) bins.push({ files: [add], retentionOnly: true });
  return { drop, bins };
}
