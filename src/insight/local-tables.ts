import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { dataFilePath, detectKind, readTableState } from '../sinks/delta/index.js';

/**
 * The one door from the insight layer to the local Delta code: which tables under a data dir
 * hold a v1 schema, and the live files of each table's current snapshot (the project's own log
 * replay; DuckDB's delta extension cannot be downloaded here). Read-only: it takes no lock and
 * writes nothing, so `otlp-delta dashboard` can run beside `serve`.
 */
export interface LocalTable {
  /** `catalog.schema.table`. */
  readonly name: string;
  readonly kind: 'metrics' | 'logs' | 'spans';
  /** The snapshot version the files belong to. */
  readonly version: number;
  /** Absolute paths of the live Parquet files. */
  readonly files: readonly string[];
}

/** Every v1 table at `<dataDir>/<catalog>/<schema>/<table>/_delta_log`, sorted by name. */
export async function listLocalTables(dataDir: string): Promise<LocalTable[]> {
  const out: LocalTable[] = [];
  for (const catalog of await subdirs(dataDir)) {
    for (const schema of await subdirs(join(dataDir, catalog))) {
      for (const table of await subdirs(join(dataDir, catalog, schema))) {
        const dir = join(dataDir, catalog, schema, table);
        const found = await readTable(dir, `${catalog}.${schema}.${table}`);
        if (found) out.push(found);
      }
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

async function readTable(dir: string, name: string): Promise<LocalTable | null> {
  if (!(await subdirs(dir)).includes('_delta_log')) return null;
  let state;
  try {
    state = await readTableState(dir);
  } catch {
    // A table whose log cannot be read is not one the dashboard can show; the data-health view
    // lists what it can read, and the writer reports its own errors.
    return null;
  }
  if (!state?.metaData) return null;
  const kind = detectKind(state.metaData);
  if (kind === 'other') return null;
  const files = [...state.files.keys()].map((p) => dataFilePath(dir, p)).sort();
  return { name, kind, version: state.version, files };
}

async function subdirs(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return [];
  }
}
