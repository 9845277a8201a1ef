import type { Progress, ProgressText } from '../shared/protocol';
import { createTranslate, formatProgress, pickLocale, type Locale } from '../shared/i18n/i18n';

/** The terminal's language: SW_LANG, else the POSIX locale (LC_ALL, LC_MESSAGES, LANG); zh_CN.UTF-8 → zh. */
export function terminalLocale(env: NodeJS.ProcessEnv = process.env): Locale {
  return pickLocale(env.SW_LANG, [env.LC_ALL, env.LC_MESSAGES, env.LANG].map((v) => v ?? ''));
}

/**
 * The progress text as the app shows it, from the same message catalogs: "Import done." for
 * progress.import.done, never the raw key (an unknown key reads as the catalog's generic text).
 */
export function progressLine(text: ProgressText, locale: Locale = terminalLocale()): string {
  return formatProgress(createTranslate(locale), text);
}

/**
 * A one-line progress bar on stderr for a TTY; on a pipe (CI, logs) a line every 10 %, so logs
 * stay readable.
 */
export function terminalProgress(label: string, stream: NodeJS.WriteStream = process.stderr): { update(p: Progress): void; done(text?: string): void } {
  const started = Date.now();
  let lastDecile = -1;
  let lastMessage = '';
  return {
    update(progress) {
      const fraction = progress.fraction ?? 0;
      if (progress.message) lastMessage = progressLine(progress.message);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (stream.isTTY) {
        const width = 30;
        const filled = Math.round(fraction * width);
        stream.write(`\r${label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${seconds}s ${lastMessage}`.padEnd(100).slice(0, 100));
        return;
      }
      const decile = Math.floor(fraction * 10);
      if (decile > lastDecile) {
        lastDecile = decile;
        stream.write(`${label}: ${(fraction * 100).toFixed(0)}% ${lastMessage}\n`);
      }
    },
    done(text) {
      if (stream.isTTY) stream.write('\r'.padEnd(101) + '\r');
      if (text) stream.write(`${text}\n`);
    },
  };
}
