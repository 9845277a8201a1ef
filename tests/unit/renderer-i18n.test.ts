import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, AppError } from '../../src/shared/errors';
import { createTranslate, formatAppError, formatProgress, interpolate, pickLocale } from '../../src/shared/i18n/i18n';
import { messagesEn } from '../../src/shared/i18n/messages-en';
import { messagesZh } from '../../src/shared/i18n/messages-zh';
import { FILTER_OPERATORS } from '../../src/shared/table-types';

describe('locale pick', () => {
  it('follows the browser language unless a choice was stored', () => {
    expect(pickLocale(null, ['zh-CN', 'en'])).toBe('zh');
    expect(pickLocale(null, ['zh-TW'])).toBe('zh');
    expect(pickLocale(null, ['ZH'])).toBe('zh');
    expect(pickLocale(null, ['en-US', 'zh-CN'])).toBe('en');
    expect(pickLocale(null, ['fr-FR'])).toBe('en');
    expect(pickLocale(null, [])).toBe('en');
    expect(pickLocale('en', ['zh-CN'])).toBe('en');
    expect(pickLocale('zh', ['en-US'])).toBe('zh');
    expect(pickLocale('de', ['en-US'])).toBe('en');
  });
});

describe('messages', () => {
  it('interpolates details and leaves a missing one visible', () => {
    expect(interpolate('{a} and {b}', { a: 1, b: 'x' })).toBe('1 and x');
    expect(interpolate('{a} and {b}', { a: 10n })).toBe('10 and {b}');
  });

  it('has the same keys, all non-empty, in both catalogs', () => {
    expect(Object.keys(messagesZh).sort()).toEqual(Object.keys(messagesEn).sort());
    for (const [key, text] of Object.entries(messagesZh)) expect(text, key).not.toBe('');
  });

  it('keeps the same placeholders in zh and en', () => {
    const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(messagesEn) as Array<keyof typeof messagesEn>) {
      expect(names(messagesZh[key]), key).toEqual(names(messagesEn[key]));
    }
  });

  it('covers every error code, the engine message keys and the filter operators', () => {
    for (const code of ERROR_CODES) expect(messagesEn).toHaveProperty([`error.${code}`]);
    for (const key of ['error.COLUMN_NOT_FOUND', 'error.TABLE_NOT_FOUND', 'error.FILTER_VALUE_TYPE', 'error.FILTER_VALUE_MISSING']) {
      expect(messagesEn).toHaveProperty([key]);
    }
    for (const op of FILTER_OPERATORS) expect(messagesEn).toHaveProperty([`op.${op}`]);
  });

  it('has a message in both languages for every error key the engine can send', () => {
    const keys = new Set<string>();
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith('.ts')) for (const m of fs.readFileSync(full, 'utf8').matchAll(/'(error\.[A-Z][A-Z0-9_]*)'/g)) keys.add(m[1]!);
      }
    };
    walk(path.resolve(__dirname, '../../src/engine'));
    expect(keys.size).toBeGreaterThan(30);
    const missing = [...keys].filter((k) => !(k in messagesEn) || !(k in messagesZh)).sort();
    expect(missing).toEqual([]);
  });

  it('has a message in both languages for every progress key the engine can send, with the same parameters', () => {
    const keys = new Map<string, Set<string>>();
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith('.ts')) {
          const text = fs.readFileSync(full, 'utf8');
          // Every `progress.` key is a literal: a key built from pieces would escape this scan.
          expect(text, full).not.toMatch(/`progress\.[^`]*\$\{/);
          for (const m of text.matchAll(/'(progress\.[A-Za-z][A-Za-z0-9_.]*)'(?:,\s*params:\s*\{([^}]*)\})?/g)) {
            const params = keys.get(m[1]!) ?? new Set<string>();
            for (const part of (m[2] ?? '').split(',')) if (part.trim()) params.add(part.split(':')[0]!.trim());
            keys.set(m[1]!, params);
          }
        }
      }
    };
    walk(path.resolve(__dirname, '../../src/engine'));
    expect(keys.size).toBeGreaterThan(25);
    const missing = [...keys.keys()].filter((k) => !(k in messagesEn) || !(k in messagesZh)).sort();
    expect(missing).toEqual([]);
    // Every parameter the engine sends is used by the English text (so nothing it says is dropped).
    for (const [key, params] of keys) {
      for (const param of params) expect(messagesEn[key as keyof typeof messagesEn], `${key} {${param}}`).toContain(`{${param}}`);
    }
  });

  it('formats progress from its key and parameters, and an unknown key as a generic step', () => {
    const en = createTranslate('en');
    const zh = createTranslate('zh');
    expect(formatProgress(en, { key: 'progress.import.load', params: { file: 'a.csv', table: 'customers' } })).toBe('Loading a.csv into customers…');
    expect(formatProgress(zh, { key: 'progress.profile.transactions' })).toBe('画像：交易…');
    expect(formatProgress(en, { key: 'progress.something.new' })).toBe('Working…');
  });

  it('formats an AppError from its key and details, never a stack', () => {
    const en = createTranslate('en');
    const zh = createTranslate('zh');
    const typeError = new AppError('INVALID_ARGUMENT', 'internal text', { column: 'aum', expected: 'DECIMAL(18,2)', value: 'abc' }, 'error.FILTER_VALUE_TYPE');
    expect(formatAppError(en, typeError)).toBe('“abc” is not a valid DECIMAL(18,2) for column aum.');
    expect(formatAppError(zh, typeError)).toBe('“abc”不是字段 aum 的有效 DECIMAL(18,2) 值。');
    // The engine's readable message, not DuckDB's raw text (which may quote the product's own SQL).
    const sqlError = new AppError('SQL_ERROR', 'Parser Error: syntax error at "SELEC"', { duckdb: 'Parser Error: syntax error at "SELEC"\n\nLINE 1: CREATE TABLE "_sw_console_1" AS SELEC' });
    expect(formatAppError(en, sqlError)).toBe('SQL error: Parser Error: syntax error at "SELEC"');
    // An unknown key falls back to the code's message.
    expect(formatAppError(en, new AppError('NOT_FOUND', 'x', {}, 'error.SOMETHING_NEW'))).toBe('Not found.');
  });
});
