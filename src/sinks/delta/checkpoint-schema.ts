import type { ColumnType, Field } from '../../schema/types.js';

/**
 * The columns of a classic V1 checkpoint (PROTOCOL.md "Checkpoint Schema"): one struct column per
 * action type, one action per row, in the order Spark writes them. Only the fields this writer can
 * hold are present; readers treat missing fields as null ("Any missing column should be treated as
 * null"), and the fields delta-kernel-rs requires (add path/partitionValues/size/modificationTime/
 * dataChange, txn appId/version, protocol versions, metaData id/format/schemaString/
 * partitionColumns/configuration) are all here.
 *
 * - `add.stats` is the JSON string (`delta.checkpoint.writeStatsAsJson` defaults to true);
 *   `stats_parsed` is not written (`writeStatsAsStruct` defaults to false).
 * - `remove` carries no `stats` or `tags`: checkpoint tombstones exist only for VACUUM.
 * - `protocol.readerFeatures` / `writerFeatures` are present and null unless the table is on reader
 *   version 3 / writer version 7, as the protocol allows.
 */
const string: ColumnType = { kind: 'primitive', name: 'string' };
const long: ColumnType = { kind: 'primitive', name: 'long' };
const int: ColumnType = { kind: 'primitive', name: 'int' };
const boolean: ColumnType = { kind: 'primitive', name: 'boolean' };
const stringMap: ColumnType = { kind: 'map', key: string, value: string };
const stringArray: ColumnType = { kind: 'array', element: string };

function struct(fields: Record<string, ColumnType>): ColumnType {
  return { kind: 'struct', fields: Object.entries(fields).map(([name, type]) => ({ name, type })) };
}

export const CHECKPOINT_COLUMNS: readonly Field[] = [
  { name: 'txn', type: struct({ appId: string, version: long, lastUpdated: long }) },
  {
    name: 'add',
    type: struct({
      path: string,
      partitionValues: stringMap,
      size: long,
      modificationTime: long,
      dataChange: boolean,
      stats: string,
      tags: stringMap,
    }),
  },
  {
    name: 'remove',
    type: struct({
      path: string,
      deletionTimestamp: long,
      dataChange: boolean,
      extendedFileMetadata: boolean,
      partitionValues: stringMap,
      size: long,
    }),
  },
  {
    name: 'metaData',
    type: struct({
      id: string,
      name: string,
      description: string,
      format: struct({ provider: string, options: stringMap }),
      schemaString: string,
      partitionColumns: stringArray,
      createdTime: long,
      configuration: stringMap,
    }),
  },
  {
    name: 'protocol',
    type: struct({ minReaderVersion: int, minWriterVersion: int, readerFeatures: stringArray, writerFeatures: stringArray }),
  },
];
