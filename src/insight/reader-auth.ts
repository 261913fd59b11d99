import { bearerToken, type Tokens } from '../auth/tokens.js';

/** The cookie the dashboard's sign-in page sets, so that the browser sends the token with each request. */
export const TOKEN_COOKIE = 'otlp_delta_token';

export type ReaderCheck = { ok: true; caller: string } | { ok: false; status: 401 | 403; message: string };

/**
 * Who may read the dashboard: anyone when no tokens file is configured (the listener is then on
 * loopback only, or explicitly opened), else a caller whose tokens-file entry has `"read": true`,
 * by `Authorization: Bearer <token>` or the sign-in cookie. Pure: the messages never quote a token.
 */
export function checkReader(tokens: Tokens | null, authorization: string | string[] | undefined, cookie: string | string[] | undefined): ReaderCheck {
  if (tokens === null) return { ok: true, caller: 'anonymous' };
  const token = bearerToken(authorization) ?? cookieValue(cookie, TOKEN_COOKIE);
  if (token === null) return { ok: false, status: 401, message: 'missing token: send Authorization: Bearer <token> with a token of the tokens file whose entry has "read": true' };
  const caller = tokens.find(token);
  if (caller === null) return { ok: false, status: 401, message: 'unknown token' };
  if (!caller.mayRead) return { ok: false, status: 403, message: `caller ${caller.name} may not read the dashboard: add "read": true to its entry in the tokens file` };
  return { ok: true, caller: caller.name };
}

/** One cookie's value from a `Cookie` header, or null. */
export function cookieValue(header: string | string[] | undefined, name: string): string | null {
  if (typeof header !== 'string') return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      const value = decodeURIComponent(part.slice(eq + 1).trim());
      return value === '' ? null : value;
    } catch {
      return null;
    }
  }
  return null;
}
