import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config/load.js';
import { batchId, fullBatchAfter, isPrefixOf, type Entry } from '../../src/export/batch.js';
import type { TableName } from '../../src/route/table-name.js';
import { startService } from '../../src/service.js';
import { LocalDeltaSink } from '../../src/sinks/delta/local-delta-sink.js';
import type { ExportBatch, Sink, TableCheck, WriteOutcome, WriteTxn } from '../../src/sinks/sink.js';
import type { TableKind } from '../../src/schema/types.js';
import { readTable } from '../helpers/delta-reader.js';
import { countUids } from '../helpers/logs-load.js';
import { postUidLogs } from '../helpers/post-logs.js';
import { removeDir } from '../helpers/server.js';

const entry = (seq: number, rowCount: number, bytes = 10): Entry =>
  ({ ref: { seq }, header: { rowCount }, bytes, spooledAt: 0 }) as unknown as Entry;

test('the next batch is formed early only when the entries after the current one fill it', () => {
  const limits = { maxRows: 4, maxBytes: 1000, maxAgeMs: 500 };
  const entries = [entry(1, 2), entry(2, 2), entry(5, 2), entry(9, 1)];
  const current = entries.slice(0, 2);
  assert.equal(fullBatchAfter(entries, current.length, limits), null, '3 rows after the current batch: still filling');
  const more = [...entries, entry(11, 3)];
  assert.deepEqual(fullBatchAfter(more, current.length, limits)?.map((e) => e.ref.seq), [5, 9]);
  assert.deepEqual(fullBatchAfter(entries, current.length, { ...limits, maxBytes: 20 })?.map((e) => e.ref.seq), [5, 9], 'full by bytes');
  assert.equal(batchId(current), '1-2-2');
  assert.equal(isPrefixOf(current, entries), true);
  assert.equal(isPrefixOf(current, [entry(0, 1), ...entries]), false, 'a lower sequence inserted since');
});

/**
 * The local sink, with each commit slowed and every call recorded in order. Commits wait for
 * `open()`, so that the lane holds several full batches however fast or slow the requests come.
 */
class RecordingSink implements Sink {
  open!: () => void;
  private readonly gate = new Promise<void>((resolve) => (this.open = resolve));
  readonly events: string[] = [];
  readonly versions: number[] = [];
  rowsWritten = 0;
  writing = 0;
  preparedWhileWriting = 0;
  /** Writes of batches joined from several prepared ones. */
  joined = 0;
  constructor(private readonly inner: LocalDeltaSink) {}
  get description() {
    return this.inner.description;
  }
  prepareTable(table: TableName, kind: TableKind, create: boolean): Promise<TableCheck> {
    return this.inner.prepareTable(table, kind, create);
  }
  prepare(table: TableName, kind: TableKind, batch: ExportBatch): void {
    this.events.push(`prepare ${batch.id}`);
    if (this.writing > 0) this.preparedWhileWriting++;
    this.inner.prepare(table, kind, batch);
  }
  isPrepared(table: TableName, batch: ExportBatch): boolean {
    return this.inner.isPrepared(table, batch);
  }
  async write(table: TableName, kind: TableKind, batch: ExportBatch, txn?: WriteTxn): Promise<WriteOutcome> {
    this.writing++;
    this.events.push(`write ${batch.id}${batch.parts ? ` (${batch.parts.map((p) => p.id).join(' + ')})` : ''}`);
    if (batch.parts) this.joined++;
    try {
      await this.gate;
      await new Promise((r) => setTimeout(r, 150));
      const outcome = await this.inner.write(table, kind, batch, txn);
      if (outcome.status === 'success' && txn) this.versions.push(txn.version);
      if (outcome.status === 'success') this.rowsWritten += batch.rowCount;
      return outcome;
    } finally {
      this.writing--;
    }
  }
  committedVersion(table: TableName, appId: string) {
    return this.inner.committedVersion(table, appId);
  }
  ready() {
    return this.inner.ready();
  }
  close() {
    return this.inner.close();
  }
}

test('batch N+1 is encoded while batch N commits, batches ready behind it join its commit; spool order, every row once', { timeout: 60_000 }, async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'otlp-delta-ahead-'));
  const sink = new RecordingSink(new LocalDeltaSink(dataDir, { encodeWorkers: 1 }));
  const config = loadConfig({ port: '0', dataDir, logLevel: 'silent', batchMaxRows: '4', batchMaxAgeMs: '0', maxExportLagMs: '0' }, {});
  const service = await startService(config, { sink });
  const url = `http://127.0.0.1:${service.address.port}`;
  const table = 'main.ahead.t_otel_logs';
  const uids: string[] = [];
  try {
    // 4 clients of 2-row requests: the lane holds several full batches while one commits.
    await Promise.all(
      Array.from({ length: 4 }, async (_, c) => {
        for (let n = 0; n < 15; n++) {
          const sent = [`c${c}-${n}-a`, `c${c}-${n}-b`];
          assert.equal(await postUidLogs(url, table, sent), 200);
          uids.push(...sent);
        }
      }),
    );
    // The lane now holds every batch; they commit before the shutdown (whose drain prepares nothing ahead).
    sink.open();
    while (sink.rowsWritten < uids.length) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(await service.close(), { left: 0 });

    assert.ok(sink.preparedWhileWriting > 0, `a batch was prepared while another committed (${sink.events.join(', ')})`);
    // Every batch prepared ahead and written was written after the one before it, in spool order.
    const sorted = [...sink.versions].sort((a, b) => a - b);
    assert.deepEqual(sink.versions, sorted, 'txn versions committed in increasing order');
    assert.equal(new Set(sink.versions).size, sink.versions.length);
    const tableDir = join(dataDir, 'main', 'ahead', 't_otel_logs');
    const logVersions: number[] = [];
    let mostFiles = 0;
    for (const name of (await readdir(join(tableDir, '_delta_log'))).filter((f) => f.endsWith('.json')).sort()) {
      const lines = (await readFile(join(tableDir, '_delta_log', name), 'utf8')).split('\n');
      for (const line of lines) {
        if (line.includes('"txn"')) logVersions.push((JSON.parse(line) as { txn: { version: number } }).txn.version);
      }
      mostFiles = Math.max(mostFiles, lines.filter((line) => line.startsWith('{"add"')).length);
    }
    assert.deepEqual(logVersions, sink.versions, 'the log holds the txn versions in commit order');
    // Batches encoded while the commits were held were ready when their turn came: joined, one commit, one file each.
    assert.ok(sink.joined > 0, `prepared batches were joined (${sink.events.join(', ')})`);
    assert.ok(mostFiles > 1, `a commit named the files of several batches (at most ${mostFiles})`);
    const counts = countUids(await readTable(tableDir, "map_extract_value(attributes, 'uid') AS uid"));
    assert.equal(counts.size, uids.length);
    for (const uid of uids) assert.equal(counts.get(uid), 1, uid);
  } finally {
    await removeDir(dataDir);
  }
});
