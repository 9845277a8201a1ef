/**
 * The demo bank's fixed calendar. Dates derive from the number of months only — never the wall
 * clock — so a workspace generated today and one generated next year hold the same data.
 */

/** The last day of data, and therefore the as-of date every rule is evaluated on. */
export const DEMO_AS_OF = '2026-06-30';

export interface DemoCalendar {
  /** Months of history, ending with the as-of month. */
  months: number;
  /** First day of the first month of data (ISO). */
  firstMonth: string;
  /** First day of the as-of month (ISO): the month of the latest balances snapshot. */
  lastMonth: string;
  /** The as-of date (ISO), the latest date in the data. */
  asOf: string;
}

function isoMonthStart(year: number, monthIndex0: number): string {
  const date = new Date(Date.UTC(year, monthIndex0, 1));
  return date.toISOString().slice(0, 10);
}

export function demoCalendar(months: number): DemoCalendar {
  if (!Number.isInteger(months) || months < 1) throw new Error(`months must be a positive integer, got ${months}`);
  const [year, month] = DEMO_AS_OF.split('-').map(Number) as [number, number];
  return {
    months,
    firstMonth: isoMonthStart(year, month - 1 - (months - 1)),
    lastMonth: isoMonthStart(year, month - 1),
    asOf: DEMO_AS_OF,
  };
}

/** First day of month `index` (0 = firstMonth) as ISO. */
export function monthStart(calendar: DemoCalendar, index: number): string {
  const [year, month] = calendar.firstMonth.split('-').map(Number) as [number, number];
  return isoMonthStart(year, month - 1 + index);
}
