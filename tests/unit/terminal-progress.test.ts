import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { progressLine, terminalLocale, terminalProgress } from '../../src/cli/terminal-progress';
import { hasMessage } from '../../src/shared/i18n/i18n';

const ENGINE = path.resolve(__dirname, '../../src/engine');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('terminal progress', () => {
  it('prints the catalog text of a progress key, in the terminal’s language, never the key', () => {
    expect(progressLine({ key: 'progress.import.done' }, 'en')).toBe('Import done.');
    expect(progressLine({ key: 'progress.profile.transactions' }, 'zh')).not.toMatch(/progress\.|profile\./);
    expect(progressLine({ key: 'progress.no.such.step' }, 'en')).not.toContain('progress.no.such.step');
    expect(terminalLocale({ LANG: 'zh_CN.UTF-8' })).toBe('zh');
    expect(terminalLocale({ LANG: 'C.UTF-8' })).toBe('en');
    expect(terminalLocale({ LANG: 'zh_CN.UTF-8', SW_LANG: 'en' })).toBe('en');
  });

  it('writes localized lines on a pipe', () => {
    let written = '';
    const stream = { isTTY: false, write: (text: string) => ((written += text), true) } as unknown as NodeJS.WriteStream;
    const previous = process.env.SW_LANG;
    process.env.SW_LANG = 'en';
    try {
      const bar = terminalProgress('demo bank', stream);
      bar.update({ fraction: 0.82, rows: null, message: { key: 'progress.import.done' } });
      bar.done();
    } finally {
      if (previous === undefined) delete process.env.SW_LANG;
      else process.env.SW_LANG = previous;
    }
    expect(written).toBe('demo bank: 82% Import done.\n');
  });

  it('every progress key the engine reports has catalog text', () => {
    const keys = new Set<string>();
    for (const file of sourceFiles(ENGINE)) for (const m of fs.readFileSync(file, 'utf8').matchAll(/'(progress\.[a-zA-Z0-9_.]+)'/g)) keys.add(m[1]!);
    expect(keys.size).toBeGreaterThan(5);
    expect([...keys].filter((key) => !hasMessage(key))).toEqual([]);
  });
});
