import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeSpooled as decodeRows } from '../src/rows/decode.js';
import type { Row } from '../src/rows/row.js';
import { TABLE_SCHEMAS } from '../src/schema/tables.js';
import { optimizeTable } from '../src/sinks/delta/optimize.js';
import { DeltaTable } from '../src/sinks/delta/table.js';
import { createTable } from '../test/sinks/delta/table-helpers.js';
import { envNumber, fmt, fmtInt, isMain, markdownTable } from './common.js';
import { encodeRequest, logsRequestObject } from './payloads.js';

/**
 * The memory bound of compaction: peak resident memory (VmHWM) of a process that compacts a logs
 * table, for tables of growing size at a fixed `maxRowsPerFile`, and for a smaller limit. The
 * peak follows the limit (one bin's rows), not the table's size.
 *
 * OTLP_DELTA_BENCH_FILE_ROWS (default 1,000) rows per small file; table sizes are 40 and 160 files.
 */
const FILE_ROWS = envNumber('OTLP_DELTA_BENCH_FILE_ROWS', 1_000);
const SELF = fileURLToPath(import.meta.url);

function rows(variant: number): Row[] {
  const request = logsRequestObject(variant) as { resourceLogs: Array<{ scopeLogs: Array<{ logRecords: unknown[] }> }> };
  const scope = request.resourceLogs[0].scopeLogs[0];
  scope.logRecords = scope.logRecords.slice(0, FILE_ROWS);
  return decodeRows({ kind: 'logs', records: [{ format: 'protobuf', body: encodeRequest('logs', request) }] });
}

async function makeTable(dir: string, files: number): Promise<void> {
  await createTable(dir, TABLE_SCHEMAS.logs);
  const table = new DeltaTable(dir);
  const batches = Array.from({ length: 8 }, (_, v) => rows(v));
  for (let i = 0; i < files; i++) await table.append(TABLE_SCHEMAS.logs, batches[i % batches.length]);
}

/** In a child: compacts `dir` with `maxRows` and prints its peak resident memory in bytes. */
async function child(dir: string, maxRows: number): Promise<void> {
  const result = await optimizeTable(dir, { maxRowsPerFile: maxRows });
  const hwm = /VmHWM:\s+(\d+) kB/.exec((await import('node:fs')).readFileSync('/proc/self/status', 'utf8'));
  console.log(JSON.stringify({ peak: Number(hwm?.[1] ?? 0) * 1024, added: result.filesAdded, removed: result.filesRemoved }));
}

function measure(dir: string, maxRows: number): { peak: number; added: number; removed: number } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', SELF, 'child', dir, String(maxRows)], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!);
}

export async function runCompactionMemoryBench(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'otlp-delta-bench-mem-'));
  try {
    const lines: string[][] = [];
    for (const [files, maxRows] of [
      [40, 10_000],
      [40, 100_000],
      [160, 100_000],
      [160, 25_000],
      [160, 10_000],
    ] as const) {
      const dir = join(root, `t${files}-${maxRows}`);
      await makeTable(dir, files);
      const m = measure(dir, maxRows);
      lines.push([fmtInt(files * FILE_ROWS), fmtInt(maxRows), `${m.removed} → ${m.added}`, fmt(m.peak / 1e6) + ' MB']);
    }
    return markdownTable(['table rows', 'maxRowsPerFile', 'files', 'peak RSS of the compacting process'], lines);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  if (process.argv[2] === 'child') await child(process.argv[3]!, Number(process.argv[4]));
  else console.log(await runCompactionMemoryBench());
}
