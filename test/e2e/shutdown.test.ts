import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { readTable } from '../helpers/delta-reader.js';
import { countUids, uidLogsRequest } from '../helpers/logs-load.js';
import { postHead, RawConnection } from '../helpers/raw-http.js';
import { removeDir, startServer } from '../helpers/server.js';

const TABLE = 'main.stop.t_otel_logs';

async function postLogs(url: string, uids: string[]): Promise<number> {
  const response = await fetch(`${url}/v1/logs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-databricks-uc-table-name': TABLE },
    body: uidLogsRequest(uids),
  });
  await response.arrayBuffer();
  return response.status;
}

test('SIGTERM with a client stalled mid-body and rows waiting for a long batch age: exits 0 within the grace, every acknowledged row committed', { timeout: 60_000 }, async () => {
  // The batch age (60 s) and the request timeout (60 s) are both far past the grace: only a
  // shutdown that cuts the stalled request and commits without waiting for the age ends in time.
  const server = await startServer({ args: ['--batch-max-age-ms', '60000', '--shutdown-grace-ms', '3000'] });
  let stalled: RawConnection | undefined;
  try {
    const uids = ['a', 'b', 'c'];
    assert.equal(await postLogs(server.url, uids), 200);
    stalled = await RawConnection.open(server.url);
    await stalled.write(postHead('/v1/logs', { 'content-type': 'application/json', 'x-databricks-uc-table-name': TABLE, 'content-length': 10_000 }));
    await stalled.write('{"resourceLogs":[');
    await new Promise((r) => setTimeout(r, 200));

    const started = Date.now();
    const code = await server.stop();
    const took = Date.now() - started;
    assert.equal(code, 0, server.output());
    // The grace is 3 s; the bound leaves a loaded machine room, and is far below the 60 s timeouts.
    assert.ok(took < 15_000, `the shutdown took ${took} ms`);
    await stalled.closed;

    const counts = countUids(await readTable(join(server.dataDir, 'main', 'stop', 't_otel_logs'), "map_extract_value(attributes, 'uid') AS uid"));
    assert.deepEqual(Object.fromEntries(counts), { a: 1, b: 1, c: 1 });
  } finally {
    stalled?.destroy();
    await server.stop();
    await removeDir(server.dataDir);
  }
});
