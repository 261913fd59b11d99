import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { TABLE_SCHEMAS } from '../../../src/schema/tables.js';
import { metaDataAction, type ProtocolAction } from '../../../src/sinks/delta/actions.js';
import {
  checkpointFileName,
  commitFileName,
  dataFileName,
  dataFilePath,
  multipartCheckpointFileName,
  parseLogFileName,
  tempFileName,
} from '../../../src/sinks/delta/log-paths.js';
import { checkWritable } from '../../../src/sinks/delta/protocol-check.js';

test('log file names: 20-digit versions, 10-digit parts, and parsing back', () => {
  assert.equal(commitFileName(0), '00000000000000000000.json');
  assert.equal(checkpointFileName(10), '00000000000000000010.checkpoint.parquet');
  assert.equal(multipartCheckpointFileName(10, 1, 3), '00000000000000000010.checkpoint.0000000001.0000000003.parquet');
  assert.deepEqual(parseLogFileName(commitFileName(42)), { kind: 'commit', version: 42 });
  assert.deepEqual(parseLogFileName(checkpointFileName(10)), { kind: 'checkpoint', version: 10, part: 1, parts: 1 });
  assert.deepEqual(parseLogFileName(multipartCheckpointFileName(10, 2, 3)), { kind: 'checkpoint', version: 10, part: 2, parts: 3 });
  for (const other of ['_last_checkpoint', '00000000000000000001.crc', tempFileName('commit'), '00000000000000000010.checkpoint.80a083e8-7026-4e79-81be-64bd76c43a11.json', '1.json']) {
    assert.equal(parseLogFileName(other), null, other);
  }
  assert.ok(tempFileName('commit').startsWith('.'));
  assert.throws(() => commitFileName(-1), RangeError);
  assert.match(dataFileName(), /^part-00000-[0-9a-f-]{36}-c000\.zstd\.parquet$/);
});

test('dataFilePath decodes relative URI paths and accepts absolute paths and file: URIs', () => {
  assert.equal(dataFilePath('/t', 'part-1.parquet'), join('/t', 'part-1.parquet'));
  assert.equal(dataFilePath('/t', 'date%3D2020-01-01/part%201.parquet'), join('/t', 'date=2020-01-01', 'part 1.parquet'));
  assert.equal(dataFilePath('/t', '/elsewhere/f.parquet'), '/elsewhere/f.parquet');
  assert.equal(dataFilePath('/t', pathToFileURL('/elsewhere/a b.parquet').href), '/elsewhere/a b.parquet');
  assert.throws(() => dataFilePath('/t', 's3://bucket/f.parquet'), /not on the local file system/);
});

test('checkWritable: writer versions up to 2, or 7 with appendOnly/invariants only; no reader features', () => {
  const metaData = metaDataAction(TABLE_SCHEMAS.logs, 0);
  const check = (protocol: ProtocolAction) => checkWritable(protocol, metaData).ok;
  assert.equal(check({ minReaderVersion: 1, minWriterVersion: 2 }), true);
  assert.equal(check({ minReaderVersion: 1, minWriterVersion: 1 }), true);
  assert.equal(check({ minReaderVersion: 1, minWriterVersion: 7, writerFeatures: ['appendOnly', 'invariants'] }), true);
  assert.equal(check({ minReaderVersion: 3, minWriterVersion: 7, readerFeatures: [], writerFeatures: ['appendOnly'] }), true);
  assert.equal(check({ minReaderVersion: 1, minWriterVersion: 3 }), false);
  assert.equal(check({ minReaderVersion: 2, minWriterVersion: 5 }), false);
  assert.equal(check({ minReaderVersion: 1, minWriterVersion: 7, writerFeatures: ['checkConstraints'] }), false);
  assert.equal(check({ minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ['v2Checkpoint'], writerFeatures: ['v2Checkpoint'] }), false);

  const invariants = JSON.parse(metaData.schemaString);
  invariants.fields[0].metadata = { 'delta.invariants': '{"expression":{"expression":"true"}}' };
  assert.equal(checkWritable({ minReaderVersion: 1, minWriterVersion: 2 }, { ...metaData, schemaString: JSON.stringify(invariants) }).ok, false);
  assert.equal(checkWritable({ minReaderVersion: 1, minWriterVersion: 2 }, { ...metaData, partitionColumns: ['body'] }).ok, false);
});
