import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DuckDbEngine } from '../../src/insight/duckdb-engine.js';
import { FILTER_VALUES, VIEWS } from '../../src/insight/model/index.js';
import { removeDir } from '../helpers/server.js';
import { loadFixture, type Fixture } from './fixture.js';

let f: Fixture;
before(async () => {
  f = await loadFixture();
  await f.server.stop();
});
after(async () => {
  if (f) await removeDir(f.server.dataDir);
});

/**
 * The engine normalises each snapshot once into tables; the same views rendered without them
 * (as the warehouse runs them: every view normalises the sources itself) give the same rows.
 */
test('materialised snapshot tables and inline normalisation answer alike', async () => {
  const fast = new DuckDbEngine(f.server.dataDir);
  const inline = new DuckDbEngine(f.server.dataDir, { materialise: false });
  try {
    for (const params of [{}, { from: '2026-01-07 00:00:00.000000', to: '2026-01-08 12:00:00.000000', team: 'payments' }]) {
      for (const view of [...VIEWS, FILTER_VALUES]) {
        const p = view.id === 'session_timeline' ? { ...params, session: 'sdk-claude-1' } : params;
        const [a, b] = await Promise.all([fast.run(view, p), inline.run(view, p)]);
        const round = (rows: Record<string, unknown>[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? Number(v.toPrecision(12)) : v])));
        assert.deepEqual(round(a.rows), round(b.rows), view.id);
      }
    }
    const users = await fast.run(VIEWS.find((v) => v.id === 'users')!, {});
    assert.ok(users.rows.length > 3);
  } finally {
    await fast.close();
    await inline.close();
  }
});
