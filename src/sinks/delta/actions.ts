import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../paths.js';
import type { TableSchema } from '../../schema/types.js';
import { type JsonValue, stringifyJson } from './json-bigint.js';
import { schemaString } from './schema-string.js';

/**
 * The actions of the Delta log (PROTOCOL.md "Actions"), as they appear in a commit file: one JSON
 * object per line, keyed by the action name. Fields this writer never sets are typed loosely so
 * that actions read from other writers' commits survive a round trip into our checkpoints.
 *
 * Numbers are JS numbers: every LONG field of an action (sizes, millisecond times, versions) is far
 * below 2^53. The stats, whose values may not be, stay a JSON string (see `stats.ts`).
 */
export interface ProtocolAction {
  minReaderVersion: number;
  minWriterVersion: number;
  /** Only with `minReaderVersion` 3 ("Table Features"). */
  readerFeatures?: string[];
  /** Only with `minWriterVersion` 7. */
  writerFeatures?: string[];
}

export interface FormatSpec {
  provider: string;
  options: Record<string, string>;
}

export interface MetaDataAction {
  id: string;
  name?: string | null;
  description?: string | null;
  format: FormatSpec;
  schemaString: string;
  partitionColumns: string[];
  createdTime?: number | null;
  configuration: Record<string, string>;
}

export interface AddAction {
  /** A URI reference relative to the table root (see `dataFilePath`). */
  path: string;
  partitionValues: Record<string, string | null>;
  size: number;
  modificationTime: number;
  dataChange: boolean;
  /** Per-file statistics as a JSON string ("Per-file Statistics"). */
  stats?: string | null;
  tags?: Record<string, string | null> | null;
  /** Present on tables with deletion vectors, which `protocol-check.ts` refuses to write. */
  deletionVector?: unknown;
}

export interface RemoveAction {
  path: string;
  deletionTimestamp?: number | null;
  dataChange: boolean;
  extendedFileMetadata?: boolean | null;
  partitionValues?: Record<string, string | null> | null;
  size?: number | null;
  stats?: string | null;
  tags?: Record<string, string | null> | null;
  deletionVector?: unknown;
}

export interface TxnAction {
  appId: string;
  version: number;
  lastUpdated?: number | null;
}

export type CommitInfo = { readonly [key: string]: JsonValue };

/**
 * One line of a commit. Actions this module does not know (`cdc`, `domainMetadata`, ...) are kept
 * as parsed: PROTOCOL.md "Protocol Evolution" asks clients to ignore unrecognized actions, and the
 * protocol check stops us from writing to tables whose features would make them matter.
 */
export type Action =
  | { add: AddAction }
  | { remove: RemoveAction }
  | { metaData: MetaDataAction }
  | { protocol: ProtocolAction }
  | { txn: TxnAction }
  | { commitInfo: CommitInfo };

/**
 * The protocol of new tables: reader 1, writer 2 (append-only and invariants), the oldest versions
 * that cover these tables, so that every Delta reader can read them.
 */
export function protocolAction(): ProtocolAction {
  return { minReaderVersion: 1, minWriterVersion: 2 };
}

/** The `metaData` of a new table: unpartitioned Parquet, with the DDL's TBLPROPERTIES as configuration. */
export function metaDataAction(schema: TableSchema, createdTime: number): MetaDataAction {
  return {
    id: randomUUID(),
    format: { provider: 'parquet', options: {} },
    schemaString: schemaString(schema.columns),
    partitionColumns: [],
    configuration: { ...schema.properties },
    createdTime,
  };
}

/** `commitInfo.engineInfo`, as Spark fills it (`Apache-Spark/3.5.0 Delta-Lake/3.1.0`). */
export const ENGINE_INFO = `otlp-delta/${(JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version}`;

/**
 * Commit provenance (PROTOCOL.md "Commit Provenance Information"): free-form, in the shape Spark
 * writes so that `DESCRIBE HISTORY` shows something familiar. Not part of the table state.
 */
export function commitInfoAction(
  timestamp: number,
  operation: string,
  operationParameters: Record<string, string>,
  extra: Record<string, JsonValue> = {},
): CommitInfo {
  return { timestamp, operation, operationParameters, ...extra, engineInfo: ENGINE_INFO, txnId: randomUUID() };
}

export function txnAction(appId: string, version: number, lastUpdated: number): TxnAction {
  if (!Number.isSafeInteger(version)) throw new RangeError(`txn version must be a safe integer, got ${version}`);
  return { appId, version, lastUpdated };
}

/** One commit file's text: newline-delimited JSON, one action per line (PROTOCOL.md "Delta Log Entries"). */
export function serializeActions(actions: readonly Action[]): string {
  let text = '';
  for (const action of actions) text += stringifyJson(action as unknown as JsonValue) + '\n';
  return text;
}

export function parseActions(text: string): Action[] {
  const actions: Action[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    actions.push(JSON.parse(line) as Action);
  }
  return actions;
}
