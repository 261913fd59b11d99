import { join, resolve } from 'node:path';
import type { Config } from './schema.js';

/**
 * The spool directory: `--spool-dir` when set, else `.spool` under the data dir. Resolved
 * here, once, so that `serve` and `requeue` always name the same directory.
 */
export function spoolDirOf(config: Config): string {
  return resolve(config.spoolDir ?? join(config.dataDir, '.spool'));
}
