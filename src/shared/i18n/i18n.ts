import type { AppError } from '../errors';
import type { ProgressText } from '../protocol';
import { messagesEn, type Catalog, type MessageKey } from './messages-en';
import { messagesZh } from './messages-zh';

export type Locale = 'zh' | 'en';
export const LOCALES: readonly Locale[] = ['zh', 'en'];
export const LOCALE_STORAGE_KEY = 'sw.locale';

export type MessageParams = Record<string, string | number | boolean | bigint | null | undefined>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

export const catalogs: Record<Locale, Catalog> = { en: messagesEn, zh: messagesZh };

export function isLocale(value: unknown): value is Locale {
  return value === 'zh' || value === 'en';
}

/** A stored choice wins; otherwise the browser's language: zh, zh-CN, zh-Hant… → zh, anything else → en. */
export function pickLocale(stored: string | null | undefined, languages: readonly string[]): Locale {
  if (isLocale(stored)) return stored;
  const first = languages.find((language) => language.trim() !== '');
  return first !== undefined && first.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** Replaces `{name}` with params.name; a placeholder without a value is left as is, so a gap shows. */
export function interpolate(template: string, params: MessageParams = {}): string {
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined || value === null ? whole : String(value);
  });
}

export function createTranslate(locale: Locale): Translate {
  const catalog = catalogs[locale];
  return (key, params) => interpolate(catalog[key] ?? messagesEn[key] ?? key, params);
}

export function hasMessage(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(messagesEn, key);
}

/**
 * What a user reads for an AppError: the translated message for its key (falling back to its
 * code's generic message) with its details interpolated. Never a stack trace.
 */
export function formatAppError(t: Translate, error: Pick<AppError, 'code' | 'messageKey' | 'details' | 'message'>): string {
  const params: MessageParams = { message: error.message, code: error.code, ...error.details };
  if (hasMessage(error.messageKey)) return t(error.messageKey, params);
  const byCode = `error.${error.code}`;
  if (hasMessage(byCode)) return t(byCode, params);
  return t('error.unknown', params);
}

/**
 * What a user reads for a job's progress step: the engine sends a key and its parameters, never
 * prose. A key this build does not know (a newer engine) reads as a generic "working".
 */
export function formatProgress(t: Translate, text: ProgressText): string {
  return hasMessage(text.key) ? t(text.key, text.params) : t('progress.unknown');
}
