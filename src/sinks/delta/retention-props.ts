import type { MetaDataAction } from './actions.js';

/**
 * The retention table properties of Delta Lake (PROTOCOL.md leaves them to writers; Delta Lake
 * defines them): `delta.deletedFileRetentionDuration` (how long a removed data file stays on disk
 * for readers of older versions, default 7 days) and `delta.logRetentionDuration` (how long log
 * entries are kept, default 30 days). Values are Spark interval strings such as `interval 7 days`.
 */
export const DEFAULT_DELETED_FILE_RETENTION_MS = 7 * 24 * 3_600_000;
export const DEFAULT_LOG_RETENTION_MS = 30 * 24 * 3_600_000;

const UNIT_MS: Record<string, number> = {
  millisecond: 1,
  second: 1_000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
};

/** `interval 7 days`, `7 days`, `interval 1 week` ... in milliseconds; null when it does not parse. */
export function parseInterval(text: string): number | null {
  const m = /^\s*(?:interval\s+)?(\d+)\s+([a-z]+?)s?\s*$/i.exec(text);
  if (!m) return null;
  const unit = UNIT_MS[m[2].toLowerCase()];
  return unit === undefined ? null : Number(m[1]) * unit;
}

function property(metaData: MetaDataAction | null, key: string, fallback: number): number {
  const text = metaData?.configuration[key];
  return (text === undefined ? null : parseInterval(text)) ?? fallback;
}

export function deletedFileRetentionMs(metaData: MetaDataAction | null): number {
  return property(metaData, 'delta.deletedFileRetentionDuration', DEFAULT_DELETED_FILE_RETENTION_MS);
}

export function logRetentionMs(metaData: MetaDataAction | null): number {
  return property(metaData, 'delta.logRetentionDuration', DEFAULT_LOG_RETENTION_MS);
}
