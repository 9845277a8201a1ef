import { isOwnOrigin } from './app-origin';

/**
 * `will-navigate` / `will-redirect`: a window may only move within its own origin. Anything else
 * (http(s), file:, another custom scheme, javascript:) would put foreign content in a window
 * that holds the engine port.
 */
export function isNavigationAllowed(targetUrl: string, allowedOrigins: readonly string[], currentUrl = ''): boolean {
  // DevTools (development only) navigates among its own devtools:// pages; nothing else may.
  if (currentUrl.startsWith('devtools://') && targetUrl.startsWith('devtools://')) return true;
  return isOwnOrigin(targetUrl, allowedOrigins);
}

/** setWindowOpenHandler: the app never opens a second window or an external link. */
export function windowOpenDecision(): { action: 'deny' } {
  return { action: 'deny' };
}
