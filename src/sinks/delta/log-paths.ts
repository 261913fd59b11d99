import { randomUUID } from 'node:crypto';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * File names of a Delta table, as PROTOCOL.md "File Types" and "Checkpoint Naming Scheme" spell
 * them: versions zero-padded to 20 digits, checkpoint part numbers to 10.
 */
export const DELTA_LOG = '_delta_log';
export const LAST_CHECKPOINT = '_last_checkpoint';

export function logDir(tableDir: string): string {
  return join(tableDir, DELTA_LOG);
}

export function pad20(version: number): string {
  if (!Number.isSafeInteger(version) || version < 0) throw new RangeError(`bad Delta version ${version}`);
  return String(version).padStart(20, '0');
}

export function commitFileName(version: number): string {
  return `${pad20(version)}.json`;
}

/** A classic (single-part, V1 spec) checkpoint. */
export function checkpointFileName(version: number): string {
  return `${pad20(version)}.checkpoint.parquet`;
}

export function multipartCheckpointFileName(version: number, part: number, parts: number): string {
  return `${pad20(version)}.checkpoint.${String(part).padStart(10, '0')}.${String(parts).padStart(10, '0')}.parquet`;
}

/**
 * A temporary name inside `_delta_log`. It starts with a dot and matches none of the log's
 * patterns, so Delta readers (Spark, delta-rs, kernel) ignore it, as they do Hadoop's own
 * `.<name>.<uuid>.tmp` files.
 */
export function tempFileName(purpose: string): string {
  return `.${purpose}.${randomUUID()}.tmp`;
}

/**
 * A data file name in Spark's style (`part-<task>-<uuid>-c<file>.<codec>.parquet`). The UUID makes
 * it unique, as PROTOCOL.md "Data Files" requires: data files must never be overwritten.
 */
export function dataFileName(): string {
  return `part-00000-${randomUUID()}-c000.zstd.parquet`;
}

export type LogFile =
  | { kind: 'commit'; version: number }
  | { kind: 'checkpoint'; version: number; part: number; parts: number };

const COMMIT = /^(\d{20})\.json$/;
const CLASSIC_CHECKPOINT = /^(\d{20})\.checkpoint\.parquet$/;
const MULTIPART_CHECKPOINT = /^(\d{20})\.checkpoint\.(\d{10})\.(\d{10})\.parquet$/;

/**
 * Parses the names this module understands. UUID-named (V2) checkpoints, CRC and compacted files
 * give `null`: V2 checkpoints exist only on tables with the `v2Checkpoint` reader feature, which
 * `protocol-check.ts` refuses.
 */
export function parseLogFileName(name: string): LogFile | null {
  let m = COMMIT.exec(name);
  if (m) return { kind: 'commit', version: Number(m[1]) };
  m = CLASSIC_CHECKPOINT.exec(name);
  if (m) return { kind: 'checkpoint', version: Number(m[1]), part: 1, parts: 1 };
  m = MULTIPART_CHECKPOINT.exec(name);
  if (m) return { kind: 'checkpoint', version: Number(m[1]), part: Number(m[2]), parts: Number(m[3]) };
  return null;
}

/**
 * The local path of an `add`/`remove` path: a URI reference relative to the table root, or an
 * absolute URI (PROTOCOL.md "Add File and Remove File": "The path is a URI as specified by RFC 2396
 * ... which needs to be decoded to get the data file path").
 */
export function dataFilePath(tableDir: string, actionPath: string): string {
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(actionPath)) {
    if (actionPath.startsWith('file:')) return fileURLToPath(actionPath);
    throw new Error(`data file ${actionPath} is not on the local file system`);
  }
  const decoded = decodeURIComponent(actionPath);
  return isAbsolute(decoded) ? decoded : join(tableDir, decoded);
}
