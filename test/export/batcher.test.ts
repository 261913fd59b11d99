import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Batcher } from '../../src/export/batcher.js';
import type { Row } from '../../src/rows/row.js';
import type { TableName } from '../../src/route/table-name.js';
import type { TableKind } from '../../src/schema/types.js';
import type { Sink, TableCheck, WriteOutcome } from '../../src/sinks/sink.js';

/** Records the writes it is given; its outcome and delay are set by the test. */
class RecordingSink implements Sink {
  readonly description = 'recording';
  writes: Array<{ table: string; rows: Row[] }> = [];
  inFlight = 0;
  maxInFlight = 0;
  outcome: WriteOutcome = { status: 'success' };
  delayMs = 0;
  async prepareTable(): Promise<TableCheck> {
    return { status: 'ok' };
  }
  async write(table: TableName, _kind: TableKind, rows: Row[]): Promise<WriteOutcome> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((r) => setTimeout(r, this.delayMs));
    this.inFlight--;
    this.writes.push({ table: table.table, rows });
    return this.outcome;
  }
  async ready() {
    return true;
  }
  async close() {}
}

const t = (table: string): TableName => ({ catalog: 'c', schema: 's', table });
const rows = (n: number, tag: string): Row[] => Array.from({ length: n }, (_, i) => ({ id: `${tag}${i}` }));

test('rows of concurrent requests to one table go into one commit', async () => {
  const sink = new RecordingSink();
  const batcher = new Batcher(sink, { maxRows: 1000, maxBytes: 1e9, maxAgeMs: 20 }, 2);
  const outcomes = await Promise.all([
    batcher.submit(t('a'), 'logs', rows(3, 'x'), 10),
    batcher.submit(t('a'), 'logs', rows(2, 'y'), 10),
    batcher.submit(t('b'), 'logs', rows(1, 'z'), 10),
  ]);
  assert.deepEqual(outcomes.map((o) => o.status), ['success', 'success', 'success']);
  assert.equal(sink.writes.length, 2);
  const a = sink.writes.find((w) => w.table === 'a')!;
  assert.deepEqual(a.rows.map((r) => r.id), ['x0', 'x1', 'x2', 'y0', 'y1']);
});

test('a batch is flushed at once when it reaches its row or byte limit', async () => {
  const sink = new RecordingSink();
  const batcher = new Batcher(sink, { maxRows: 4, maxBytes: 100, maxAgeMs: 60_000 }, 1);
  const started = Date.now();
  await batcher.submit(t('a'), 'logs', rows(4, 'r'), 1);
  await batcher.submit(t('a'), 'logs', rows(1, 'b'), 100);
  assert.ok(Date.now() - started < 5_000, 'did not wait for the age limit');
  assert.equal(sink.writes.length, 2);
});

test('every request of a failed commit learns its outcome', async () => {
  const sink = new RecordingSink();
  sink.outcome = { status: 'retryable', error: new Error('disk busy') };
  const batcher = new Batcher(sink, { maxRows: 1000, maxBytes: 1e9, maxAgeMs: 5 }, 1);
  const outcomes = await Promise.all([batcher.submit(t('a'), 'logs', rows(1, 'x'), 1), batcher.submit(t('a'), 'logs', rows(1, 'y'), 1)]);
  assert.deepEqual(outcomes.map((o) => o.status), ['retryable', 'retryable']);
});

test('commits of one table never overlap; close flushes what is pending', async () => {
  const sink = new RecordingSink();
  sink.delayMs = 15;
  const batcher = new Batcher(sink, { maxRows: 1, maxBytes: 1e9, maxAgeMs: 60_000 }, 4);
  const pending = [1, 2, 3, 4].map((i) => batcher.submit(t('a'), 'logs', rows(1, String(i)), 1));
  await Promise.all(pending);
  assert.equal(sink.maxInFlight, 1);
  const late = new Batcher(sink, { maxRows: 1000, maxBytes: 1e9, maxAgeMs: 60_000 }, 1);
  const waiting = late.submit(t('b'), 'logs', rows(2, 'late'), 1);
  await late.close();
  assert.equal((await waiting).status, 'success');
  assert.equal((await late.submit(t('b'), 'logs', rows(1, 'after'), 1)).status, 'retryable');
});
