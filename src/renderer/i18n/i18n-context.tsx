import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { createTranslate, isLocale, LOCALE_STORAGE_KEY, pickLocale, type Locale, type Translate } from '../../shared/i18n/i18n';

interface I18nValue {
  locale: Locale;
  t: Translate;
  setLocale: (locale: Locale) => void;
  /** Locale tag for Intl formatting. */
  intlLocale: string;
}

const I18nContext = createContext<I18nValue | null>(null);

function readStoredLocale(): string | null {
  try {
    return window.localStorage.getItem(LOCALE_STORAGE_KEY);
  } catch {
    return null; // Storage can be disabled; the browser language then decides.
  }
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => pickLocale(readStoredLocale(), navigator.languages ?? [navigator.language]));

  const setLocale = useCallback((next: Locale) => {
    if (!isLocale(next)) return;
    setLocaleState(next);
    try {
      window.localStorage.setItem(LOCALE_STORAGE_KEY, next);
    } catch {
      // Not persisted; the choice still holds for this session.
    }
  }, []);

  useEffect(() => {
    // 'zh' resolves to Simplified Chinese glyphs in Chromium; the value matches the switch's values.
    document.documentElement.lang = locale;
  }, [locale]);

  const value = useMemo<I18nValue>(
    () => ({ locale, setLocale, t: createTranslate(locale), intlLocale: locale === 'zh' ? 'zh-CN' : 'en-US' }),
    [locale, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
