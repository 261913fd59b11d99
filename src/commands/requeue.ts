import { join } from 'node:path';
import type { Config } from '../config/schema.js';
import { DeadLetters } from '../export/dead-letter.js';
import { spoolDirOf } from '../config/derived-paths.js';
import { DiskSpool } from '../spool/disk-spool.js';
import { lockDir } from '../spool/dir-lock.js';

/**
 * Puts every dead-lettered batch back into the spool, once the cause (a dropped table, a missing
 * grant) is fixed; the next `serve` exports them. Runs while the service is stopped: the spool has
 * one owner at a time. Returns the exit code.
 */
export async function requeue(config: Config): Promise<number> {
  const dir = spoolDirOf(config);
  const unlock = await lockDir(dir);
  try {
    const spool = await DiskSpool.open(dir, { maxBytes: config.spoolMaxBytes, segmentBytes: config.spoolSegmentBytes });
    try {
      // Replay establishes where the sequence continues; the records themselves stay for `serve`.
      await spool.replay(() => undefined);
      const deadLetters = new DeadLetters(join(dir, 'dead-letter'));
      let files = 0;
      let records = 0;
      for (const { table, path } of await deadLetters.list()) {
        const payloads = await deadLetters.read(path);
        for (const payload of payloads) {
          const appended = await spool.append(payload);
          if ('full' in appended) {
            console.error(`otlp-delta: the spool is full; start serve to drain it, then requeue again (${path} kept)`);
            return 1;
          }
        }
        // A crash between the appends and this removal requeues the file again next time: at least once.
        await deadLetters.remove(path);
        console.error(`requeued ${payloads.length} request(s) for ${table} from ${path}`);
        files++;
        records += payloads.length;
      }
      console.log(`requeued ${records} request(s) from ${files} dead-letter file(s); \`otlp-delta serve\` exports them`);
      return 0;
    } finally {
      await spool.close();
    }
  } finally {
    await unlock();
  }
}
