/**
 * The process `crash.test.ts` kills: `node --import tsx crash-worker.ts <dir> <run>`.
 *
 * Opens the spool, replays it (acknowledging about half of what it finds, as an export loop would),
 * prints `ready`, then appends from 8 concurrent loops until killed. It prints `A <seq> <id>` only
 * after an append resolved (the record is durable: the moment a receiver would answer 200), and
 * `K <seq>` just before acknowledging a record (from then on its segment may be deleted). The
 * payload of record `id` is `payloadFor(id, size)`, so the parent can check it byte for byte.
 */
import { DiskSpool } from '../../src/spool/disk-spool.js';
import { payloadFor } from './helpers.js';

const [dir, run] = process.argv.slice(2);
const out = (line: string) => process.stdout.write(`${line}\n`); // synchronous on a pipe (Linux)

const spool = await DiskSpool.open(dir!, { maxBytes: 256 * 1024 * 1024, segmentBytes: 64 * 1024 });
await spool.replay(({ ref }) => {
  if (Math.random() < 0.5) {
    out(`K ${ref.seq}`);
    spool.ack(ref);
  }
});
out('ready');

let next = Number(run) * 1_000_000;
await Promise.all(
  Array.from({ length: 8 }, async () => {
    for (;;) {
      const id = next++;
      const outcome = await spool.append(payloadFor(id, sizeOf(id)));
      if (!('ref' in outcome)) throw new Error('spool full');
      out(`A ${outcome.ref.seq} ${id}`);
      // Most records are acknowledged (so that whole segments are deleted while the worker runs), a few not.
      if (id % 40 !== 0) {
        out(`K ${outcome.ref.seq}`);
        spool.ack(outcome.ref);
      }
    }
  }),
);

export function sizeOf(id: number): number {
  return 50 + ((id * 7919) % 8000);
}
