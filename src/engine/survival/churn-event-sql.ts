/**
 * Each churn rule as a query over the canonical tables giving `customer_id, event_date` for the
 * customers whose event falls on or before the analysis date — everyone else is censored there.
 * The analysis date is a SQL expression of type DATE (a bound parameter); the rule's numbers are
 * bound through the caller's ParamBag. Over the raw tables, not the profile, so the same rule can be
 * evaluated as of an earlier date (the early-warning back-test).
 */
import { PROFILE_TABLE } from '../../shared/customer-types';
import type { ChurnRule } from '../../shared/survival-types';
import { BANK_POSTING_TYPES } from '../profile/profile-lists';
import { quoteIdent } from '../sql/identifiers';
import type { ParamBag } from '../sql/param-bag';

/** The canonical table each kind reads. */
export function churnRuleTables(rule: ChurnRule): string[] {
  switch (rule.kind) {
    case 'accounts_closed':
      return ['accounts'];
    case 'aum_low':
      return ['balances'];
    case 'payroll_stopped':
      return ['transactions'];
    case 'no_activity':
      return ['transactions'];
  }
}

/** A date's month as one integer (year·12 + month − 1), so consecutive months differ by 1. */
export const monthIndex = (date: string) => `(year(${date}) * 12 + month(${date}) - 1)`;
/** The first day of a month index. */
export const monthStartOf = (index: string) => `make_date(CAST((${index}) // 12 AS INTEGER), CAST((${index}) % 12 + 1 AS INTEGER), 1)`;
/** The last month whose end is on or before the analysis date. */
export const lastCompleteMonth = (asOf: string) => `(${monthIndex(asOf)} - CASE WHEN ${asOf} = last_day(${asOf}) THEN 0 ELSE 1 END)`;
/** Rows dated on the analysis day still count; later ones never do. */
export const onOrBefore = (ts: string, asOf: string) => `${ts} < CAST(${asOf} AS TIMESTAMP) + INTERVAL 1 DAY`;
export const CUSTOMER_INITIATED = `coalesce(txn_type, '') NOT IN (${BANK_POSTING_TYPES.map((t) => `'${t}'`).join(', ')})`;

export function churnEventSql(rule: ChurnRule, asOf: string, bag: ParamBag): string {
  const int = (n: number) => `CAST(${bag.bind(n)} AS INTEGER)`;
  const num = (n: number) => `CAST(${bag.bind(n)} AS DOUBLE)`;
  switch (rule.kind) {
    case 'accounts_closed':
      // Closed by the analysis date: a closing date on or before it, or (no date at all) marked closed.
      return `SELECT customer_id, coalesce(max(close_date), ${asOf}) AS event_date
FROM ${quoteIdent('accounts')}
WHERE customer_id IS NOT NULL AND (open_date IS NULL OR open_date <= ${asOf})
GROUP BY customer_id
HAVING bool_and(CASE WHEN close_date IS NOT NULL THEN close_date <= ${asOf} ELSE coalesce(status = 'closed', false) END)`;
    case 'aum_low': {
      const tests = [
        rule.belowAmount !== null ? `aum < ${num(rule.belowAmount)}` : null,
        rule.belowPeakPercent !== null ? `(peak > 0 AND aum < ${num(rule.belowPeakPercent / 100)} * peak)` : null,
      ].filter((t): t is string => t !== null);
      return `WITH b AS (
  SELECT customer_id, CAST(month AS DATE) AS month_start, CAST(aum AS DOUBLE) AS aum,
    max(CAST(aum AS DOUBLE)) OVER (PARTITION BY customer_id ORDER BY CAST(month AS DATE)
      RANGE BETWEEN INTERVAL 6 MONTH PRECEDING AND INTERVAL 1 MONTH PRECEDING) AS peak
  FROM ${quoteIdent('balances')} WHERE customer_id IS NOT NULL AND last_day(CAST(month AS DATE)) <= ${asOf}
), low AS (
  SELECT customer_id, month_start, ${monthIndex('month_start')} - row_number() OVER (PARTITION BY customer_id ORDER BY month_start) AS run
  FROM b WHERE ${tests.join(' OR ')}
), runs AS (
  SELECT customer_id, min(month_start) AS first_month, count(*) AS months FROM low GROUP BY customer_id, run
)
SELECT customer_id, min(last_day(first_month)) AS event_date FROM runs WHERE months >= ${int(rule.months)} GROUP BY customer_id`;
    }
    case 'payroll_stopped':
      return `WITH pm AS (
  SELECT DISTINCT customer_id, ${monthIndex('ts')} AS m FROM ${quoteIdent('transactions')}
  WHERE customer_id IS NOT NULL AND txn_type = 'payroll' AND direction = 'credit' AND ${onOrBefore('ts', asOf)}
), seq AS (
  SELECT customer_id, m, row_number() OVER w AS k, lead(m) OVER w AS next_m FROM pm WINDOW w AS (PARTITION BY customer_id ORDER BY m)
)
SELECT customer_id, min(${monthStartOf('m + 1')}) AS event_date FROM seq
WHERE k >= ${int(rule.minPayrollMonths)} AND coalesce(next_m - 1, ${lastCompleteMonth(asOf)}) - m >= ${int(rule.missingMonths)}
GROUP BY customer_id`;
    case 'no_activity': {
      const months = int(rule.months);
      const asOfTs = `CAST(${asOf} AS TIMESTAMP)`;
      // The silence is measured from onboarding (or the start of the data, when later) for a
      // customer who never transacted; earlier tenure is not in the data.
      return `WITH txn AS (
  SELECT customer_id, ts FROM ${quoteIdent('transactions')}
  WHERE customer_id IS NOT NULL AND ${CUSTOMER_INITIATED} AND ${onOrBefore('ts', asOf)}
), act AS (
  SELECT customer_id, ts FROM txn
  UNION ALL
  SELECT customer_id, greatest(CAST(onboard_date_at AS TIMESTAMP), (SELECT min(ts) FROM ${quoteIdent('transactions')})) AS ts
  FROM ${quoteIdent(PROFILE_TABLE)} WHERE onboard_date_at IS NOT NULL AND onboard_date_at <= ${asOf}
), seq AS (
  SELECT customer_id, ts, lead(ts) OVER (PARTITION BY customer_id ORDER BY ts) AS next_ts FROM act
)
SELECT customer_id, min(CAST(ts AS DATE)) AS event_date FROM seq
WHERE CASE WHEN next_ts IS NULL THEN ts <= ${asOfTs} - to_months(${months}) ELSE next_ts > ts + to_months(${months}) END
GROUP BY customer_id`;
    }
  }
}
