/**
 * Month-end balances per customer (balances) and the per-customer totals they start from
 * (demo_customer_totals). The latest month equals the accounts table exactly; earlier months walk
 * back from it with the customer's growth and noise; a churned customer drains over 3 months,
 * then holds nothing.
 */
import { DEMO_PARAMS } from './demo-params';
import type { DemoCalendar } from './demo-calendar';
import { normal, sqlNumber } from './demo-random-sql';
import { dateLiteral } from '../sql/literals';

const DEPOSIT_TYPES = "('current', 'savings', 'time_deposit')";
const WEALTH_TYPES = "('wealth', 'fund', 'insurance')";
const LIABILITY_TYPES = "('loan', 'credit_card')";

/** Per customer: final (as-of) and planned (pre-churn) deposit / wealth / loan in CNY. */
export function customerTotalsSql(): string {
  const cny = (column: string) => `CASE WHEN currency = 'USD' THEN round(${column} * ${sqlNumber(DEMO_PARAMS.usdCny)}, 2) ELSE ${column} END`;
  const sumOf = (types: string, column: string) => `coalesce(sum(CASE WHEN product_type IN ${types} THEN ${cny(column)} END), 0)::DECIMAL(18,2)`;
  return `
CREATE OR REPLACE TEMP TABLE demo_customer_totals AS
SELECT i,
  ${sumOf(DEPOSIT_TYPES, 'balance')} AS deposit_final, ${sumOf(WEALTH_TYPES, 'balance')} AS wealth_final, ${sumOf(LIABILITY_TYPES, 'balance')} AS loan_final,
  ${sumOf(DEPOSIT_TYPES, 'planned_balance')} AS deposit_planned, ${sumOf(WEALTH_TYPES, 'planned_balance')} AS wealth_planned,
  ${sumOf(LIABILITY_TYPES, 'planned_balance')} AS loan_planned
FROM demo_accounts GROUP BY i`;
}

export function balancesTableSql(cal: DemoCalendar): string {
  const first = dateLiteral(cal.firstMonth);
  const [d1, d2, d3] = DEMO_PARAMS.churnDrain;
  return `
CREATE OR REPLACE TABLE balances AS
WITH months AS (
  SELECT p.i, p.customer_id, m, churn_month, aum_growth,
    (${first} + to_months(m::INTEGER))::DATE AS month,
    t.deposit_final, t.wealth_final, t.loan_final, t.deposit_planned, t.wealth_planned, t.loan_planned,
    CASE
      WHEN churn_month IS NOT NULL AND m >= churn_month THEN 0
      WHEN churn_month IS NOT NULL AND m = churn_month - 1 THEN ${sqlNumber(d3 ?? 0)}
      WHEN churn_month IS NOT NULL AND m = churn_month - 2 THEN ${sqlNumber(d2 ?? 0)}
      WHEN churn_month IS NOT NULL AND m = churn_month - 3 THEN ${sqlNumber(d1 ?? 0)}
      ELSE exp(aum_growth * (m - ($months::INTEGER - 1)) / 12 + 0.06 * ${normal('aum_noise', 'p.i', 'm')})
    END AS factor,
    1 + 0.008 * ($months::INTEGER - 1 - m) AS loan_factor
  FROM (SELECT *, datediff('month', ${first}, churn_date) AS churn_month FROM demo_customer_plan) p
  JOIN demo_customer_totals t ON t.i = p.i, range(p.start_month, $months::INTEGER) r(m)
), valued AS (
  SELECT customer_id, month,
    -- The as-of month of a customer still with us is the accounts table itself, to the cent.
    CASE WHEN churn_month IS NULL AND m = $months::INTEGER - 1 THEN deposit_final ELSE round(CASE WHEN churn_month IS NULL THEN deposit_final ELSE deposit_planned END * factor, 2) END::DECIMAL(18,2) AS deposit,
    CASE WHEN churn_month IS NULL AND m = $months::INTEGER - 1 THEN wealth_final ELSE round(CASE WHEN churn_month IS NULL THEN wealth_final ELSE wealth_planned END * factor, 2) END::DECIMAL(18,2) AS wealth,
    CASE WHEN churn_month IS NULL AND m = $months::INTEGER - 1 THEN loan_final
         WHEN churn_month IS NOT NULL AND m >= churn_month THEN 0
         ELSE round(CASE WHEN churn_month IS NULL THEN loan_final ELSE loan_planned END * loan_factor, 2) END::DECIMAL(18,2) AS loan
  FROM months
)
SELECT customer_id, month, (deposit + wealth)::DECIMAL(18,2) AS aum, deposit, wealth, loan FROM valued`;
}
