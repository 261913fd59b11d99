import type { Config } from '../config/schema.js';
import { optimizeTable } from '../sinks/delta/optimize.js';
import { maintenanceTargets } from './maintenance-targets.js';

/**
 * `otlp-delta optimize [--table C.S.T] [--retention-days N]`: compacts the small files of local
 * tables (and applies the retention when it is set), one transaction per table, safe beside a
 * running `serve`. Prints one line per table; returns the exit code (1 when a table failed).
 */
export async function optimize(config: Config, options: { table?: string }): Promise<number> {
  const targets = await maintenanceTargets(config.dataDir, options.table);
  if (targets.length === 0) console.log(`no local Delta tables under ${config.dataDir}`);
  let failed = 0;
  for (const { name, dir } of targets) {
    try {
      const r = await optimizeTable(dir, {
        targetFileBytes: config.compactTargetFileBytes,
        maxRowsPerFile: config.compactMaxRowsPerFile,
        retentionDays: config.retentionDays,
      });
      if (r.status === 'committed') {
        console.log(
          `${name}: version ${r.version}: ${r.filesRemoved} file(s) (${r.bytesRemoved} bytes) replaced by ${r.filesAdded} (${r.bytesAdded} bytes)` +
            (r.rowsRemoved > 0 ? `, ${r.rowsRemoved} row(s) past the retention removed` : ''),
        );
      } else if (r.status === 'nothing-to-do') {
        console.log(`${name}: nothing to compact${config.retentionDays === undefined ? '' : ' and no row past the retention'}`);
      } else {
        failed++;
        console.error(`${name}: ${r.status === 'skipped' ? 'skipped' : 'not compacted'}: ${r.message}`);
      }
    } catch (error) {
      failed++;
      console.error(`${name}: ${(error as Error).message}`);
    }
  }
  return failed > 0 ? 1 : 0;
}
