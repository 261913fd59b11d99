import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openReplayed, payloadFor, tempDir } from './helpers.js';

const WORKER = fileURLToPath(new URL('./crash-worker.ts', import.meta.url));
const RUNS = 5;

interface Printed {
  /** seq -> record id, for every append the worker saw resolve. */
  appended: Map<number, number>;
  acked: Set<number>;
}

/**
 * Runs the worker until a random moment after its first acknowledged append (not after `ready`: on
 * a loaded machine the first append can take longer than the shortest kill delay), then SIGKILLs it.
 */
function runAndKill(dir: string, run: number, printed: Printed): Promise<{ killAfterMs: number; appended: number; maxSeq: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, dir, String(run)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const killAfterMs = 100 + Math.floor(Math.random() * 500);
    let buffered = '';
    let appended = 0;
    let maxSeq = 0;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop()!; // a line cut by the kill is not a complete acknowledgement
      for (const line of lines) {
        const [kind, a, b] = line.split(' ');
        if (kind === 'A') {
          printed.appended.set(Number(a), Number(b));
          if (appended++ === 0) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
          maxSeq = Math.max(maxSeq, Number(a));
        } else if (kind === 'K') printed.acked.add(Number(a));
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`worker exited by itself: code ${code}, signal ${signal}`));
      else resolve({ killAfterMs, appended, maxSeq });
    });
  });
}

test('SIGKILL at random moments loses no acknowledged record and never reuses a seq', { timeout: 60_000 }, async (t) => {
  const dir = await tempDir(t);
  const printed: Printed = { appended: new Map(), acked: new Set() };
  let previousMax = 0;
  for (let run = 1; run <= RUNS; run++) {
    const before = new Set(printed.appended.keys());
    const { killAfterMs, appended, maxSeq } = await runAndKill(dir, run, printed);
    t.diagnostic(`run ${run}: killed after ${killAfterMs} ms, ${appended} appends acknowledged`);
    assert.ok(appended > 0, `run ${run} appended nothing before the kill`);
    // Every seq of this run is above every seq of the runs before, even those whose segments are gone.
    const seqsOfRun = [...printed.appended.keys()].filter((seq) => !before.has(seq));
    assert.ok(Math.min(...seqsOfRun) > previousMax, `run ${run} reused a seq`);
    previousMax = maxSeq;
  }

  const { records, report } = await openReplayed(t, dir, { segmentBytes: 64 * 1024 });
  t.diagnostic(`replay: ${JSON.stringify(report)}`);
  assert.equal(report.corruptRecords, 0);
  const replayed = new Map(records.map((r) => [r.ref.seq, r.payload]));
  assert.equal(replayed.size, records.length, 'no seq replayed twice');
  let checked = 0;
  let gone = 0;
  for (const [seq, id] of printed.appended) {
    const payload = replayed.get(seq);
    if (payload === undefined) {
      // Only a record that was acknowledged may be gone (with its segment).
      assert.ok(printed.acked.has(seq), `acknowledged append ${seq} (record ${id}) was lost`);
      gone++;
      continue;
    }
    assert.deepEqual(payload, payloadFor(id, 50 + ((id * 7919) % 8000)), `record ${seq} came back different`);
    checked++;
  }
  t.diagnostic(`${printed.appended.size} appends printed: ${checked} replayed and checked byte for byte, ${gone} acknowledged and deleted`);
  assert.ok(checked > 0 && gone > 0, 'both paths exercised');
});
