import assert from 'node:assert/strict';
import { readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeSpooled as decodeRows } from '../../../src/rows/decode.js';
import { TABLE_SCHEMAS } from '../../../src/schema/tables.js';
import { commitFileName, logDir } from '../../../src/sinks/delta/log-paths.js';
import { optimizeTable } from '../../../src/sinks/delta/optimize.js';
import { readTableState } from '../../../src/sinks/delta/replay.js';
import { appendRows, createTable } from './table-helpers.js';
import { vacuumTable } from '../../../src/sinks/delta/vacuum.js';
import { readParquetRows, query } from './duckdb.js';
import { logRows, metricRows } from './fixtures.js';
import { tempDir } from './temp-dir.js';
import { DAY, HOUR, logRow } from './rows.js';
import { liveValues, parquetOnDisk, snapshotFiles } from './snapshot-reader.js';

type JsonAction = Record<string, Record<string, unknown>>;

async function commitActions(tableDir: string, version: number): Promise<JsonAction[]> {
  const text = await readFile(join(logDir(tableDir), commitFileName(version)), 'utf8');
  return text.trimEnd().split('\n').map((line) => JSON.parse(line) as JsonAction);
}

async function liveRows(tableDir: string, kind: 'logs' | 'metrics' | 'spans') {
  const { files } = await snapshotFiles(tableDir);
  const rows = await readParquetRows(TABLE_SCHEMAS[kind].columns, [...files].map((f) => join(tableDir, f)));
  // A multiset, order-free: compaction may reorder rows (by time).
  return rows.map((r) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))).sort();
}

test('optimize packs small files into one, every value kept, dataChange false, stats, rows in time order', async (t) => {
  const dir = join(await tempDir(t), 'c', 's', 'logs');
  await createTable(dir, TABLE_SCHEMAS.logs);
  const now = Date.now();
  // Out of time order across commits, plus the fixture rows with nulls, 0 and extreme values.
  for (let i = 0; i < 12; i++) {
    await appendRows(dir, TABLE_SCHEMAS.logs, [logRow(`a${i}`, now - ((i * 7) % 12) * HOUR), logRow(`b${i}`, now - i * HOUR)]);
  }
  await appendRows(dir, TABLE_SCHEMAS.logs, logRows());
  const before = await liveRows(dir, 'logs');
  assert.equal((await snapshotFiles(dir)).files.size, 13);

  const result = await optimizeTable(dir);
  assert.equal(result.status, 'committed');
  assert.deepEqual([result.filesRemoved, result.filesAdded, result.rowsRemoved], [13, 1, 0]);

  const { files, version } = await snapshotFiles(dir);
  assert.equal(files.size, 1);
  assert.deepEqual(await liveRows(dir, 'logs'), before);
  const actions = await commitActions(dir, version);
  assert.equal(actions[0].commitInfo.operation, 'OPTIMIZE');
  const fileActions = actions.filter((a) => a.add || a.remove);
  assert.equal(fileActions.length, 14);
  for (const a of fileActions) assert.equal((a.add ?? a.remove).dataChange, false);
  const add = actions.find((a) => a.add)!.add;
  const stats = JSON.parse(add.stats as string) as { numRecords: number };
  assert.equal(stats.numRecords, 24 + logRows().length);
  // Within the new file, rows follow their time (time_unix_nano, or the observed time when it is 0).
  const ordered = await query(
    `SELECT COALESCE(NULLIF(time_unix_nano, 0), observed_time_unix_nano) AS t FROM read_parquet('${join(dir, add.path as string)}', file_row_number = true) ORDER BY file_row_number`,
  );
  const times = ordered.map((r) => r.t as bigint | null).filter((v) => v !== null) as bigint[];
  assert.deepEqual(times, [...times].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  // A second run finds nothing to do.
  assert.equal((await optimizeTable(dir)).status, 'nothing-to-do');
});

test('retention drops files wholly past the cut unread and rewrites the one that straddles it', async (t) => {
  const dir = join(await tempDir(t), 'c', 's', 'logs');
  await createTable(dir, TABLE_SCHEMAS.logs);
  const now = Date.now();
  await appendRows(dir, TABLE_SCHEMAS.logs, [logRow('old1', now - 10 * DAY), logRow('old2', now - 5 * DAY)]);
  await appendRows(dir, TABLE_SCHEMAS.logs, [logRow('old3', now - 4 * DAY), logRow('new1', now - 2 * DAY)]);
  await appendRows(dir, TABLE_SCHEMAS.logs, [logRow('new2', now - HOUR)]);
  // Compaction off (one small file is not enough), so only the retention acts.
  const result = await optimizeTable(dir, { retentionDays: 3, now, minSmallFiles: 10 });
  assert.equal(result.status, 'committed');
  assert.equal(result.rowsRemoved, 3);
  assert.deepEqual(await liveValues(dir, 'body'), ['new1', 'new2']);
  const actions = await commitActions(dir, (await snapshotFiles(dir)).version);
  assert.equal(actions[0].commitInfo.operation, 'DELETE');
  // Two removes (the old file, the straddler), one add (the straddler's new rows), all data changes.
  assert.deepEqual(actions.slice(1).map((a) => [Object.keys(a)[0], (a.add ?? a.remove).dataChange]).sort(), [
    ['add', true],
    ['remove', true],
    ['remove', true],
  ]);
  assert.equal((await optimizeTable(dir, { retentionDays: 3, now, minSmallFiles: 10 })).status, 'nothing-to-do');
});

test('vacuum keeps removed files within the retention, and with 0 leaves only the live files', async (t) => {
  const dir = join(await tempDir(t), 'c', 's', 'metrics');
  await createTable(dir, TABLE_SCHEMAS.metrics);
  for (let i = 0; i < 4; i++) await appendRows(dir, TABLE_SCHEMAS.metrics, metricRows());
  const before = await liveRows(dir, 'metrics');
  await optimizeTable(dir);
  assert.equal((await parquetOnDisk(dir)).size, 5);

  const kept = await vacuumTable(dir); // 7 days by default: the removed files stay for older versions
  assert.equal(kept.files, 0);
  assert.equal((await parquetOnDisk(dir)).size, 5);

  const gone = await vacuumTable(dir, { retainMs: 0 });
  assert.equal(gone.files, 4);
  const { files } = await snapshotFiles(dir);
  assert.deepEqual(await parquetOnDisk(dir), files);
  assert.deepEqual(await liveRows(dir, 'metrics'), before);
});

test('vacuum never deletes a live file, nor one a version inside the retention references, nor an uncommitted file of a live writer', async (t) => {
  const dir = join(await tempDir(t), 'c', 's', 'logs');
  await createTable(dir, TABLE_SCHEMAS.logs);
  const now = Date.now();
  for (let i = 0; i < 3; i++) await appendRows(dir, TABLE_SCHEMAS.logs, [logRow(`r${i}`, now)]);
  const firstFiles = await parquetOnDisk(dir);
  // Compacted two hours ago: the three files are referenced by versions 1..3, from two hours back.
  assert.equal((await optimizeTable(dir, { now: now - 2 * HOUR })).status, 'committed');
  const live = (await snapshotFiles(dir)).files;
  // A writer that has written its file and not yet committed it.
  const inFlight = `part-00000-${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}-c000.zstd.parquet`;
  await writeFile(join(dir, inFlight), 'x');

  for (const retainHours of [48, 3, 2.5]) {
    await vacuumTable(dir, { retainMs: retainHours * HOUR, now });
    assert.deepEqual(await parquetOnDisk(dir), new Set([...firstFiles, ...live, inFlight]), `retain ${retainHours} h`);
  }
  const result = await vacuumTable(dir, { retainMs: HOUR, now });
  assert.equal(result.files, 3);
  assert.deepEqual(await parquetOnDisk(dir), new Set([...live, inFlight]));
  await vacuumTable(dir, { retainMs: 0, now });
  assert.deepEqual(await parquetOnDisk(dir), new Set([...live, inFlight]), 'the in-flight file is younger than the margin');
  assert.deepEqual(await liveValues(dir, 'body'), ['r0', 'r1', 'r2']);
});

test('log clean-up deletes commits past the log retention before a checkpoint that carries the state, txns and tombstones', async (t) => {
  const dir = join(await tempDir(t), 'c', 's', 'logs');
  await createTable(dir, TABLE_SCHEMAS.logs);
  const now = Date.now();
  for (let i = 0; i < 6; i++) await appendRows(dir, TABLE_SCHEMAS.logs, [logRow(`r${i}`, now)], { txn: { appId: 'spool', version: i } });
  await optimizeTable(dir, { now });
  await appendRows(dir, TABLE_SCHEMAS.logs, [logRow('r6', now)]);
  const before = (await readTableState(dir))!;
  const old = (now - 40 * DAY) / 1000;
  const log = logDir(dir);
  for (const name of await readdir(log)) if (name.endsWith('.json')) await utimes(join(log, name), old, old);

  const result = await vacuumTable(dir, { now });
  assert.equal(result.logFiles, before.version); // every commit before the new checkpoint at the last version
  assert.deepEqual((await readdir(log)).filter((n) => n.endsWith('.json')), [commitFileName(before.version)]);
  const after = (await readTableState(dir))!;
  assert.equal(after.version, before.version);
  assert.deepEqual([...after.files.keys()].sort(), [...before.files.keys()].sort());
  assert.equal(after.txns.get('spool')?.version, 5);
  assert.deepEqual([...after.tombstones.keys()].sort(), [...before.tombstones.keys()].sort());
  assert.deepEqual(await liveValues(dir, 'body'), ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
});

/** Spans as a client sends them (events, links, status, attributes), flattened by the service's own decoder. */
function spanRows(seed: number) {
  const hex = (n: number, len: number) => (n.toString(16) + 'a'.repeat(len)).slice(0, len);
  const request = {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'codex' } }] },
        scopeSpans: [
          {
            scope: { name: 'codex', version: '1.0' },
            spans: [0, 1, 2].map((i) => ({
              traceId: hex(seed * 10 + i + 1, 32),
              spanId: hex(seed * 10 + i + 1, 16),
              parentSpanId: i === 0 ? '' : hex(seed * 10 + 1, 16),
              name: `op-${seed}-${i}`,
              kind: 2,
              startTimeUnixNano: String(1_700_000_000_000_000_000n + BigInt(seed * 1000 + (2 - i))),
              endTimeUnixNano: String(1_700_000_000_500_000_000n),
              attributes: [{ key: 'n', value: { intValue: String(i) } }],
              events: [{ timeUnixNano: '1700000000100000000', name: 'evt', attributes: [{ key: 'k', value: { stringValue: 'v' } }] }],
              links: i === 1 ? [{ traceId: hex(99, 32), spanId: hex(99, 16), attributes: [] }] : [],
              status: { code: i === 2 ? 2 : 1, message: i === 2 ? 'failed' : '' },
            })),
          },
        ],
      },
    ],
  };
  return decodeRows({ kind: 'spans', records: [{ format: 'json', body: Buffer.from(JSON.stringify(request)) }] });
}

test('optimize keeps every value of spans (arrays of structs, nested maps)', async (t) => {
  const dir = join(await tempDir(t), 'c', 's', 'spans');
  await createTable(dir, TABLE_SCHEMAS.spans);
  for (let seed = 0; seed < 4; seed++) await appendRows(dir, TABLE_SCHEMAS.spans, spanRows(seed));
  const before = await liveRows(dir, 'spans');
  assert.equal(before.length, 12);
  assert.equal((await optimizeTable(dir)).status, 'committed');
  assert.equal((await snapshotFiles(dir)).files.size, 1);
  assert.deepEqual(await liveRows(dir, 'spans'), before);
});
