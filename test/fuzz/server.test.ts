/**
 * Property against the real server: mutated and random bodies get 200 or 400 only (never 5xx, never
 * a dropped connection), the server stays up, and after SIGTERM the table holds exactly the rows of
 * the requests answered 200: nothing from rejected ones. Each request carries a unique resource
 * attribute `fuzz.uid`, so the rows of each request are counted by it.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import type * as T from '../../src/otlp/types.js';
import { decodeBody } from '../../src/rows/decode.js';
import { readTable } from '../helpers/delta-reader.js';
import { removeDir, startServer, type RunningServer } from '../helpers/server.js';
import { encode, logsRequest, mutation } from './arbitraries.js';

const RUNS = Number(process.env.FUZZ_SERVER_RUNS ?? 250);
const SEED = Number(process.env.FUZZ_SEED ?? 20240603);
const TABLE = 'main.fuzz.t_otel_logs';

let server: RunningServer;
before(async () => {
  server = await startServer();
});
after(async () => {
  if (server.process.exitCode === null) await server.stop();
  await removeDir(server.dataDir);
});

/** Every resource gets `fuzz.uid = <uid>` first, so that each row names its request. */
function tagged(request: T.ExportLogsServiceRequest, uid: string): T.ExportLogsServiceRequest {
  const tag: T.KeyValue = { key: 'fuzz.uid', value: { kind: 'string', value: uid } };
  return {
    resourceLogs: request.resourceLogs.map((rl) => ({
      ...rl,
      resource: {
        attributes: [tag, ...(rl.resource?.attributes ?? []).filter((kv) => kv.key !== 'fuzz.uid')],
        droppedAttributesCount: rl.resource?.droppedAttributesCount ?? 0,
      },
    })),
  };
}

test('fuzz the real server: 200 or 400 only, stays up, the table holds exactly the accepted rows', async () => {
  let n = 0;
  const expected = new Map<string, number>();
  const statuses = new Map<number, number>();
  const body = fc.record({
    request: logsRequest,
    format: fc.constantFrom<'protobuf' | 'json'>('protobuf', 'json'),
    how: fc.constantFrom('valid', 'mutated', 'mutated', 'mutated', 'random'),
    seed: fc.nat(),
  });
  await fc.assert(
    fc.asyncProperty(body, async ({ request, format, how, seed }) => {
      const uid = `u${n++}`;
      const valid = encode('logs', tagged(request, uid), format);
      let bytes: Uint8Array = valid;
      if (how === 'mutated') bytes = fc.sample(mutation(valid), { seed, numRuns: 1 })[0]!;
      if (how === 'random') bytes = fc.sample(fc.uint8Array({ maxLength: 400 }), { seed, numRuns: 1 })[0]!;
      const res = await fetch(`${server.url}/v1/logs`, {
        method: 'POST',
        body: bytes,
        headers: {
          'content-type': format === 'protobuf' ? 'application/x-protobuf' : 'application/json',
          'x-databricks-uc-table-name': TABLE,
        },
      });
      await res.arrayBuffer();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      assert.ok(res.status === 200 || res.status === 400, `status ${res.status} for a ${how} ${format} body`);
      if (res.status === 200) {
        // The rows the server took: those the decoder makes of the very bytes sent, by their uid.
        for (const row of decodeBody('logs', format, bytes).rows) {
          const attrs = (row.resource as { attributes: Array<[string, string | null]> }).attributes;
          const id = attrs.find(([k]) => k === 'fuzz.uid')?.[1] ?? '(none)';
          expected.set(id, (expected.get(id) ?? 0) + 1);
        }
      }
    }),
    { seed: SEED, numRuns: RUNS },
  );
  assert.equal((await fetch(`${server.url}/healthz`)).status, 200, 'the server is still up');
  assert.ok((statuses.get(200) ?? 0) > 0 && (statuses.get(400) ?? 0) > 0, `both outcomes seen: ${[...statuses]}`);
  assert.equal(await server.stop(), 0);

  const total = [...expected.values()].reduce((a, b) => a + b, 0);
  const rows = total === 0 ? [] : await readTable(join(server.dataDir, 'main', 'fuzz', 't_otel_logs'), 'resource');
  const actual = new Map<string, number>();
  for (const row of rows) {
    const attrs = (row.resource as { attributes: { entries: Array<{ key: string; value: string | null }> } | Array<{ key: string; value: string | null }> }).attributes;
    const entries = Array.isArray(attrs) ? attrs : attrs.entries;
    const id = entries.find((e) => e.key === 'fuzz.uid')?.value ?? '(none)';
    actual.set(id, (actual.get(id) ?? 0) + 1);
  }
  assert.deepEqual([...actual].sort(), [...expected].sort(), 'the table holds exactly the rows of the accepted requests');
});
