import type { InstrumentationScope, Resource } from '../otlp/types.js';
import { attributesMap } from './any-value.js';
import { toInt } from './numbers.js';
import type { Row } from './row.js';

/**
 * The `resource` and `instrumentation_scope` struct columns. A request without a resource or scope
 * message gets the struct of empty values (empty map, 0, empty strings), never NULL: that is what
 * proto3 reads an absent message as, and it keeps `resource.attributes['service.name']` a plain
 * lookup in queries.
 *
 * The flatteners build each struct once per ResourceX / ScopeX and put the same object on every row
 * under it: rows are read-only.
 */

/** `STRUCT<attributes: MAP<STRING, STRING>, dropped_attributes_count: INT>` */
export function resourceStruct(resource: Resource | null): Row {
  if (resource === null) return { attributes: [], dropped_attributes_count: 0 };
  return {
    attributes: attributesMap(resource.attributes),
    dropped_attributes_count: toInt(resource.droppedAttributesCount),
  };
}

/** `STRUCT<name: STRING, version: STRING, attributes: MAP<STRING, STRING>, dropped_attributes_count: INT>` */
export function scopeStruct(scope: InstrumentationScope | null): Row {
  if (scope === null) return { name: '', version: '', attributes: [], dropped_attributes_count: 0 };
  return {
    name: scope.name,
    version: scope.version,
    attributes: attributesMap(scope.attributes),
    dropped_attributes_count: toInt(scope.droppedAttributesCount),
  };
}
