import { isOwnOrigin, originOf } from './app-origin';

/**
 * session.webRequest.onBeforeRequest: the app makes no network request. Allowed are the app's own
 * origin, DevTools' internal pages, and data:/blob: URLs (in-memory, created by the page itself
 * for chart images and downloads). Everything else — http(s), ws(s), file:, ftp:, other schemes —
 * is cancelled. In development the Vite dev server (loopback) and its HMR socket are allowed too.
 */
export function isRequestAllowed(url: string, allowedOrigins: readonly string[]): boolean {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    return false;
  }
  if (protocol === 'devtools:' || protocol === 'data:' || protocol === 'blob:') return true;
  if (isOwnOrigin(url, allowedOrigins)) return true;
  if (protocol === 'ws:' || protocol === 'wss:') {
    // Vite's HMR socket lives on the dev server's host:port; only in dev is that origin allowed.
    const httpTwin = originOf(url)?.replace(/^ws/, 'http'); // ws:// → http://, wss:// → https://
    return httpTwin !== undefined && allowedOrigins.some((allowed) => allowed.toLowerCase() === httpTwin);
  }
  return false;
}

/** The webRequest callback response: `cancel: true` blocks the request. */
export function requestDecision(url: string, allowedOrigins: readonly string[]): { cancel: boolean } {
  return { cancel: !isRequestAllowed(url, allowedOrigins) };
}
