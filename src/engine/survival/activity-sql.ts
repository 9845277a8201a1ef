/**
 * Periods as integers (months: year·12 + month − 1; weeks: ISO weeks since Monday 1970-01-05), and
 * the periods in which each customer was active by a chosen activity — the shared input of the
 * retention matrix and the lifecycle bars.
 */
import { AppError } from '../../shared/errors';
import type { Activity, Period } from '../../shared/survival-types';
import { quoteIdent } from '../sql/identifiers';
import type { ParamBag } from '../sql/param-bag';
import { CUSTOMER_INITIATED, monthIndex, onOrBefore } from './churn-event-sql';

const WEEK_ZERO = `DATE '1970-01-05'`;

export function periodIndex(period: Period, date: string): string {
  return period === 'month' ? monthIndex(date) : `CAST(floor(datediff('day', ${WEEK_ZERO}, CAST(${date} AS DATE)) / 7) AS BIGINT)`;
}

export function activityTables(activity: Activity): string[] {
  return activity.kind === 'holding' ? ['holdings'] : activity.kind === 'event' ? ['events'] : ['transactions'];
}

/** `customer_id, k`: a row per activity (a period may repeat), on or before the analysis date. */
function activityRowsSql(activity: Activity, period: Period, asOf: string, bag: ParamBag): string {
  const k = (ts: string) => periodIndex(period, ts);
  switch (activity.kind) {
    case 'transaction':
      return `SELECT customer_id, ${k('ts')} AS k FROM ${quoteIdent('transactions')} WHERE customer_id IS NOT NULL AND ${CUSTOMER_INITIATED} AND ${onOrBefore('ts', asOf)}`;
    case 'payroll':
      return `SELECT customer_id, ${k('ts')} AS k FROM ${quoteIdent('transactions')} WHERE customer_id IS NOT NULL AND txn_type = 'payroll' AND direction = 'credit' AND ${onOrBefore('ts', asOf)}`;
    case 'event': {
      const named = activity.eventName !== undefined ? `AND event_name = ${bag.bind(activity.eventName)}` : '';
      return `SELECT customer_id, ${k('ts')} AS k FROM ${quoteIdent('events')} WHERE customer_id IS NOT NULL ${named} AND ${onOrBefore('ts', asOf)}`;
    }
    case 'holding':
      // Every period in which the holding was live: from its start to its end (or the analysis date).
      return `SELECT customer_id, unnest(range(${k('start_date')}, ${k(`least(coalesce(end_date, ${asOf}), ${asOf})`)} + 1)) AS k
FROM ${quoteIdent('holdings')} WHERE customer_id IS NOT NULL AND start_date IS NOT NULL AND start_date <= ${asOf}`;
  }
}

/**
 * `customer_id, bits, first_k, last_k`: one row per active customer — which periods from..to she
 * was active in, as an integer mask (bit i: period from + i; NULL when none), and her first and
 * last active period at all. One aggregation into a row per customer instead of a distinct
 * (customer, period) set and a window over it (measured at 5 M customers and 80 M transactions:
 * the distinct set was most of the retention matrix's and the lifecycle's time). `from` and `to`
 * are period indexes the engine computed (integers, not user input); the mask is a BIGINT up to 61
 * periods, a HUGEINT up to 125 (the schemas allow 105), so shifting it by one never overflows.
 */
export function activityBitsSql(activity: Activity, period: Period, asOf: string, bag: ParamBag, from: number, to: number): string {
  const lo = Math.trunc(from);
  const hi = Math.max(lo, Math.trunc(to));
  // CASE rather than FILTER: DuckDB computes an aggregate's argument before filtering, and a shift by a negative count is an error.
  return `SELECT customer_id, bit_or(CASE WHEN k BETWEEN ${lo} AND ${hi} THEN CAST(1 AS ${maskType(lo, hi)}) << CAST(k - ${lo} AS INTEGER) END) AS bits, min(k) AS first_k, max(k) AS last_k
FROM (${activityRowsSql(activity, period, asOf, bag)}) GROUP BY customer_id`;
}

/** The integer type of a mask over periods from..to. */
export function maskType(from: number, to: number): 'BIGINT' | 'HUGEINT' {
  const span = Math.trunc(to) - Math.trunc(from) + 1;
  if (span > 125) throw new AppError('INVALID_ARGUMENT', `an activity mask holds at most 125 periods (asked for ${span})`, { periods: span });
  return span <= 61 ? 'BIGINT' : 'HUGEINT';
}

/** Whether the mask of activityBitsSql(…, from, to) has period `index` (an SQL expression) set. */
export function activeIn(bits: string, index: string, from: number, to: number): string {
  // CASE, so the mask is never shifted by an index outside it.
  return `(CASE WHEN ${index} BETWEEN ${Math.trunc(from)} AND ${Math.trunc(to)} AND ${bits} IS NOT NULL THEN ((${bits} >> CAST(${index} - ${Math.trunc(from)} AS INTEGER)) & 1) = 1 ELSE FALSE END)`;
}

const DAY_MS = 86_400_000;
const WEEK_ZERO_MS = Date.UTC(1970, 0, 5);

/** periodIndex for a date known here (the analysis date), as a number. */
export function periodIndexOf(period: Period, isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  if (period === 'month') return y * 12 + m - 1;
  return Math.floor((Date.UTC(y, m - 1, d) - WEEK_ZERO_MS) / DAY_MS / 7);
}

/** The first day (YYYY-MM-DD) of a period index. */
export function periodStartOf(period: Period, index: number): string {
  if (period === 'month') return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}-01`;
  return new Date(WEEK_ZERO_MS + index * 7 * DAY_MS).toISOString().slice(0, 10);
}
