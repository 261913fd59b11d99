import { resolve } from 'node:path';
import { ConfigError } from '../config/load.js';
import { parseTableName } from '../route/table-name.js';
import { listTables, tableDirOf } from '../sinks/delta/table-dirs.js';

/** The tables `optimize` / `vacuum` work on: the one `--table` names, or every local table. */
export async function maintenanceTargets(dataDirSetting: string, table: string | undefined): Promise<Array<{ name: string; dir: string }>> {
  const dataDir = resolve(dataDirSetting);
  if (table === undefined) return listTables(dataDir);
  const parsed = parseTableName(table);
  if (!parsed.ok) throw new ConfigError(`--table: ${parsed.reason}`);
  return [{ name: table, dir: tableDirOf(dataDir, parsed.name) }];
}
