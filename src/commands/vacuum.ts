import type { Config } from '../config/schema.js';
import { ConfigError } from '../config/load.js';
import { vacuumTable } from '../sinks/delta/vacuum.js';
import { maintenanceTargets } from './maintenance-targets.js';

/**
 * `otlp-delta vacuum [--table C.S.T] [--retain-hours 168]`: deletes the data files removed longer
 * ago than the retention (the table's `delta.deletedFileRetentionDuration` when `--retain-hours` is
 * not given), the files crashed writers left, and log entries past the log retention. Any
 * retention, 0 included, is the user's choice: it only limits how far back older versions stay
 * readable. Returns the exit code.
 */
export async function vacuum(config: Config, options: { table?: string; retainHours?: string }): Promise<number> {
  let retainMs: number | undefined;
  if (options.retainHours !== undefined) {
    const hours = Number(options.retainHours);
    if (options.retainHours.trim() === '' || !Number.isFinite(hours) || hours < 0) {
      throw new ConfigError(`--retain-hours: must be a number of hours, 0 or more (got ${JSON.stringify(options.retainHours)})`);
    }
    retainMs = hours * 3_600_000;
  }
  const targets = await maintenanceTargets(config.dataDir, options.table);
  if (targets.length === 0) console.log(`no local Delta tables under ${config.dataDir}`);
  let failed = 0;
  for (const { name, dir } of targets) {
    try {
      const r = await vacuumTable(dir, { retainMs });
      console.log(`${name}: deleted ${r.files} data file(s) (${r.bytes} bytes), ${r.logFiles} log file(s), ${r.tempFiles} temporary file(s)`);
    } catch (error) {
      failed++;
      console.error(`${name}: ${(error as Error).message}`);
    }
  }
  return failed > 0 ? 1 : 0;
}
