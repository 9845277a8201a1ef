import { isOwnOrigin } from './app-origin';

/**
 * IPC senders and receivers are trusted only when their frame shows the app's own origin: a frame
 * that navigated elsewhere, a subframe of another origin or a destroyed frame (null) gets no
 * engine port and no answer.
 */
export function isTrustedFrameUrl(frameUrl: string | null | undefined, allowedOrigins: readonly string[]): boolean {
  return typeof frameUrl === 'string' && isOwnOrigin(frameUrl, allowedOrigins);
}
