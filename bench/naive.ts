import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { otlpSchema } from '../src/otlp/proto-loader.js';
import { envNumber, fmt, fmtInt, isMain } from './common.js';
import type { CaseSpec } from './e2e-cases.js';
import { payload, payloadBytes } from './payloads.js';

/**
 * The naive in-memory pipeline the end-to-end rate is compared with (issue 16): what a first
 * version would write, one thread, no I/O at all. Per request body: gunzip when gzip'd, protobufjs
 * reflection `decode` + `toObject` (longs as strings, bytes as base64, enums as names), then a
 * straightforward flatten to one plain object per log record or data point, resource and scope
 * attributes copied into each row as objects. The rows are kept for the round (as a pipeline would
 * keep a batch) and then dropped.
 */

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const TO_OBJECT = { longs: String, bytes: String, enums: String, defaults: false } as const;

function attributes(list: Obj[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of list ?? []) {
    const v = kv.value ?? {};
    out[kv.key] = v.stringValue ?? v.intValue ?? v.doubleValue ?? v.boolValue ?? (v.arrayValue || v.kvlistValue ? JSON.stringify(v) : null);
  }
  return out;
}

function flattenLogs(request: Obj): Obj[] {
  const rows: Obj[] = [];
  for (const rl of request.resourceLogs ?? []) {
    const resource = attributes(rl.resource?.attributes);
    for (const sl of rl.scopeLogs ?? []) {
      const scope = { name: sl.scope?.name ?? '', version: sl.scope?.version ?? '', attributes: attributes(sl.scope?.attributes) };
      for (const r of sl.logRecords ?? []) {
        rows.push({
          time_unix_nano: r.timeUnixNano ?? '0',
          observed_time_unix_nano: r.observedTimeUnixNano ?? '0',
          severity_number: r.severityNumber ?? 'SEVERITY_NUMBER_UNSPECIFIED',
          severity_text: r.severityText ?? '',
          body: r.body?.stringValue ?? null,
          attributes: attributes(r.attributes),
          trace_id: r.traceId ? Buffer.from(r.traceId, 'base64').toString('hex') : null,
          span_id: r.spanId ? Buffer.from(r.spanId, 'base64').toString('hex') : null,
          flags: r.flags ?? 0,
          resource: { ...resource },
          instrumentation_scope: scope,
        });
      }
    }
  }
  return rows;
}

function flattenMetrics(request: Obj): Obj[] {
  const rows: Obj[] = [];
  for (const rm of request.resourceMetrics ?? []) {
    const resource = attributes(rm.resource?.attributes);
    for (const sm of rm.scopeMetrics ?? []) {
      const scope = { name: sm.scope?.name ?? '', version: sm.scope?.version ?? '', attributes: attributes(sm.scope?.attributes) };
      for (const m of sm.metrics ?? []) {
        const kind = m.sum ? 'sum' : m.gauge ? 'gauge' : m.histogram ? 'histogram' : m.exponentialHistogram ? 'exponential_histogram' : 'summary';
        const data = m.sum ?? m.gauge ?? m.histogram ?? m.exponentialHistogram ?? m.summary;
        for (const p of data?.dataPoints ?? []) {
          rows.push({
            name: m.name,
            description: m.description ?? '',
            unit: m.unit ?? '',
            metric_type: kind,
            start_time_unix_nano: p.startTimeUnixNano ?? '0',
            time_unix_nano: p.timeUnixNano ?? '0',
            value: p.asDouble ?? (p.asInt !== undefined ? Number(p.asInt) : null),
            count: p.count !== undefined ? Number(p.count) : null,
            sum: p.sum ?? null,
            bucket_counts: (p.bucketCounts ?? []).map(Number),
            explicit_bounds: p.explicitBounds ?? [],
            aggregation_temporality: data.aggregationTemporality ?? null,
            is_monotonic: data.isMonotonic ?? null,
            attributes: attributes(p.attributes),
            flags: p.flags ?? 0,
            resource: { ...resource },
            instrumentation_scope: scope,
          });
        }
      }
    }
  }
  return rows;
}

/** One request through the naive pipeline: its rows. */
export function naivePipeline(spec: CaseSpec, body: Buffer): Obj[] {
  const bytes = spec.encoding === 'gzip' ? gunzipSync(body) : body;
  const type = spec.signal === 'metrics' ? otlpSchema().metricsRequest : otlpSchema().logsRequest;
  const object = type.toObject(type.decode(bytes), TO_OBJECT);
  return spec.signal === 'metrics' ? flattenMetrics(object) : flattenLogs(object);
}

export interface NaiveResult {
  rowsPerSec: number;
  requests: number;
}

/**
 * Rows per second of the naive pipeline over the case's own request bodies (the files the load
 * generator sends), for BENCH_NAIVE_SECONDS after one warm-up pass; bodies rotated.
 */
export function runNaive(spec: CaseSpec, bodyPaths: readonly string[]): NaiveResult {
  const bodies = bodyPaths.map((path) => readFileSync(path));
  const seconds = envNumber('BENCH_NAIVE_SECONDS', 3);
  let kept = 0;
  for (const body of bodies) kept += naivePipeline(spec, body).length;
  let rows = 0;
  let requests = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    const out = naivePipeline(spec, bodies[requests % bodies.length]);
    rows += out.length;
    requests++;
  }
  const elapsed = (performance.now() - start) / 1000;
  if (kept < 0) console.log(kept);
  return { rowsPerSec: rows / elapsed, requests };
}

/**
 * The naive pipeline in a fresh process, as a first version would run: the bench's own process has
 * a large heap by then (payloads, decode benches), whose garbage collection would slow the
 * baseline and flatter the ratio.
 */
export function runNaiveInChild(spec: CaseSpec, bodyPaths: readonly string[]): NaiveResult {
  const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--case', JSON.stringify({ spec, bodyPaths })], {
    encoding: 'utf8',
    env: process.env,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as NaiveResult;
}

if (isMain(import.meta.url) && process.argv[2] === '--case') {
  const { spec, bodyPaths } = JSON.parse(process.argv[3]) as { spec: CaseSpec; bodyPaths: string[] };
  console.log(JSON.stringify(runNaive(spec, bodyPaths)));
} else if (isMain(import.meta.url)) {
  const { writeFileSync, mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'otlp-delta-naive-'));
  for (const signal of ['logs', 'metrics'] as const) {
    for (const encoding of ['protobuf', 'gzip'] as const) {
      const path = join(dir, `${signal}.${encoding}`);
      writeFileSync(path, payloadBytes(payload(signal, 0), encoding));
      const r = runNaive({ signal, encoding }, [path]);
      console.log(`${signal} ${encoding}: naive pipeline ${fmtInt(r.rowsPerSec)} rows/s (${fmt(r.requests)} requests)`);
    }
  }
}
