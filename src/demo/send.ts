import { gzipSync } from 'node:zlib';
import type { DemoRequest } from './generate.js';

export interface SendOptions {
  /** The service's base URL, e.g. `http://127.0.0.1:4318`. */
  url: string;
  token?: string;
  /** Requests in flight at once. */
  concurrency?: number;
}

/**
 * Posts the requests through the real OTLP/HTTP path (the Databricks routes with the table
 * header, gzip'd OTLP/JSON as a collector would send), in order per table. A 429/503 is retried
 * after its Retry-After, as OTLP/HTTP clients do; any other failure stops with its message.
 */
export async function sendRequests(requests: Iterable<DemoRequest>, options: SendOptions): Promise<{ requests: number; records: number }> {
  const base = options.url.replace(/\/+$/, '');
  let sent = 0;
  let records = 0;
  const inFlight = new Set<Promise<void>>();
  const lastOfTable = new Map<string, Promise<void>>();
  for (const request of requests) {
    // Requests of one table go one after the other, so the table's rows keep time order.
    const previous = lastOfTable.get(request.table) ?? Promise.resolve();
    const job = previous.then(() => post(base, request, options.token));
    lastOfTable.set(request.table, job);
    inFlight.add(job);
    void job.then(
      () => inFlight.delete(job),
      () => inFlight.delete(job),
    );
    sent++;
    records += request.records;
    if (inFlight.size >= (options.concurrency ?? 4)) await Promise.race(inFlight);
  }
  await Promise.all([...lastOfTable.values()]);
  return { requests: sent, records };
}

async function post(base: string, request: DemoRequest, token: string | undefined): Promise<void> {
  const body = gzipSync(JSON.stringify(request.body));
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(`${base}/api/2.0/otel/v1/${request.signal}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'x-databricks-uc-table-name': request.table,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body,
    });
    const text = await response.text();
    if (response.status === 200) {
      const parsed = text ? (JSON.parse(text) as { partialSuccess?: { rejectedLogRecords?: string; rejectedDataPoints?: string; errorMessage?: string } }) : {};
      const rejected = parsed.partialSuccess?.rejectedLogRecords ?? parsed.partialSuccess?.rejectedDataPoints;
      if (rejected && rejected !== '0') throw new Error(`${request.table}: ${rejected} records rejected: ${parsed.partialSuccess?.errorMessage}`);
      return;
    }
    if ((response.status === 429 || response.status === 503) && attempt < 20) {
      const wait = Number(response.headers.get('retry-after') ?? '1');
      await new Promise((resolve) => setTimeout(resolve, Math.min(30, Math.max(0.2, wait)) * 1000));
      continue;
    }
    throw new Error(`${request.table}: HTTP ${response.status}: ${text.slice(0, 300)}`);
  }
}
