/**
 * The `from` / `to` query parameters: RFC 3339 (`2026-01-05T10:00:00Z`, `...+02:00`, fractions
 * allowed) or a bare date (`2026-01-05`, midnight UTC), turned into the UTC text both SQL
 * dialects cast to TIMESTAMP (`YYYY-MM-DD HH:MM:SS.ffffff`, finer fractions truncated: TIMESTAMP
 * holds microseconds) and into exact nanoseconds since the epoch. Pure; an unreadable value is an
 * error value.
 */
export type TimeParam = { ok: true; sql: string; ms: number; ns: bigint } | { ok: false; message: string };

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2}))?$/;

export function parseTimeParam(name: string, text: string): TimeParam {
  const m = RFC3339.exec(text);
  if (!m) return { ok: false, message: `${name}: expected an RFC 3339 time such as 2026-01-05T10:00:00Z (or a date 2026-01-05), got ${JSON.stringify(text.slice(0, 64))}` };
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = m;
  const offsetMin = zone === 'Z' || zone === 'z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const check = new Date(local);
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    return { ok: false, message: `${name}: ${JSON.stringify(text)} is not a valid date and time` };
  }
  const ms = local - offsetMin * 60_000;
  const micros = (frac.slice(1) + '000000').slice(0, 6);
  const iso = new Date(ms).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  const ns = BigInt(ms) * 1_000_000n + BigInt((frac.slice(1) + '000000000').slice(0, 9));
  return { ok: true, sql: `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${micros}`, ms: ms + Number(micros) / 1000, ns };
}
