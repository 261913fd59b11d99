import type { ParamName } from './model/index.js';
import type { ParamValues } from './engine.js';
import { parseTimeParam } from './time-param.js';

const STRING_PARAMS: readonly ParamName[] = ['agent', 'user', 'model', 'team', 'session'];
const MAX_LENGTH = 512;

/**
 * The query string of a `/api/usage/*` request as bound parameters, or the message of a 400.
 * Pure: values are checked here and then only ever bound, never written into SQL.
 */
export function readParams(query: Record<string, unknown>): { ok: true; values: ParamValues; from: string | null; to: string | null } | { ok: false; message: string } {
  const values: ParamValues = {};
  const times: Record<'from' | 'to', { ns: bigint } | null> = { from: null, to: null };
  for (const name of ['from', 'to'] as const) {
    const text = single(query[name]);
    if (text === undefined) return { ok: false, message: `${name}: give it once` };
    if (text === '') continue;
    const parsed = parseTimeParam(name, text);
    if (!parsed.ok) return parsed;
    times[name] = parsed;
    // Exact nanoseconds: the local engine's SQL takes them as they are (model/filters.ts).
    values[name] = parsed.ns.toString();
  }
  if (times.from && times.to && times.from.ns > times.to.ns) return { ok: false, message: 'from: must not be after to' };
  for (const name of STRING_PARAMS) {
    const text = single(query[name]);
    if (text === undefined) return { ok: false, message: `${name}: give it once` };
    if (text.length > MAX_LENGTH) return { ok: false, message: `${name}: longer than ${MAX_LENGTH} characters` };
    if (text !== '') values[name] = text;
  }
  const given = (name: 'from' | 'to') => (values[name] === undefined ? null : String(query[name]));
  return { ok: true, values, from: given('from'), to: given('to') };
}

/** The one value of a query parameter ('' when absent), or undefined when it is repeated. */
function single(v: unknown): string | undefined {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return undefined;
  return String(v);
}
