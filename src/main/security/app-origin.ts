/**
 * The renderer's own origin. The app is served from a custom standard+secure scheme rather than
 * file:// so it has a real, unique origin (file:// pages share one origin with every local file)
 * and every response carries our CSP header.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * scheme://host[:port] of a URL, or null when it does not parse. Node's URL.origin is "null" for
 * non-special schemes such as app:, so the origin is rebuilt from protocol and host instead.
 */
export function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.host === '') return null; // file:, data:, about: … have no host, hence no origin of ours.
  return `${parsed.protocol}//${parsed.host}`.toLowerCase();
}

/** True when the URL belongs to one of the given origins (the app's, plus the dev server in dev). */
export function isOwnOrigin(url: string, allowedOrigins: readonly string[]): boolean {
  const origin = originOf(url);
  return origin !== null && allowedOrigins.some((allowed) => allowed.toLowerCase() === origin);
}
