import type { Row } from '../../../shared/customer-types';
import { compactAmount, formatMoney as formatMoneyNumber } from '../../format/number-format';

/** Money in yuan: ¥1,234,567 below 100万 / 1M, compact above (¥1.2亿, ¥120M). */
export function formatAmount(value: number, locale: 'zh' | 'en', intlLocale = 'en-US'): string {
  if (!Number.isFinite(value)) return '—';
  if (Math.abs(value) < 1e6) return `¥${new Intl.NumberFormat(intlLocale, { maximumFractionDigits: 0 }).format(value)}`;
  return `¥${compactAmount(value, locale)}`;
}

/** Exact money for tables: ¥1,234.56. */
export function formatMoney(value: unknown, intlLocale = 'en-US'): string {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n)) return value === null || value === undefined ? '—' : String(value);
  return formatMoneyNumber(n, intlLocale);
}

/** A JSON cell as text; null as an em dash. */
export function cellText(value: Row[string] | undefined): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? '✓' : '✗';
  return String(value);
}

/** The first present column of a row among several canonical spellings. */
export function pick(row: Row, ...names: string[]): Row[string] | undefined {
  for (const name of names) if (name in row) return row[name];
  return undefined;
}

/** Balance history as chart points: oldest first, month as YYYY-MM. */
export function balancePoints(balances: readonly Row[]): Array<{ x: string; y: number | null }> {
  return balances
    .map((row) => ({ month: String(pick(row, 'month') ?? ''), aum: pick(row, 'aum') }))
    .filter((p) => p.month !== '')
    .sort((a, b) => a.month.localeCompare(b.month))
    .map((p) => ({ x: p.month.slice(0, 7), y: typeof p.aum === 'number' ? p.aum : p.aum === null || p.aum === undefined ? null : Number(p.aum) }));
}

/** Transactions grouped by day for the timeline, newest day first. */
export function groupByDay(transactions: readonly Row[]): Array<{ day: string; rows: Row[] }> {
  const days = new Map<string, Row[]>();
  for (const row of transactions) {
    const ts = String(pick(row, 'ts', 'txn_ts', 'date') ?? '');
    const day = ts.slice(0, 10) || '—';
    let list = days.get(day);
    if (!list) days.set(day, (list = []));
    list.push(row);
  }
  return [...days.entries()].sort((a, b) => b[0].localeCompare(a[0])).map(([day, rows]) => ({ day, rows }));
}
