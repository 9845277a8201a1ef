/**
 * Payroll (代发) and AUM flows month by month: payroll customers and amount, stopped payroll, the
 * distribution of the outflow ratio (the profile's 7-day rule, month by month), and the AUM
 * waterfall — new money, growth, decline, churned money — of a population.
 */
import {
  aumFlowParamsSchema,
  OUTFLOW_BUCKETS,
  payrollFlowParamsSchema,
  type AumFlowParams,
  type AumFlowResult,
  type PayrollFlowParams,
  type PayrollFlowResult,
} from '../../shared/survival-types';
import { OWN_BANK_NAMES } from '../profile/profile-lists';
import { quoteIdent } from '../sql/identifiers';
import { ParamBag } from '../sql/param-bag';
import type { Session } from '../workspace';
import { periodIndexOf, periodStartOf } from './activity-sql';
import { selectedChurnRule } from './churn-definitions';
import { churnEventSql, monthIndex, onOrBefore } from './churn-event-sql';
import { openAnalysis, P, PROFILE_FROM, populationPredicate, queryRows, requireChurnTables, requireTables, type Analysis } from './survival-context';

/** The profile's window for money leaving after a payroll credit. */
export const OUTFLOW_WINDOW_DAYS = 7;
const BUCKET_BOUNDS = [0.2, 0.4, 0.6, 0.8];

export function toOtherBankSql(alias: string): string {
  return `(${alias}.direction = 'debit' AND ${alias}.txn_type = 'transfer' AND ${alias}.counterparty_bank IS NOT NULL
    AND ${alias}.counterparty_bank NOT IN (${OWN_BANK_NAMES.map((b) => `'${b}'`).join(', ')}))`;
}

/**
 * Per payroll credit in the window, the money moved to other banks within 7 days after it: the
 * profile's outflow rule. `k` tells apart two credits at the same instant.
 */
export function payrollMovedSql(where: string): string {
  return `pay AS (
  SELECT customer_id, ts, CAST(amount AS DOUBLE) AS amount, row_number() OVER () AS k FROM ${quoteIdent('transactions')}
  WHERE txn_type = 'payroll' AND direction = 'credit' AND ${where}
), moved AS (
  SELECT p.customer_id, p.k, any_value(p.ts) AS ts, any_value(p.amount) AS amount, coalesce(sum(CAST(d.amount AS DOUBLE)), 0) AS moved
  FROM pay p LEFT JOIN ${quoteIdent('transactions')} d ON d.customer_id = p.customer_id AND ${toOtherBankSql('d')}
    AND d.ts > p.ts AND d.ts <= p.ts + INTERVAL ${OUTFLOW_WINDOW_DAYS} DAY
  GROUP BY p.customer_id, p.k
)`;
}

function monthRange(a: Analysis, months: number): { first: number; last: number } {
  const last = periodIndexOf('month', a.asOfIso);
  return { first: last - months + 1, last };
}

export async function runPayrollFlows(session: Session, input: PayrollFlowParams): Promise<PayrollFlowResult> {
  const started = performance.now();
  const params = payrollFlowParamsSchema.parse(input);
  const bag = new ParamBag('v');
  const a = await openAnalysis(session, bag);
  await requireTables(session, ['transactions']);
  const churn = await selectedChurnRule(session, params.churn);
  await requireChurnTables(session, churn.rule);
  const population = await populationPredicate(a, params.population.segmentId);
  const { first, last } = monthRange(a, params.months);
  const firstBound = `CAST(${bag.bind(first)} AS BIGINT)`;
  const buckets = BUCKET_BOUNDS.map((b, i) => `count(*) FILTER (WHERE ratio ${i === 0 ? '' : `>= ${BUCKET_BOUNDS[i - 1]} AND ratio `}< ${b}) AS b${i}`);
  const rows = await queryRows<Record<string, number | bigint | null>>(
    a,
    `WITH members AS (SELECT ${P}.customer_id FROM ${PROFILE_FROM} WHERE ${population}),
${payrollMovedSql(`${monthIndex('ts')} >= ${firstBound} AND ${onOrBefore('ts', a.asOf)} AND customer_id IN (SELECT customer_id FROM members)`)},
per_month AS (
  SELECT customer_id, ${monthIndex('ts')} AS m, sum(amount) AS amount, sum(moved) / nullif(sum(amount), 0) AS ratio FROM moved GROUP BY ALL
), stopped AS (
  SELECT ${monthIndex('e.event_date')} AS m, count(*) AS stopped FROM (${churnEventSql(churn.rule, a.asOf, bag)}) e
  WHERE e.customer_id IN (SELECT customer_id FROM members) GROUP BY ALL
), paid AS (
  SELECT m, count(*) AS customers, sum(amount) AS amount, ${buckets.join(', ')},
    count(*) FILTER (WHERE ratio >= ${BUCKET_BOUNDS[BUCKET_BOUNDS.length - 1]}) AS b${BUCKET_BOUNDS.length},
    median(ratio) AS median_ratio
  FROM per_month GROUP BY m
)
SELECT r.m, coalesce(paid.customers, 0) AS customers, coalesce(paid.amount, 0) AS amount, coalesce(stopped.stopped, 0) AS stopped,
  ${OUTFLOW_BUCKETS.map((_, i) => `coalesce(paid.b${i}, 0) AS b${i}`).join(', ')}, paid.median_ratio
FROM range(${firstBound}, CAST(${bag.bind(last)} AS BIGINT) + 1) r(m) LEFT JOIN paid ON paid.m = r.m LEFT JOIN stopped ON stopped.m = r.m ORDER BY r.m`,
  );
  return {
    asOf: a.asOfIso,
    rows: rows.map((r) => ({
      month: periodStartOf('month', Number(r.m)).slice(0, 7),
      customers: Number(r.customers),
      amount: Number(r.amount),
      stopped: Number(r.stopped),
      outflow: OUTFLOW_BUCKETS.map((_, i) => Number(r[`b${i}`])),
      medianOutflowRatio: r.median_ratio === null || r.median_ratio === undefined ? null : Number(r.median_ratio),
    })),
    elapsedMs: performance.now() - started,
  };
}

export async function runAumFlows(session: Session, input: AumFlowParams): Promise<AumFlowResult> {
  const started = performance.now();
  const params = aumFlowParamsSchema.parse(input);
  const bag = new ParamBag('v');
  const a = await openAnalysis(session, bag);
  await requireTables(session, ['balances']);
  const population = await populationPredicate(a, params.population.segmentId);
  const { first, last } = monthRange(a, params.months);
  const firstBound = `CAST(${bag.bind(first)} AS BIGINT)`;
  const lastBound = `CAST(${bag.bind(last)} AS BIGINT)`;
  const rows = await queryRows<Record<string, number | bigint | null>>(
    a,
    `WITH members AS (SELECT ${P}.customer_id FROM ${PROFILE_FROM} WHERE ${population}),
b AS (
  SELECT customer_id, ${monthIndex('month')} AS m, CAST(aum AS DOUBLE) AS aum FROM ${quoteIdent('balances')}
  WHERE ${monthIndex('month')} BETWEEN ${firstBound} - 1 AND ${lastBound} AND customer_id IN (SELECT customer_id FROM members)
), pairs AS (
  SELECT coalesce(c.m, p.m + 1) AS m, greatest(coalesce(p.aum, 0), 0) AS prev, greatest(coalesce(c.aum, 0), 0) AS cur
  FROM b c FULL JOIN b p ON p.customer_id = c.customer_id AND p.m = c.m - 1
), flows AS (
  SELECT m, sum(cur) AS aum,
    sum(CASE WHEN prev = 0 AND cur > 0 THEN cur ELSE 0 END) AS new_money,
    sum(CASE WHEN prev > 0 AND cur > prev THEN cur - prev ELSE 0 END) AS growth,
    sum(CASE WHEN prev > 0 AND cur > 0 AND cur < prev THEN prev - cur ELSE 0 END) AS decline,
    sum(CASE WHEN prev > 0 AND cur = 0 THEN prev ELSE 0 END) AS churned
  FROM pairs WHERE m BETWEEN ${firstBound} AND ${lastBound} GROUP BY m
)
SELECT r.m, coalesce(aum, 0) AS aum, coalesce(new_money, 0) AS new_money, coalesce(growth, 0) AS growth, coalesce(decline, 0) AS decline, coalesce(churned, 0) AS churned
FROM range(${firstBound}, ${lastBound} + 1) r(m) LEFT JOIN flows ON flows.m = r.m ORDER BY r.m`,
  );
  return {
    asOf: a.asOfIso,
    rows: rows.map((r) => {
      const [newMoney, growth, decline, churned] = [r.new_money, r.growth, r.decline, r.churned].map(Number) as [number, number, number, number];
      return { month: periodStartOf('month', Number(r.m)).slice(0, 7), aum: Number(r.aum), newMoney, growth, decline, churned, net: newMoney + growth - decline - churned };
    }),
    elapsedMs: performance.now() - started,
  };
}
