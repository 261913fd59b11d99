import { demoRequests, type DemoRequest } from '../../src/demo/generate.js';
import { sendRequests } from '../../src/demo/send.js';
import { startServer, type RunningServer } from '../helpers/server.js';
import { sendSdkTraffic } from './sdk-traffic.js';
import { fromDemo, type Sent } from './sent.js';

/** The demo's end: a Friday noon, so that the generated week has working days and a weekend. */
export const DEMO_END_MS = Date.UTC(2026, 0, 9, 12);

export interface Fixture {
  server: RunningServer;
  sent: Sent;
  demo: DemoRequest[];
  /** A time between the SDK's two exports (cumulative series cut there). */
  sdkBetweenNs: bigint;
}

/**
 * The real server with a small organisation's demo traffic (every agent, several files per
 * table) and the OpenTelemetry SDK's traffic, all rows visible to the dashboard.
 */
export async function loadFixture(): Promise<Fixture> {
  const server = await startServer();
  try {
    const demo = [...demoRequests({ developers: 6, days: 5, endMs: DEMO_END_MS, seed: 7, maxRecordsPerRequest: 400 })];
    await sendRequests(demo, { url: server.url, concurrency: 2 });
    const sdk = await sendSdkTraffic(server.url);
    const sent = fromDemo(demo);
    sent.points.push(...sdk.points);
    sent.records.push(...sdk.records);
    await waitForRows(server.url, sent.points.length + sent.records.length);
    return { server, sent, demo, sdkBetweenNs: sdk.betweenNs };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** Polls the data-health view until every row sent is in the tables (the export loop commits in the background). */
export async function waitForRows(url: string, rows: number, timeoutMs = 25_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen = -1;
  while (Date.now() < deadline) {
    const body = (await (await fetch(`${url}/api/usage/last_data`)).json()) as { rows: { row_count: number }[] };
    seen = body.rows.reduce((a, r) => a + r.row_count, 0);
    if (seen === rows) return;
    if (seen > rows) throw new Error(`the tables hold ${seen} rows, more than the ${rows} sent`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`only ${seen} of ${rows} rows reached the tables`);
}

/** Nanoseconds since the epoch as RFC 3339 (UTC, nanosecond fraction). */
export function rfc3339(ns: bigint): string {
  const ms = Number(ns / 1_000_000n);
  const frac = (ns % 1_000_000_000n).toString().padStart(9, '0');
  return `${new Date(ms).toISOString().slice(0, 19)}.${frac}Z`;
}

export async function getJson(url: string): Promise<{ status: number; body: any }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}
