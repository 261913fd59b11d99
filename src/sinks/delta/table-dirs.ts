import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { formatTableName, parseTableName, type TableName } from '../../route/table-name.js';
import { logDir } from './log-paths.js';

/**
 * The local tables under a data directory: `<dataDir>/<catalog>/<schema>/<table>/_delta_log`,
 * each part a valid name part (so the spool, dot-directories and stray files are not tables).
 */
export async function listTables(dataDir: string): Promise<Array<{ name: string; dir: string }>> {
  const tables: Array<{ name: string; dir: string }> = [];
  for (const catalog of await dirs(dataDir)) {
    for (const schema of await dirs(join(dataDir, catalog))) {
      for (const table of await dirs(join(dataDir, catalog, schema))) {
        const parsed = parseTableName(`${catalog}.${schema}.${table}`);
        if (!parsed.ok) continue;
        const dir = join(dataDir, catalog, schema, table);
        if (await stat(logDir(dir)).then((s) => s.isDirectory(), () => false)) tables.push({ name: formatTableName(parsed.name), dir });
      }
    }
  }
  return tables.sort((a, b) => (a.name < b.name ? -1 : 1));
}

export function tableDirOf(dataDir: string, name: TableName): string {
  return join(dataDir, name.catalog, name.schema, name.table);
}

async function dirs(path: string): Promise<string[]> {
  try {
    const entries = await readdir(path, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
  } catch {
    return [];
  }
}
