/** Percentages as the bank writes them: one decimal, no space before %. */
export { formatPercent } from '../../format/number-format';

/** Percentage points for a difference of rates: +2.35 pp. */
export function formatPoints(difference: number, intlLocale = 'en-US'): string {
  const sign = difference > 0 ? '+' : '';
  return `${sign}${new Intl.NumberFormat(intlLocale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(difference * 100)} pp`;
}

/** A p-value: 4 decimals, or < 0.0001. */
export function formatP(p: number): string {
  return p < 0.0001 ? '< 0.0001' : p.toFixed(4);
}
