import { DuckDBInstance } from '@duckdb/node-api';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * An independent reader for the tests: replays a table's JSON commits (the Delta protocol's
 * `add`/`remove` actions) without our own log code, and reads the Parquet files with DuckDB.
 */
export async function liveFiles(tableDir: string): Promise<Array<{ path: string; size: number; stats: string }>> {
  const logDir = join(tableDir, '_delta_log');
  const commits = (await readdir(logDir)).filter((f) => /^\d{20}\.json$/.test(f)).sort();
  commits.forEach((name, i) => {
    if (Number(name.slice(0, 20)) !== i) throw new Error(`commit versions are not contiguous at ${name}`);
  });
  const files = new Map<string, { path: string; size: number; stats: string }>();
  for (const name of commits) {
    const text = await readFile(join(logDir, name), 'utf8');
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      const action = JSON.parse(line);
      if (action.add) files.set(action.add.path, { path: action.add.path, size: action.add.size, stats: action.add.stats });
      if (action.remove) files.delete(action.remove.path);
    }
  }
  return [...files.values()];
}

let instance: DuckDBInstance | undefined;

/** Every row of a local Delta table, as DuckDB reads it (LONG as bigint, MAP as a DuckDB map value). */
export async function readTable(tableDir: string, select = '*'): Promise<Record<string, unknown>[]> {
  const files = await liveFiles(tableDir);
  if (files.length === 0) return [];
  instance ??= await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const list = files.map((f) => `'${join(tableDir, f.path).replace(/'/g, "''")}'`).join(', ');
    const reader = await connection.runAndReadAll(`SELECT ${select} FROM read_parquet([${list}])`);
    return reader.getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
  }
}
