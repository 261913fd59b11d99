import type { MetaDataAction, ProtocolAction } from './actions.js';
import { parseSchemaString } from './schema-string.js';

/**
 * Whether this writer may append to a table. PROTOCOL.md "Table Features": writers must implement
 * every feature the protocol names, and must implement the reader features too since they read the
 * log before writing. What this writer implements:
 *
 * - reader version 1 (no column mapping, no reader features), or 3 with no reader features;
 * - writer version 2 ("Writer Version Requirements": respect append-only tables, which a writer
 *   that only appends does by construction, and column invariants, which it honours by refusing
 *   schemas that declare any), or 7 with no writer features beyond `appendOnly` and `invariants`.
 *
 * Anything else (CHECK constraints, generated or identity columns, change data feed, column
 * mapping, deletion vectors, row tracking, ...) is refused rather than half-implemented.
 */
const WRITER_FEATURES = new Set(['appendOnly', 'invariants']);

export type WriteSupport = { ok: true } | { ok: false; reason: string };

export function checkWritable(protocol: ProtocolAction, metaData: MetaDataAction): WriteSupport {
  const { minReaderVersion: reader, minWriterVersion: writer } = protocol;
  if (reader !== 1 && reader !== 3) {
    return { ok: false, reason: `the table needs Delta reader version ${reader} (column mapping), which otlp-delta does not implement` };
  }
  if (reader === 3 && (protocol.readerFeatures ?? []).length > 0) {
    return { ok: false, reason: `the table uses reader features ${protocol.readerFeatures!.join(', ')}, which otlp-delta does not implement` };
  }
  if (writer === 7) {
    const unsupported = (protocol.writerFeatures ?? []).filter((f) => !WRITER_FEATURES.has(f));
    if (unsupported.length > 0) {
      return { ok: false, reason: `the table uses writer features ${unsupported.join(', ')}, which otlp-delta does not implement` };
    }
  } else if (writer > 2) {
    return { ok: false, reason: `the table needs Delta writer version ${writer}; otlp-delta implements versions up to 2` };
  }
  const { deltaMetadataKeys } = parseSchemaString(metaData.schemaString);
  if (deltaMetadataKeys.has('delta.invariants')) {
    return { ok: false, reason: 'the table has column invariants, which otlp-delta does not evaluate' };
  }
  if (metaData.partitionColumns.length > 0) {
    return { ok: false, reason: `the table is partitioned by ${metaData.partitionColumns.join(', ')}; otlp-delta writes unpartitioned tables` };
  }
  return { ok: true };
}
