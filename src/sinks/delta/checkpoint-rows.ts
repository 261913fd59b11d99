import type { MapEntries, Row, RowValue } from '../../rows/row.js';
import type { Action, AddAction, MetaDataAction, ProtocolAction, RemoveAction, TxnAction } from './actions.js';

/**
 * Conversions between log actions and checkpoint rows (`checkpoint-schema.ts`), in the value
 * conventions of `src/rows/row.ts` that the Parquet encoder and decoder use: LONG fields as
 * bigint, maps as `[key, value]` pairs.
 */
function long(value: number | null | undefined): bigint | null {
  return value === null || value === undefined ? null : BigInt(value);
}

function entries(map: Record<string, string | null> | null | undefined): MapEntries | null {
  return map ? Object.entries(map) : null;
}

export function actionToRow(action: Action): Row {
  if ('add' in action) {
    const a = action.add;
    return {
      add: {
        path: a.path,
        partitionValues: entries(a.partitionValues) ?? [],
        size: long(a.size),
        modificationTime: long(a.modificationTime),
        dataChange: a.dataChange,
        stats: a.stats ?? null,
        tags: entries(a.tags),
      },
    };
  }
  if ('remove' in action) {
    const r = action.remove;
    return {
      remove: {
        path: r.path,
        deletionTimestamp: long(r.deletionTimestamp),
        dataChange: r.dataChange,
        extendedFileMetadata: r.extendedFileMetadata ?? null,
        partitionValues: entries(r.partitionValues),
        size: long(r.size),
      },
    };
  }
  if ('metaData' in action) {
    const m = action.metaData;
    return {
      metaData: {
        id: m.id,
        name: m.name ?? null,
        description: m.description ?? null,
        format: { provider: m.format.provider, options: entries(m.format.options) ?? [] },
        schemaString: m.schemaString,
        partitionColumns: m.partitionColumns,
        createdTime: long(m.createdTime),
        configuration: entries(m.configuration) ?? [],
      },
    };
  }
  if ('protocol' in action) {
    const p = action.protocol;
    return {
      protocol: {
        minReaderVersion: p.minReaderVersion,
        minWriterVersion: p.minWriterVersion,
        readerFeatures: p.readerFeatures ?? null,
        writerFeatures: p.writerFeatures ?? null,
      },
    };
  }
  if ('txn' in action) {
    const t = action.txn;
    return { txn: { appId: t.appId, version: long(t.version), lastUpdated: long(t.lastUpdated) } };
  }
  throw new TypeError(`a checkpoint cannot hold ${Object.keys(action).join(', ')}`);
}

function num(value: RowValue | undefined): number {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number') return value;
  throw new TypeError(`checkpoint: expected a number, got ${value === null ? 'null' : typeof value}`);
}

function optNum(value: RowValue | undefined): number | null {
  return value === null || value === undefined ? null : num(value);
}

function str(value: RowValue | undefined): string {
  if (typeof value !== 'string') throw new TypeError(`checkpoint: expected a string, got ${value === null ? 'null' : typeof value}`);
  return value;
}

function optStr(value: RowValue | undefined): string | null {
  return value === null || value === undefined ? null : str(value);
}

function record(value: RowValue | undefined): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  if (Array.isArray(value)) for (const [k, v] of value as MapEntries) out[k] = v;
  return out;
}

/** A `Map[String, String]` that cannot hold nulls (format options, configuration). */
function stringRecord(value: RowValue | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(value)) for (const [k, v] of value as MapEntries) if (v !== null) out[k] = v;
  return out;
}

function strings(value: RowValue | undefined): string[] | undefined {
  return Array.isArray(value) ? (value as RowValue[]).map(str) : undefined;
}

function struct(value: RowValue | undefined): Row | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Row) : null;
}

function withoutUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as Array<keyof T>) if (value[key] === undefined) delete value[key];
  return value;
}

/** The action a checkpoint row holds, or null for a row of a column this reader does not know. */
export function rowToAction(row: Row): Action | null {
  let s: Row | null;
  if ((s = struct(row.add))) {
    const add: AddAction = {
      path: str(s.path),
      partitionValues: record(s.partitionValues),
      size: num(s.size),
      modificationTime: num(s.modificationTime),
      dataChange: s.dataChange === true,
      stats: optStr(s.stats) ?? undefined,
      tags: s.tags ? record(s.tags) : undefined,
    };
    return { add: withoutUndefined(add) };
  }
  if ((s = struct(row.remove))) {
    const remove: RemoveAction = {
      path: str(s.path),
      deletionTimestamp: optNum(s.deletionTimestamp) ?? undefined,
      dataChange: s.dataChange === true,
      extendedFileMetadata: typeof s.extendedFileMetadata === 'boolean' ? s.extendedFileMetadata : undefined,
      partitionValues: s.partitionValues ? record(s.partitionValues) : undefined,
      size: optNum(s.size) ?? undefined,
    };
    return { remove: withoutUndefined(remove) };
  }
  if ((s = struct(row.metaData))) {
    const format = struct(s.format);
    const metaData: MetaDataAction = {
      id: str(s.id),
      name: optStr(s.name) ?? undefined,
      description: optStr(s.description) ?? undefined,
      format: { provider: format ? str(format.provider) : 'parquet', options: stringRecord(format?.options) },
      schemaString: str(s.schemaString),
      partitionColumns: strings(s.partitionColumns) ?? [],
      createdTime: optNum(s.createdTime) ?? undefined,
      configuration: stringRecord(s.configuration),
    };
    return { metaData: withoutUndefined(metaData) };
  }
  if ((s = struct(row.protocol))) {
    const protocol: ProtocolAction = {
      minReaderVersion: num(s.minReaderVersion),
      minWriterVersion: num(s.minWriterVersion),
      readerFeatures: strings(s.readerFeatures),
      writerFeatures: strings(s.writerFeatures),
    };
    return { protocol: withoutUndefined(protocol) };
  }
  if ((s = struct(row.txn))) {
    const txn: TxnAction = {
      appId: str(s.appId),
      version: num(s.version),
      lastUpdated: optNum(s.lastUpdated) ?? undefined,
    };
    return { txn: withoutUndefined(txn) };
  }
  return null;
}
