import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { DiskSpool, type DiskSpoolOptions } from '../../src/spool/disk-spool.js';
import type { RecordRef, ReplayedRecord, ReplayReport } from '../../src/spool/spool.js';

/** A fresh directory under the OS temp dir, removed when the test ends. */
export async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'otlp-delta-spool-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A payload that says which record it is and is checkable byte for byte: `id` then filler derived from it. */
export function payloadFor(id: number, size = 100 + (id % 7) * 37): Buffer {
  const out = Buffer.alloc(size);
  let block = Buffer.alloc(0);
  for (let at = 0; at < size; at += block.length) {
    block = createHash('sha256').update(`${id}:${at}`).digest();
    block.copy(out, at);
  }
  out.write(`#${id}#`, 0, 'latin1');
  return out;
}

/** Opens the spool and replays it, keeping every record. Closed when the test ends. */
export async function openReplayed(
  t: TestContext,
  dir: string,
  options: Partial<DiskSpoolOptions> = {},
): Promise<{ spool: DiskSpool; records: ReplayedRecord[]; report: ReplayReport }> {
  const spool = await DiskSpool.open(dir, { maxBytes: 64 * 1024 * 1024, ...options });
  t.after(() => spool.close());
  const records: ReplayedRecord[] = [];
  const report = await spool.replay((record) => void records.push(record));
  return { spool, records, report };
}

/** Appends each payload (all at once) and returns their refs, failing on `full`. */
export async function appendAll(spool: DiskSpool, payloads: Buffer[]): Promise<RecordRef[]> {
  const outcomes = await Promise.all(payloads.map((p) => spool.append(p)));
  return outcomes.map((outcome) => {
    if (!('ref' in outcome)) throw new Error('spool full');
    return outcome.ref;
  });
}

/** The segment files in `dir`, in seq order. */
export async function segmentFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.endsWith('.seg')).sort().map((name) => join(dir, name));
}
