import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';

/** A fresh directory under the OS temp dir, removed when the test ends. */
export async function tempDir(t: TestContext, prefix = 'otlp-delta-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** The Parquet data files in a table directory (not in `_delta_log`). */
export async function parquetFilesOnDisk(tableDir: string): Promise<string[]> {
  return (await readdir(tableDir)).filter((name) => name.endsWith('.parquet')).sort();
}
