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
