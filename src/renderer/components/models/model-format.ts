/** Percentages as the bank writes them: one decimal, no space before %. */
export function formatPercent(share: number, intlLocale = 'en-US', digits = 1): string {
  if (!Number.isFinite(share)) return '—';
  return `${new Intl.NumberFormat(intlLocale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(share * 100)}%`;
}

/** Percentage points for a difference of rates: +2.35 pp. */
export function formatPoints(difference: number, intlLocale = 'en-US'): string {
  const sign = difference > 0 ? '+' : '';
  return `${sign}${new Intl.NumberFormat(intlLocale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(difference * 100)} pp`;
}

/** A p-value: 4 decimals, or < 0.0001. */
export function formatP(p: number): string {
  return p < 0.0001 ? '< 0.0001' : p.toFixed(4);
}
