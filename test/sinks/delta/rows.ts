import type { Row } from '../../../src/rows/row.js';
import { logRows } from './fixtures.js';

const template = logRows()[0];

/** A log row whose `body` names it and whose time is `timeMs` (epoch ms, as ns). */
export function logRow(id: string, timeMs: number): Row {
  return { ...template, body: id, time_unix_nano: BigInt(timeMs) * 1_000_000n + 7n };
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** An OTLP/JSON logs request: one record per uid, at `timeMs`, the uid in attribute `uid`. */
export function logsRequest(uids: string[], timeMs: number): string {
  return JSON.stringify({
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'maintenance-test' } }] },
        scopeLogs: [
          {
            scope: { name: 'maintenance-test' },
            logRecords: uids.map((uid) => ({
              timeUnixNano: String(BigInt(timeMs) * 1_000_000n),
              severityNumber: 9,
              body: { stringValue: uid },
              attributes: [{ key: 'uid', value: { stringValue: uid } }],
            })),
          },
        ],
      },
    ],
  });
}

/**
 * POSTs an OTLP/JSON logs body for `table` until it gets a 200, retrying a 503 or 429 after its
 * `Retry-After` as an OTLP exporter does (a refused request was not accepted, so the retry adds no
 * row twice): the export-lag limit may refuse while a compaction holds the table's lane.
 */
export async function postLogs(url: string, table: string, body: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(`${url}/v1/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-databricks-uc-table-name': table },
      body,
    });
    if (response.status === 200) return;
    const text = await response.text();
    if ((response.status !== 503 && response.status !== 429) || attempt === 30) throw new Error(`POST ${table}: ${response.status} ${text}`);
    await new Promise((resolve) => setTimeout(resolve, 1_000 * Number(response.headers.get('retry-after') ?? 1)));
  }
}
