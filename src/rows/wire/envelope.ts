import type { Row } from '../row.js';
import { LIST_TAG, readHeader, rethrowAt, ROW_STRUCTS, type StructReaders } from './common.js';
import type { Reader } from './reader.js';

/** What every row of a record carries from above it: the resource and scope, and their schema URLs. */
export interface RecordContext {
  resource: Row;
  resourceSchemaUrl: string;
  scope: Row;
  scopeSchemaUrl: string;
}

/** One signal's message and field names, for error messages and paths. */
export interface EnvelopeNames {
  request: string;
  resource: string;
  resources: string;
  scope: string;
  scopes: string;
  records: string;
}

const RESOURCES_TAG = (1 << 3) | 2;

type ReadRecord = (r: Reader, context: RecordContext) => void;

/**
 * Walks the nesting every signal shares: Export*ServiceRequest → Resource* (field 1) → Scope*
 * (field 2) → records (field 2), calling `readRecord` on each record with its context. Errors
 * below get the path of where they happened (`resourceLogs[0].scopeLogs[1].logRecords[3]`).
 * `structs` reads the resource and scope messages: into the rows' structs, or only checked.
 */
export function readEnvelope(r: Reader, names: EnvelopeNames, readRecord: ReadRecord, structs: StructReaders = ROW_STRUCTS): void {
  const end = r.limit;
  let i = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === RESOURCES_TAG) {
      try {
        readResource(r, names, readRecord, structs);
      } catch (error) {
        rethrowAt(error, `${names.resources}[${i}]`);
      }
      i++;
    } else {
      r.skip(tag, 0, 0b10, names.request);
    }
  }
}

function readResource(r: Reader, names: EnvelopeNames, readRecord: ReadRecord, structs: StructReaders): void {
  const outer = r.enter();
  const start = r.pos;
  const end = r.limit;
  const header = readHeader(r, 1, true, names.resource, structs);
  r.pos = start;
  let i = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === LIST_TAG) {
      try {
        readScope(r, names, header.struct, header.schemaUrl, readRecord, structs);
      } catch (error) {
        rethrowAt(error, `${names.scopes}[${i}]`);
      }
      i++;
    } else {
      r.skipChecked(tag, 1);
    }
  }
  r.leave(outer);
}

function readScope(
  r: Reader,
  names: EnvelopeNames,
  resource: Row,
  resourceSchemaUrl: string,
  readRecord: ReadRecord,
  structs: StructReaders,
): void {
  const outer = r.enter();
  const start = r.pos;
  const end = r.limit;
  const header = readHeader(r, 2, false, names.scope, structs);
  const context: RecordContext = { resource, resourceSchemaUrl, scope: header.struct, scopeSchemaUrl: header.schemaUrl };
  r.pos = start;
  let i = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === LIST_TAG) {
      try {
        readRecord(r, context);
      } catch (error) {
        rethrowAt(error, `${names.records}[${i}]`);
      }
      i++;
    } else {
      r.skipChecked(tag, 2);
    }
  }
  r.leave(outer);
}
