import type { ColumnDef } from './model/index.js';

/**
 * A query result row as JSON, guided by the view's declared column types: integers as numbers
 * (counts stay far below 2^53), timestamps as RFC 3339 UTC, dates as `YYYY-MM-DD`. Pure.
 */
export function toJsonRow(columns: readonly ColumnDef[], row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of columns) out[c.name] = toJsonValue(c.type, row[c.name]);
  return out;
}

function toJsonValue(type: ColumnDef['type'], v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'integer':
      return typeof v === 'bigint' ? Number(v) : Math.round(Number(v));
    case 'double': {
      const n = Number(v);
      return Number.isFinite(n) ? n : null;
    }
    case 'timestamp':
      return v instanceof Date ? v.toISOString() : String(v);
    case 'date':
      return v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);
    case 'string':
      return String(v);
  }
}
