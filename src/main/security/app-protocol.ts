import path from 'node:path';
import { realFileInside } from '../../engine/files/real-file-inside';
import { APP_HOST, APP_SCHEME } from './app-origin';
import { contentSecurityPolicy } from './content-security-policy';

/**
 * Privileges for protocol.registerSchemesAsPrivileged (before app 'ready'): standard gives app://
 * a real origin and relative-URL resolution; secure makes it a secure context like https.
 * supportFetchAPI lets the renderer fetch its own bundled assets (dictionaries, presets).
 */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
} as const;

/**
 * Maps an app:// URL to a file under `root` (out/renderer), or null when the URL is not ours or
 * would leave the root: `..` segments (also percent-encoded, e.g. `..%2f`), backslashes, drive
 * letters and NUL bytes are refused rather than normalised, and a symbolic link inside the folder
 * that points out of it is refused too, so no request can name a file outside the built renderer.
 */
export function resolveAppFile(url: string, root: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  if (parsed.username !== '' || parsed.password !== '') return null;

  const segments: string[] = [];
  for (const raw of parsed.pathname.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null; // Malformed escape: refuse rather than guess.
    }
    if (segment === '' || segment === '.') continue;
    if (segment === '..' || /[\\/:\0]/.test(segment)) return null;
    segments.push(segment);
  }
  if (segments.length === 0) segments.push('index.html');

  // Inside the root after symbolic links are resolved, and a regular file (as browser mode serves).
  return realFileInside(root, path.join(...segments));
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** Module scripts are refused by Chromium unless served with a JavaScript MIME type. */
export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Headers of every app:// response: the CSP, and no MIME sniffing. */
export function appResponseHeaders(file: string): Record<string, string> {
  return {
    'Content-Type': contentTypeFor(file),
    'Content-Security-Policy': contentSecurityPolicy(),
    'X-Content-Type-Options': 'nosniff',
  };
}
