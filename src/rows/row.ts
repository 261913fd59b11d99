/**
 * A row as the sinks take it: one JS object per table row, keyed by the column names of `sql/`.
 *
 * Values by column type:
 * - STRING: `string | null`
 * - LONG: `bigint | null` (exact 64-bit; never a JS number)
 * - INT: `number | null` (a 32-bit integer)
 * - DOUBLE: `number | null`
 * - BOOLEAN: `boolean | null`
 * - STRUCT: a `Row` of its fields, or `null`
 * - ARRAY: an array of the element's values, or `null`
 * - MAP<STRING, STRING>: `MapEntries` (unique keys, in first-seen order), or `null`
 */
export type MapEntries = Array<[key: string, value: string | null]>;

export type RowValue = string | number | bigint | boolean | null | MapEntries | RowValue[] | Row;

export interface Row {
  [column: string]: RowValue;
}
