/**
 * The written rules of DEMO-BANK.md as SQL over the public tables only (never the hidden plan), so
 * the truth counts are exactly what anyone applying the rule to the generated tables gets.
 */
import { DEMO_PARAMS, OWN_BANK } from './demo-params';
import type { DemoCalendar } from './demo-calendar';
import { sqlNumber } from './demo-random-sql';
import { dateLiteral, sqlStringLiteral } from '../sql/literals';

const { windows } = DEMO_PARAMS;

/** Customer-initiated = every transaction type except the bank's own postings. */
export const NOT_CUSTOMER_INITIATED = ['fee', 'interest'] as const;

/** Age in full years at the as-of date, and its band. */
export function ageBandSql(birthDate: string, cal: DemoCalendar): string {
  const age = `date_sub('year', ${birthDate}, ${dateLiteral(cal.asOf)})`;
  return `(CASE WHEN ${age} < 30 THEN '18-29' WHEN ${age} < 45 THEN '30-44' WHEN ${age} < 60 THEN '45-59' ELSE '60+' END)`;
}

/** Latest month's AUM per customer. */
export function latestAumSql(cal: DemoCalendar): string {
  return `SELECT customer_id, aum FROM balances WHERE month = ${dateLiteral(cal.lastMonth)}`;
}

export function tierSql(cal: DemoCalendar): string {
  const { vipMin, potentialMin } = DEMO_PARAMS.tiers;
  return `SELECT customer_id, CASE WHEN aum >= ${sqlNumber(vipMin)} THEN 'vip' WHEN aum >= ${sqlNumber(potentialMin)} THEN 'potential' ELSE 'long_tail' END AS tier
FROM (${latestAumSql(cal)})`;
}

/** Dormant (休眠): no customer-initiated transaction with ts > as_of − 6 months. */
export function dormantSql(cal: DemoCalendar): string {
  return `SELECT customer_id FROM customers c WHERE NOT EXISTS (
  SELECT 1 FROM transactions t WHERE t.customer_id = c.customer_id
    AND t.txn_type NOT IN (${NOT_CUSTOMER_INITIATED.map(sqlStringLiteral).join(', ')})
    AND t.ts > ${dateLiteral(cal.asOf)} - INTERVAL ${sqlNumber(windows.dormantMonths)} MONTH)`;
}

/**
 * Invalid (无效): latest AUM ≤ 100 and, with ts > as_of − 12 months, no deposit (credit cash, transfer
 * in, payroll), no withdrawal (debit cash) and no incoming transfer.
 */
export function invalidSql(cal: DemoCalendar): string {
  return `SELECT a.customer_id FROM (${latestAumSql(cal)}) a
WHERE a.aum <= ${sqlNumber(DEMO_PARAMS.invalid.maxAum)} AND NOT EXISTS (
  SELECT 1 FROM transactions t WHERE t.customer_id = a.customer_id
    AND ((t.direction = 'credit' AND t.txn_type IN ('cash', 'transfer', 'payroll')) OR (t.direction = 'debit' AND t.txn_type = 'cash'))
    AND t.ts > ${dateLiteral(cal.asOf)} - INTERVAL ${sqlNumber(windows.invalidMonths)} MONTH)`;
}

/**
 * Payroll customers (代发) and their outflow ratio: over payroll credits with ts > as_of − 12 months,
 * the transfers debited to another bank within 7 days after each credit (p.ts < d.ts ≤ p.ts + 7 days),
 * divided by the payroll credited. Outflow customer: ratio ≥ 0.8.
 */
export function payrollOutflowSql(cal: DemoCalendar): string {
  const { withinDays, minShare } = DEMO_PARAMS.payroll.outflowRule;
  return `WITH p AS (
  SELECT customer_id, txn_id, ts, amount FROM transactions
  WHERE txn_type = 'payroll' AND direction = 'credit' AND ts > ${dateLiteral(cal.asOf)} - INTERVAL ${sqlNumber(windows.payrollMonths)} MONTH
), moved AS (
  SELECT p.customer_id, p.txn_id, any_value(p.amount) AS amount, coalesce(sum(d.amount), 0) AS moved
  FROM p LEFT JOIN transactions d ON d.customer_id = p.customer_id AND d.direction = 'debit' AND d.txn_type = 'transfer'
    AND d.counterparty_bank IS NOT NULL AND d.counterparty_bank <> ${sqlStringLiteral(OWN_BANK)}
    AND d.ts > p.ts AND d.ts <= p.ts + INTERVAL ${sqlNumber(withinDays)} DAY
  GROUP BY p.customer_id, p.txn_id
)
SELECT customer_id, sum(moved) / sum(amount) AS outflow_ratio, sum(moved) / sum(amount) >= ${sqlNumber(minShare)} AS is_outflow
FROM moved GROUP BY customer_id`;
}

/** Churned (流失): every account of the customer is closed. */
export function churnedSql(): string {
  return `SELECT customer_id FROM accounts GROUP BY customer_id HAVING bool_and(status = 'closed')`;
}
