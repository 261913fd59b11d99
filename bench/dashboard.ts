import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { demoRequests } from '../src/demo/generate.js';
import { sendRequests } from '../src/demo/send.js';
import { FILTER_VALUES, VIEWS } from '../src/insight/model/index.js';
import { envNumber, fmt, fmtInt, median, nowMs, ROOT_DIR } from './common.js';

/**
 * The dashboard over a month of a 200-developer organisation (BENCH_DEVELOPERS, BENCH_DAYS to
 * scale down), sent by the demo generator through `otlp-delta serve`'s OTLP routes in large
 * requests with large export batches (so that each table has few files; this branch has no
 * compaction), then: each view's first answer on the new snapshot (cold: DuckDB reads the
 * Parquet files) and its cached answer, the summary with the page's filters, and the page weight.
 */
const DEVELOPERS = envNumber('BENCH_DEVELOPERS', 200);
const DAYS = envNumber('BENCH_DAYS', 30);
const ROUNDS = envNumber('BENCH_ROUNDS', 3);

async function main() {
  const dataDir = await mkdtemp(join(tmpdir(), 'otlp-delta-bench-dash-'));
  const server = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT_DIR, 'src/cli.ts'), 'serve', '--port', '0', '--data-dir', dataDir, '--batch-max-rows', '500000', '--batch-max-bytes', '268435456', '--batch-max-age-ms', '2000', '--max-body-bytes', '268435456', '--max-in-flight-bytes', '536870912', '--memory-limit-bytes', '0', '--log-level', 'warn'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    let out = '';
    const url = await new Promise<string>((resolve) => server.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]);
    }));
    const t0 = nowMs();
    const requests = demoRequests({ developers: DEVELOPERS, days: DAYS, endMs: Date.UTC(2026, 0, 31, 23), seed: 42, maxRecordsPerRequest: 50_000 });
    const sent = await sendRequests(requests, { url, concurrency: 2 });
    const sendS = (nowMs() - t0) / 1000;
    let rows = 0;
    let files = 0;
    while (rows < sent.records) {
      await new Promise((r) => setTimeout(r, 500));
      const body = (await (await fetch(`${url}/api/usage/last_data`)).json()) as { rows: { row_count: number }[] };
      rows = body.rows.reduce((a, r) => a + r.row_count, 0);
    }
    const { readdir } = await import('node:fs/promises');
    for (const t of ['claude_code', 'codex', 'gemini_cli']) for (const s of ['metrics', 'logs']) files += (await readdir(join(dataDir, 'main', 'demo', `${t}_otel_${s}`))).filter((f) => f.endsWith('.parquet')).length;
    console.log(`\n### Dashboard: ${DEVELOPERS} developers, ${DAYS} days\n`);
    console.log(`${fmtInt(sent.records)} rows (${fmtInt(sent.requests)} requests, sent and committed in ${fmt((nowMs() - t0) / 1000)} s, sending ${fmt(sendS)} s), ${files} Parquet files in 6 tables\n`);

    const time = async (path: string) => {
      const start = nowMs();
      const response = await fetch(`${url}${path}`);
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
      return nowMs() - start;
    };
    // A new snapshot empties the cache: a one-row append makes every view cold again.
    const freshSnapshot = async () => {
      const before = (await (await fetch(`${url}/api/usage/last_data`)).json()) as { rows: { row_count: number }[] };
      const count = before.rows.reduce((a, r) => a + r.row_count, 0);
      await fetch(`${url}/api/2.0/otel/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-databricks-uc-table-name': 'main.demo.probe_otel_logs' }, body: JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ timeUnixNano: '1', body: { stringValue: 'probe' } }] }] }] }) });
      for (;;) {
        const start = nowMs();
        const b = (await (await fetch(`${url}/api/usage/last_data`)).json()) as { rows: { row_count: number }[] };
        // The first request on a new snapshot normalises it into tables: its time is that build.
        if (b.rows.reduce((a, r) => a + r.row_count, 0) > count) return nowMs() - start;
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    console.log('| endpoint | cold (ms, median) | cached (ms) |');
    console.log('|---|---:|---:|');
    const cold = new Map<string, number[]>();
    const warm = new Map<string, number[]>();
    const paths = ['/api/usage/summary', '/api/usage/summary?from=2026-01-10T00:00:00Z&to=2026-01-24T00:00:00Z', ...[...VIEWS, FILTER_VALUES].filter((v) => v.id !== 'summary').map((v) => `/api/usage/${v.id}${v.id === 'session_timeline' ? '?session=x' : ''}`)];
    const builds: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      builds.push(await freshSnapshot());
      for (const p of paths) {
        cold.set(p, [...(cold.get(p) ?? []), await time(p)]);
        warm.set(p, [...(warm.get(p) ?? []), await time(p)]);
      }
    }
    for (const p of paths) console.log(`| \`${p}\` | ${fmt(median(cold.get(p)!))} | ${fmt(median(warm.get(p)!))} |`);
    console.log(`\nThe first request on a new snapshot (one new one-row file normalised, the snapshot's views built, then last_data): ${fmt(median(builds))} ms (median of ${ROUNDS}); "cold" above is each endpoint's first answer on that snapshot.`);
    await freshSnapshot();
    const page = nowMs();
    await Promise.all(paths.map((p) => time(p)));
    console.log(`\nAll ${paths.length} endpoints at once on a new snapshot (what opening the page asks): ${fmt(nowMs() - page)} ms`);
    // A fresh `otlp-delta dashboard` on the same data dir: its first answer normalises every file.
    const dash = spawn(process.execPath, ['--import', 'tsx', join(ROOT_DIR, 'src/cli.ts'), 'dashboard', '--port', '0', '--data-dir', dataDir, '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      let text = '';
      const dashUrl = await new Promise<string>((resolve) => dash.stdout!.on('data', (d) => {
        text += d;
        const m = /listening on (\S+)/.exec(text);
        if (m) resolve(m[1]);
      }));
      const start = nowMs();
      await (await fetch(`${dashUrl}/api/usage/summary`)).arrayBuffer();
      const first = nowMs() - start;
      const again = nowMs();
      await (await fetch(`${dashUrl}/api/usage/users`)).arrayBuffer();
      console.log(`\nA fresh \`otlp-delta dashboard\` on this data dir: first summary ${fmt(first)} ms (DuckDB loaded, every file normalised), then users ${fmt(nowMs() - again)} ms`);
    } finally {
      dash.kill('SIGTERM');
      await new Promise((r) => dash.once('exit', r));
    }
    let weight = 0;
    let gz = 0;
    for (const p of ['/dashboard', '/dashboard/static/app.js', '/dashboard/static/app.css', '/dashboard/static/uPlot.iife.min.js', '/dashboard/static/uPlot.min.css']) {
      const bytes = Buffer.from(await (await fetch(`${url}${p}`)).arrayBuffer());
      weight += bytes.length;
      gz += gzipSync(bytes).length;
    }
    console.log(`Page weight: ${fmtInt(weight)} bytes (${fmtInt(gz)} gzipped) in 5 files, before the JSON of the views`);
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
