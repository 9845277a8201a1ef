import { randomBytes, timingSafeEqual } from 'node:crypto';

/** A random per-run token; browser mode refuses every request that does not carry it. */
export function createAccessToken(): string {
  return randomBytes(24).toString('base64url');
}

export function tokensMatch(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export const TOKEN_COOKIE = 'sw_token';

/**
 * The token from `?token=` or from the cookie the first authorised page load sets (assets and
 * the WebSocket are requested without the query string).
 */
export function tokenFromRequest(url: URL, cookieHeader: string | undefined): string | null {
  const fromQuery = url.searchParams.get('token');
  if (fromQuery) return fromQuery;
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return null;
}
