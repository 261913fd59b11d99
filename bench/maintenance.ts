import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { decodeSpooled as decodeRows } from '../src/rows/decode.js';
import type { Row } from '../src/rows/row.js';
import { TABLE_SCHEMAS } from '../src/schema/tables.js';
import { isSmallFile } from '../src/sinks/delta/maintenance-plan.js';
import { DEFAULT_MAX_ROWS_PER_FILE, DEFAULT_TARGET_FILE_BYTES, optimizeTable } from '../src/sinks/delta/optimize.js';
import { readTableState } from '../src/sinks/delta/replay.js';
import { DeltaTable } from '../src/sinks/delta/table.js';
import { createTable } from '../test/sinks/delta/table-helpers.js';
import { vacuumTable } from '../src/sinks/delta/vacuum.js';
import { describeMachine, envNumber, fmt, fmtInt, isMain, machineInfo, markdownTable, nowMs } from './common.js';
import { encodeRequest, logsRequestObject } from './payloads.js';

/**
 * A busy table's day, compaction off and on, in one run: one commit per batch of Claude Code's
 * 7-event logs request (as `serve` commits a quiet table's requests one by one), with record times
 * walking through the day. With compaction on, the trigger is `serve`'s: 50 small files. Reports
 * live files, log entries, bytes on disk, the log replay time and a DuckDB query's time over the
 * live files.
 *
 * OTLP_DELTA_BENCH_COMMITS (default 2,000) sets the commits; a table committing every 500 ms makes
 * 172,800 a day, so the default is about 17 minutes of such a table (the counts without compaction
 * grow linearly; with it they stay bounded). OTLP_DELTA_BENCH_MIN_FILES sets the trigger.
 */
const COMMITS = envNumber('OTLP_DELTA_BENCH_COMMITS', 2_000);
const MIN_FILES = envNumber('OTLP_DELTA_BENCH_MIN_FILES', 50);
const EVENTS = 7;
const schema = TABLE_SCHEMAS.logs;

type LogsRequest = { resourceLogs: Array<{ scopeLogs: Array<{ logRecords: Array<Record<string, unknown>> }> }> };
const VARIANTS = 16;
const requests: LogsRequest[] = [];

/** The rows of commit `i`: a 7-record request of one of 16 variants, at its time of the day. */
function batch(i: number, dayStartNs: bigint): Row[] {
  if (requests.length === 0) {
    for (let v = 0; v < VARIANTS; v++) {
      const full = logsRequestObject(v) as LogsRequest;
      full.resourceLogs[0].scopeLogs[0].logRecords = full.resourceLogs[0].scopeLogs[0].logRecords.slice(0, EVENTS);
      requests.push(full);
    }
  }
  const request = requests[i % VARIANTS];
  const records = request.resourceLogs[0].scopeLogs[0].logRecords;
  const at = dayStartNs + (BigInt(i) * 86_400_000_000_000n) / BigInt(COMMITS);
  records.forEach((r, j) => {
    r.timeUnixNano = String(at + BigInt(j) * 1_000_000n);
    r.observedTimeUnixNano = String(at + BigInt(j) * 1_000_000n + 500_000n);
  });
  return decodeRows({ kind: 'logs', records: [{ format: 'protobuf', body: encodeRequest('logs', request) }] });
}

interface Outcome {
  label: string;
  seconds: number;
  liveFiles: number;
  filesOnDisk: number;
  bytesOnDisk: number;
  logEntries: number;
  replayMs: number;
  queryMs: number;
  compactions: number;
}

async function dayOf(dir: string, compact: boolean): Promise<Outcome> {
  await createTable(dir, schema);
  const table = new DeltaTable(dir);
  const dayStart = BigInt(Date.now() - 86_400_000) * 1_000_000n;
  const started = nowMs();
  let compactions = 0;
  for (let i = 0; i < COMMITS; i++) {
    const result = await table.append(schema, batch(i, dayStart));
    if (result.status !== 'committed') throw new Error(`append ${i}: ${JSON.stringify(result)}`);
    if (!compact) continue;
    const state = (await table.snapshot())!;
    let small = 0;
    for (const add of state.files.values()) if (isSmallFile(add, DEFAULT_TARGET_FILE_BYTES, DEFAULT_MAX_ROWS_PER_FILE)) small++;
    if (small >= MIN_FILES && (await optimizeTable(dir, { minSmallFiles: MIN_FILES })).status === 'committed') compactions++;
  }
  // Removed files leave the disk with vacuum (here at once; by default after 7 days).
  if (compact) await vacuumTable(dir, { retainMs: 0 });
  const seconds = (nowMs() - started) / 1000;
  const replayStart = nowMs();
  const state = (await readTableState(dir))!;
  const replayMs = nowMs() - replayStart;
  const names = (await readdir(dir)).filter((n) => n.endsWith('.parquet'));
  let bytesOnDisk = 0;
  for (const n of names) bytesOnDisk += (await stat(join(dir, n))).size;
  const logEntries = (await readdir(join(dir, '_delta_log'))).length;
  const queryMs = await duckdbQuery([...state.files.keys()].map((p) => join(dir, p)));
  return {
    label: compact ? 'compaction on' : 'compaction off',
    seconds,
    liveFiles: state.files.size,
    filesOnDisk: names.length,
    bytesOnDisk,
    logEntries,
    replayMs,
    queryMs,
    compactions,
  };
}

/** A dashboard-like query: events per hour and model over the live files (best of 3, in ms). */
async function duckdbQuery(files: string[]): Promise<number> {
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  const list = files.map((f) => `'${f.replace(/'/g, "''")}'`).join(', ');
  const sql = `SELECT time_unix_nano // 3600000000000 AS hour, attributes['model'] AS model, count(*) FROM read_parquet([${list}]) GROUP BY ALL`;
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const start = nowMs();
    await connection.runAndReadAll(sql);
    best = Math.min(best, nowMs() - start);
  }
  connection.closeSync();
  return best;
}

export async function runMaintenanceBench(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'otlp-delta-bench-maint-'));
  try {
    const off = await dayOf(join(root, 'off'), false);
    const on = await dayOf(join(root, 'on'), true);
    const rows = [off, on].map((o) => [
      o.label,
      fmtInt(o.liveFiles),
      fmtInt(o.filesOnDisk),
      fmt(o.bytesOnDisk / 1e6) + ' MB',
      fmtInt(o.logEntries),
      fmt(o.replayMs) + ' ms',
      fmt(o.queryMs) + ' ms',
      fmtInt(o.compactions),
      fmt(o.seconds) + ' s',
    ]);
    return [
      `${fmtInt(COMMITS)} commits of ${EVENTS} log records (${fmtInt(COMMITS * EVENTS)} rows), times spread over a day; trigger ${MIN_FILES} small files`,
      markdownTable(['', 'live files', 'files on disk', 'bytes on disk', '_delta_log entries', 'log replay', 'DuckDB query', 'compactions', 'wall time'], rows),
      describeMachine(machineInfo(root)),
    ].join('\n\n');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) console.log(await runMaintenanceBench());
