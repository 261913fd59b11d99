import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { query, sqlString } from './duckdb.js';

/**
 * An independent reader of a local Delta table, as a Delta reader starts: `_last_checkpoint`,
 * the checkpoint it names (read by DuckDB, not by our decoder), then every JSON commit after it
 * (plain JSON.parse). Versions after the checkpoint must be contiguous.
 */
export async function snapshotFiles(tableDir: string): Promise<{ version: number; files: Set<string> }> {
  const log = join(tableDir, '_delta_log');
  const files = new Set<string>();
  let version = -1;
  const hint = await readFile(join(log, '_last_checkpoint'), 'utf8').catch(() => null);
  if (hint !== null) {
    version = (JSON.parse(hint) as { version: number }).version;
    const checkpoint = join(log, `${String(version).padStart(20, '0')}.checkpoint.parquet`);
    const rows = await query(`SELECT add.path AS path FROM read_parquet(${sqlString(checkpoint)}) WHERE add IS NOT NULL`);
    for (const row of rows) files.add(row.path as string);
  }
  const commits = (await readdir(log))
    .filter((name) => /^\d{20}\.json$/.test(name))
    .map((name) => Number(name.slice(0, 20)))
    .filter((v) => v > version)
    .sort((a, b) => a - b);
  for (const v of commits) {
    if (v !== version + 1) throw new Error(`commit ${v} follows ${version}: the log has a gap`);
    const text = await readFile(join(log, `${String(v).padStart(20, '0')}.json`), 'utf8');
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      const action = JSON.parse(line) as { add?: { path: string }; remove?: { path: string } };
      if (action.add) files.add(action.add.path);
      if (action.remove) files.delete(action.remove.path);
    }
    version = v;
  }
  return { version, files };
}

/** One column of every row of the snapshot's live files, sorted, read by DuckDB. */
export async function liveValues(tableDir: string, column: string): Promise<string[]> {
  const { files } = await snapshotFiles(tableDir);
  if (files.size === 0) return [];
  const list = [...files].map((f) => sqlString(join(tableDir, f))).join(', ');
  const rows = await query(`SELECT CAST(${column} AS VARCHAR) AS v FROM read_parquet([${list}])`);
  return rows.map((r) => r.v as string).sort();
}

/** The Parquet files in the table directory. */
export async function parquetOnDisk(tableDir: string): Promise<Set<string>> {
  return new Set((await readdir(tableDir)).filter((name) => name.endsWith('.parquet')));
}
