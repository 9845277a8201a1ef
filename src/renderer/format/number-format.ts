/** Counts with thousands separators (5,000,000); the same grouping in zh and en. */
export function formatCount(value: number | bigint, intlLocale = 'en-US'): string {
  return new Intl.NumberFormat(intlLocale, { maximumFractionDigits: 0 }).format(value);
}

/** Milliseconds as a whole number for status lines. */
export function formatMs(ms: number, intlLocale = 'en-US'): string {
  return new Intl.NumberFormat(intlLocale, { maximumFractionDigits: 0 }).format(Math.round(ms));
}

/** Elapsed time while something runs: 0.4 s, 12.3 s, 2:05. */
export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, ms) / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const whole = Math.floor(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

/**
 * Large amounts the way the bank reads them: 950, 1.2万, 35万, 1.2亿 (zh) or 950, 1.2K, 350K,
 * 120M (en). For axes, cards and summaries; exact figures use formatMoney.
 */
export function compactAmount(value: number, locale: 'zh' | 'en'): string {
  const abs = Math.abs(value);
  const trim = (x: number) => String(Number(x.toFixed(1)));
  if (locale === 'zh') {
    if (abs >= 1e8) return `${trim(value / 1e8)}亿`;
    if (abs >= 1e4) return `${trim(value / 1e4)}万`;
    return trim(value);
  }
  if (abs >= 1e9) return `${trim(value / 1e9)}B`;
  if (abs >= 1e6) return `${trim(value / 1e6)}M`;
  if (abs >= 1e3) return `${trim(value / 1e3)}K`;
  return trim(value);
}

/**
 * An axis tick of an amount: 万 / 亿 (K / M in English) from 10,000 up, so ticks stay short and
 * the reader does not count zeros; smaller ticks with thousands separators.
 */
export function axisAmountLabel(value: number, locale: 'zh' | 'en', intlLocale = locale === 'zh' ? 'zh-CN' : 'en-US'): string {
  if (!Number.isFinite(value)) return '';
  if (Math.abs(value) >= 1e4) return compactAmount(value, locale);
  return new Intl.NumberFormat(intlLocale, { maximumFractionDigits: 1 }).format(value);
}

/** Money with thousands separators and two decimals: 1,234,567.50. */
export function formatMoney(value: number, intlLocale = 'en-US'): string {
  return new Intl.NumberFormat(intlLocale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
}

/** A share as a percentage with one decimal and no space before %: 0.1234 → 12.3%. */
export function formatPercent(ratio: number, intlLocale = 'en-US', digits = 1): string {
  if (!Number.isFinite(ratio)) return '—';
  return `${new Intl.NumberFormat(intlLocale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(ratio * 100)}%`;
}

/** A number as understood from typing (what an amount input echoes): 500,000 or 1,234.5, all decimals kept. */
export function formatUnderstood(value: number, intlLocale = 'en-US'): string {
  return new Intl.NumberFormat(intlLocale, { maximumFractionDigits: 10 }).format(value);
}
