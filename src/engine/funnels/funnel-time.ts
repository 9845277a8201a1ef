import type { Duration } from '../../shared/funnel-types';

const MINUTE = 60_000;
const UNIT_MS = { minutes: MINUTE, hours: 60 * MINUTE, days: 1_440 * MINUTE, weeks: 10_080 * MINUTE } as const;

/**
 * ts + duration in UTC milliseconds. Months are calendar months with the day clamped to the
 * month's end (Jan 31 + 1 month = Feb 28/29), as DuckDB's interval arithmetic does, so a
 * "within 1 month" window means the same thing in the engine and in exported SQL.
 */
export function addDuration(ts: number, d: Duration): number {
  if (d.unit !== 'months') return ts + d.amount * UNIT_MS[d.unit];
  const date = new Date(ts);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + d.amount;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(date.getUTCDate(), lastDay);
  return Date.UTC(year, month, day, date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds());
}

/** The first day (YYYY-MM-DD) of the ISO week (Monday) or month of ts. */
export function periodStart(ts: number, unit: 'week' | 'month'): string {
  const date = new Date(ts);
  if (unit === 'month') return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-01`;
  const weekday = (date.getUTCDay() + 6) % 7;
  const monday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - weekday));
  return monday.toISOString().slice(0, 10);
}

/** The bank-friendly buckets of a time-to-convert histogram, in seconds. */
export const CONVERT_BUCKETS_SECONDS = [0, 3_600, 86_400, 3 * 86_400, 7 * 86_400, 14 * 86_400, 30 * 86_400, 90 * 86_400, Number.POSITIVE_INFINITY];
