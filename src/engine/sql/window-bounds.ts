import type { Window } from '../../shared/segment-types';

/**
 * Windows resolved against the as-of date, in plain date arithmetic (no wall clock): the first day
 * inside the window and the day after its last, so a timestamp column is tested as
 * `ts >= from AND ts < until` and a date column as `d >= from AND d < until`.
 */
export interface DayRange {
  /** First day in the window (YYYY-MM-DD); null: unbounded. */
  from: string | null;
  /** The day after the last day in the window (YYYY-MM-DD). */
  until: string;
}

const DAY_MS = 86_400_000;

function toUtc(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
export function addDays(iso: string, days: number): string {
  return isoDay(new Date(toUtc(iso).getTime() + days * DAY_MS));
}

/** iso − n months, the day clamped to the month's last day (as DuckDB and PostgreSQL do). */
export function subtractMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) - months;
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return isoDay(new Date(Date.UTC(year, month, Math.min(d, last))));
}

/** First day of the month n months before the as-of month. */
export function monthStart(asOf: string, monthsAgo: number): string {
  const first = `${asOf.slice(0, 8)}01`;
  return subtractMonths(first, monthsAgo);
}

export function windowRange(asOf: string, window: Window | undefined): DayRange {
  const until = addDays(asOf, 1);
  if (!window) return { from: null, until };
  if ('lastDays' in window) return { from: addDays(asOf, 1 - window.lastDays), until };
  if ('lastMonths' in window) return { from: addDays(subtractMonths(asOf, window.lastMonths), 1), until };
  const to = window.to < asOf ? window.to : asOf;
  return { from: window.from, until: addDays(to, 1) };
}
