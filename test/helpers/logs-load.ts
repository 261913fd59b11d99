/**
 * OTLP/JSON logs requests whose records each carry a unique `uid` attribute, so that a test can
 * count every record in the table.
 */
export function uidLogsRequest(uids: string[], padding = 0): string {
  return JSON.stringify({
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'load' } }] },
        scopeLogs: [
          {
            scope: { name: 'load' },
            logRecords: uids.map((uid) => ({
              timeUnixNano: String(1_700_000_000_000_000_000n + BigInt(uids.length)),
              severityNumber: 9,
              body: { stringValue: padding > 0 ? 'x'.repeat(padding) : uid },
              attributes: [{ key: 'uid', value: { stringValue: uid } }],
            })),
          },
        ],
      },
    ],
  });
}

/** Counts each uid in rows read back with `readTable(dir, "map_extract_value(attributes, 'uid') AS uid")`. */
export function countUids(rows: Array<Record<string, unknown>>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const uid = String(row.uid);
    counts.set(uid, (counts.get(uid) ?? 0) + 1);
  }
  return counts;
}
