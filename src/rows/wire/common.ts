import type { Row } from '../row.js';
import { OtlpDecodeError } from '../../otlp/decode-error.js';
import { closeEntries, openEntries, readAttribute } from './any-value.js';
import { type Reader, WireError } from './reader.js';

/**
 * What the three signals share: the Resource and InstrumentationScope structs, the first pass over
 * a ResourceX / ScopeX message, and error paths.
 *
 *   Resource             { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2;
 *                          repeated EntityRef entity_refs = 3; }
 *   InstrumentationScope { string name = 1; string version = 2; repeated KeyValue attributes = 3;
 *                          uint32 dropped_attributes_count = 4; }
 *   EntityRef            { string schema_url = 1; string type = 2; repeated string id_keys = 3;
 *                          repeated string description_keys = 4; }
 *   ResourceMetrics / ResourceLogs / ResourceSpans { Resource resource = 1; repeated ScopeX = 2;
 *                                                    string schema_url = 3; }
 *   ScopeMetrics / ScopeLogs / ScopeSpans          { InstrumentationScope scope = 1;
 *                                                    repeated (records) = 2; string schema_url = 3; }
 *
 * The structs are those of `src/rows/resource-scope.ts`: built once per ResourceX / ScopeX and
 * shared by its rows (rows are read-only); an absent resource or scope is the struct of empty
 * values. A message field sent twice is read twice and the last one kept (what protobufjs does).
 */

const RESOURCE_FIELDS = 0b1110; // 1..3
const SCOPE_FIELDS = 0b1_1110; // 1..4
const ENTITY_REF_FIELDS = 0b1_1110; // 1..4
const CONTAINER_FIELDS = 0b1110; // 1..3

/** Attribute lists: `openEntries(depth of the owner)`, `readAttribute` per field, `closeEntries`. */
export { closeEntries, openEntries, readAttribute };

/**
 * The empty list of structs (exemplars, quantiles, events, links), shared by every row that has
 * none; frozen, as rows are read-only.
 */
export const NO_ROWS: Row[] = Object.freeze([]) as unknown as Row[];

export function emptyResource(): Row {
  return { attributes: [], dropped_attributes_count: 0 };
}

export function emptyScope(): Row {
  return { name: '', version: '', attributes: [], dropped_attributes_count: 0 };
}

/** A Resource message (at `depth`) as the `resource` struct. */
export function readResource(r: Reader, depth: number): Row {
  const outer = r.enter();
  const end = r.limit;
  const attributes = openEntries(depth);
  let dropped = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case (1 << 3) | 2: // repeated attributes = 1, KeyValue
        readAttribute(r, depth + 1, attributes);
        break;
      case (2 << 3) | 0: // dropped_attributes_count = 2, uint32
        dropped = r.uint32() | 0;
        break;
      case (3 << 3) | 2: // repeated entity_refs = 3, EntityRef: not stored, but protobufjs decodes them, UTF-8 checks included
        checkEntityRef(r, depth + 1);
        break;
      default:
        r.skip(tag, depth, RESOURCE_FIELDS, 'Resource');
    }
  }
  r.leave(outer);
  
  return { attributes: closeEntries(attributes), dropped_attributes_count: dropped };
}

function checkEntityRef(r: Reader, depth: number): void {
  const outer = r.enter();
  const end = r.limit;
  while (r.pos < end) {
    const tag = r.uint32();
    // schema_url = 1, type = 2, id_keys = 3, description_keys = 4: all strings
    if ((tag & 7) === 2 && tag >>> 3 >= 1 && tag >>> 3 <= 4) r.string();
    else r.skip(tag, depth, ENTITY_REF_FIELDS, 'EntityRef');
  }
  r.leave(outer);
}

/** An InstrumentationScope message (at `depth`) as the `instrumentation_scope` struct. */
export function readScope(r: Reader, depth: number): Row {
  const outer = r.enter();
  const end = r.limit;
  let name = '';
  let version = '';
  const attributes = openEntries(depth);
  let dropped = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case (1 << 3) | 2: // name = 1, string
        name = r.string();
        break;
      case (2 << 3) | 2: // version = 2, string
        version = r.string();
        break;
      case (3 << 3) | 2: // repeated attributes = 3, KeyValue
        readAttribute(r, depth + 1, attributes);
        break;
      case (4 << 3) | 0: // dropped_attributes_count = 4, uint32
        dropped = r.uint32() | 0;
        break;
      default:
        r.skip(tag, depth, SCOPE_FIELDS, 'InstrumentationScope');
    }
  }
  r.leave(outer);
  
  return { name, version, attributes: closeEntries(attributes), dropped_attributes_count: dropped };
}

/**
 * How a ResourceX / ScopeX header reads its field 1: into the structs of the rows, or (the
 * check-only walk of `check/`) only checked, with a placeholder struct.
 */
export interface StructReaders {
  resource: (r: Reader, depth: number) => Row;
  scope: (r: Reader, depth: number) => Row;
}

export const ROW_STRUCTS: StructReaders = { resource: readResource, scope: readScope };

/** Field 1 (the resource or scope struct) and field 3 (`schema_url`) of a ResourceX / ScopeX. */
export interface Header {
  struct: Row;
  schemaUrl: string;
}

/** The tag of field 2 of a ResourceX / ScopeX: its list of scopes or records. */
export const LIST_TAG = (2 << 3) | 2;

/**
 * First pass over a ResourceX (`resource` true) or ScopeX message whose fields run from `r.pos` to
 * `r.limit`, at `depth`: reads fields 1 and 3, which every row needs but which may come after the
 * list (schema_url always does), checks the wire type of every field, and steps over the list
 * elements by their length. `r.pos` is left at the end: the caller goes back for the list.
 */
export function readHeader(r: Reader, depth: number, resource: boolean, message: string, structs: StructReaders): Header {
  const end = r.limit;
  let struct: Row | null = null;
  let schemaUrl = '';
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case (1 << 3) | 2: // resource = 1, Resource | scope = 1, InstrumentationScope
        struct = resource ? structs.resource(r, depth + 1) : structs.scope(r, depth + 1);
        break;
      case LIST_TAG:
        r.skipChecked(tag, depth);
        break;
      case (3 << 3) | 2: // schema_url = 3, string
        schemaUrl = r.string();
        break;
      default:
        r.skip(tag, depth, CONTAINER_FIELDS, message);
    }
  }
  return { struct: struct ?? (resource ? emptyResource() : emptyScope()), schemaUrl };
}

/**
 * Rethrows `error` with `segment` prepended to its path (the `field[i]` paths of the old path's
 * `mapRepeated`), keeping wire errors wire errors.
 */
export function rethrowAt(error: unknown, segment: string): never {
  if (error instanceof OtlpDecodeError) {
    const path = error.path === '' ? segment : `${segment}.${error.path}`;
    const options = { path, cause: error.cause };
    throw error instanceof WireError ? new WireError(error.problem, options) : new OtlpDecodeError(error.problem, options);
  }
  throw error;
}
