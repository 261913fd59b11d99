/**
 * Append throughput of the spool: `node --import tsx test/spool/bench-append.ts [records] [bytes] [writers] [sync]`.
 * Defaults: 10,000 records of 10 KiB from 16 concurrent writers, fdatasync on. Writes into a temp
 * directory (on the OS temp dir's file system: point TMPDIR at the disk to measure), removed after.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiskSpool } from '../../src/spool/disk-spool.js';

const [records = 10_000, bytes = 10 * 1024, writers = 16] = process.argv.slice(2, 5).map(Number);
const sync = process.argv[5] !== 'nosync';

const dir = await mkdtemp(join(tmpdir(), 'spool-bench-'));
try {
  const spool = await DiskSpool.open(dir, { maxBytes: 4 * 1024 ** 3, sync });
  await spool.replay(() => {});
  const payload = Buffer.alloc(bytes, 0x61);
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (next++ < records) {
        const t0 = performance.now();
        const outcome = await spool.append(payload);
        latencies.push(performance.now() - t0);
        if (!('ref' in outcome)) throw new Error('spool full');
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const { syncs, groupCommits, segments } = spool.stats();
  await spool.close();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(2);
  console.log(
    JSON.stringify({
      records,
      bytes,
      writers,
      sync,
      seconds: +seconds.toFixed(3),
      recordsPerSecond: Math.round(records / seconds),
      mbPerSecond: +((records * bytes) / seconds / 1024 ** 2).toFixed(1),
      fdatasyncs: syncs,
      groupCommits,
      recordsPerGroup: +(records / groupCommits).toFixed(1),
      segments,
      latencyMs: { p50: pct(0.5), p99: pct(0.99), max: pct(1) },
    }),
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
