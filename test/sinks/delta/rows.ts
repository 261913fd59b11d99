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
