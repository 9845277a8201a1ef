import type { Progress, ProgressText } from '../shared/protocol';

/**
 * The terminal's (English-only) reading of a progress key: the step's name and its values, e.g.
 * `import.load a.csv customers`. The app translates the same keys with its message catalogs.
 */
export function progressLine(text: ProgressText): string {
  return [text.key.replace(/^progress\./, ''), ...Object.values(text.params ?? {})].join(' ');
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
