/**
 * Early warning (预警): four leading signs of churn, each a tag, evaluated as of a date D from the
 * raw tables (so the same rules can be back-tested as of a year ago):
 *  payroll_missing — ≥ 3 payroll months among the 6 complete months before the last N (1 or 2), none in the last N;
 *  aum_drop — month-end AUM of the last complete month ≤ (1 − share) × three months before;
 *  payroll_outflow — outflow ratio (7-day rule) over the payroll credited in the 3 months to D ≥ the threshold;
 *  activity_falling — customer-initiated transactions of the 3 months to D ≤ (1 − share) × the 3 months before (which had ≥ 3).
 * Customers whose accounts are all closed by D are gone, not at risk. The list is ranked by the
 * AUM at risk (the last month-end AUM).
 */
import {
  WARNING_TAGS,
  warningParamsSchema,
  type WarningParams,
  type WarningResult,
  type WarningSignals,
} from '../../shared/survival-types';
import { quoteIdent } from '../sql/identifiers';
import { ParamBag } from '../sql/param-bag';
import type { Session } from '../workspace';
import { selectedChurnRule } from './churn-definitions';
import { churnEventSql, CUSTOMER_INITIATED, monthIndex, onOrBefore } from './churn-event-sql';
import { payrollMovedSql } from './flows-run';
import { openAnalysis, P, PROFILE_FROM, populationPredicate, queryRows, requireChurnTables, requireTables, type Analysis } from './survival-context';

type Parsed = ReturnType<typeof warningParamsSchema.parse>;

/** `customer_id, aum, <one boolean per tag>` for the customers with at least one tag as of `at` (a DATE expression). */
function flagsSql(a: Analysis, signals: WarningSignals, at: string, population: string): string {
  const bag = a.bag;
  const int = (n: number) => `CAST(${bag.bind(n)} AS INTEGER)`;
  const num = (n: number) => `CAST(${bag.bind(n)} AS DOUBLE)`;
  const lastMonth = `(${monthIndex(at)} - CASE WHEN ${at} = last_day(${at}) THEN 0 ELSE 1 END)`;
  const k = int(signals.payrollMissingMonths);
  const atTs = `CAST(${at} AS TIMESTAMP)`;
  const since = (months: number) => `${atTs} + INTERVAL 1 DAY - to_months(${int(months)})`;
  return `WITH members AS (
  SELECT ${P}.customer_id FROM ${PROFILE_FROM} WHERE ${population} AND (${P}.onboard_date_at IS NULL OR ${P}.onboard_date_at <= ${at})
  AND ${P}.customer_id NOT IN (SELECT customer_id FROM (${churnEventSql({ kind: 'accounts_closed' }, at, bag)}))
), pm AS (
  SELECT DISTINCT customer_id, ${monthIndex('ts')} AS m FROM ${quoteIdent('transactions')}
  WHERE txn_type = 'payroll' AND direction = 'credit' AND ${onOrBefore('ts', at)} AND ${monthIndex('ts')} > ${lastMonth} - ${k} - 6
), payroll_missing AS (
  SELECT customer_id FROM pm GROUP BY customer_id
  HAVING count(*) FILTER (WHERE m <= ${lastMonth} - ${k}) >= 3 AND count(*) FILTER (WHERE m > ${lastMonth} - ${k}) = 0
), bal AS (
  SELECT customer_id, max(CAST(aum AS DOUBLE)) FILTER (WHERE ${monthIndex('month')} = ${lastMonth}) AS now,
    max(CAST(aum AS DOUBLE)) FILTER (WHERE ${monthIndex('month')} = ${lastMonth} - 3) AS before
  FROM ${quoteIdent('balances')} WHERE ${monthIndex('month')} IN (${lastMonth}, ${lastMonth} - 3) GROUP BY customer_id
), aum_drop AS (
  SELECT customer_id FROM bal WHERE before > 0 AND coalesce(now, 0) <= (1 - ${num(signals.aumDropShare)}) * before
), ${payrollMovedSql(`ts >= ${since(3)} AND ${onOrBefore('ts', at)}`)},
payroll_outflow AS (
  SELECT customer_id FROM moved GROUP BY customer_id HAVING sum(moved) / nullif(sum(amount), 0) >= ${num(signals.outflowRatio)}
), act AS (
  SELECT customer_id, count(*) FILTER (WHERE ts >= ${since(3)}) AS recent, count(*) FILTER (WHERE ts < ${since(3)}) AS before
  FROM ${quoteIdent('transactions')} WHERE ${CUSTOMER_INITIATED} AND ts >= ${since(6)} AND ${onOrBefore('ts', at)} GROUP BY customer_id
), activity_falling AS (
  SELECT customer_id FROM act WHERE before >= 3 AND recent <= (1 - ${num(signals.activityDropShare)}) * before
), flagged AS (
  SELECT m.customer_id, coalesce(bal.now, 0) AS aum,
    m.customer_id IN (SELECT customer_id FROM payroll_missing) AS payroll_missing,
    m.customer_id IN (SELECT customer_id FROM aum_drop) AS aum_drop,
    m.customer_id IN (SELECT customer_id FROM payroll_outflow) AS payroll_outflow,
    m.customer_id IN (SELECT customer_id FROM activity_falling) AS activity_falling
  FROM members m LEFT JOIN bal ON bal.customer_id = m.customer_id
)
SELECT * FROM flagged WHERE ${WARNING_TAGS.join(' OR ')}`;
}

async function prepare(session: Session, input: WarningParams): Promise<{ a: Analysis; params: Parsed; population: string }> {
  const params = warningParamsSchema.parse(input);
  const a = await openAnalysis(session, new ParamBag('v'));
  await requireTables(session, ['transactions', 'balances', 'accounts']);
  return { a, params, population: await populationPredicate(a, params.population.segmentId) };
}

export async function runWarning(session: Session, input: WarningParams): Promise<WarningResult> {
  const started = performance.now();
  const { a, params, population } = await prepare(session, input);
  const flags = flagsSql(a, params.signals, a.asOf, population);
  const [summary] = await queryRows<Record<string, bigint | number | null>>(
    a,
    `SELECT count(*) AS flagged, coalesce(sum(aum), 0) AS aum, ${WARNING_TAGS.map((t) => `count(*) FILTER (WHERE ${t}) AS ${t}`).join(', ')} FROM (${flags})`,
  );
  const listed = await queryRows<Record<string, string | number | boolean>>(a, `SELECT * FROM (${flags}) ORDER BY aum DESC, customer_id LIMIT ${a.bag.bind(params.limit)}`);

  const churn = await selectedChurnRule(session, params.churn);
  await requireChurnTables(session, churn.rule);
  const then = `CAST(${a.asOf} - to_months(CAST(${a.bag.bind(params.backtestMonths)} AS INTEGER)) AS DATE)`;
  const horizons = [3, 5];
  const [back] = await queryRows<Record<string, bigint | number | string>>(
    a,
    `WITH f AS (${flagsSql(a, params.signals, then, population)}),
at_risk AS (
  SELECT ${P}.customer_id FROM ${PROFILE_FROM} WHERE ${population} AND (${P}.onboard_date_at IS NULL OR ${P}.onboard_date_at <= ${then})
  AND ${P}.customer_id NOT IN (SELECT customer_id FROM (${churnEventSql({ kind: 'accounts_closed' }, then, a.bag)}))
), e AS (${churnEventSql(churn.rule, a.asOf, a.bag)})
SELECT strftime(${then}, '%Y-%m-%d') AS at, count(*) AS customers, count(f.customer_id) AS flagged,
  ${horizons
    .map((h) => {
      const within = `e.event_date > ${then} AND e.event_date <= ${then} + to_months(${h})`;
      return `count(*) FILTER (WHERE ${within}) AS churned_${h}, count(*) FILTER (WHERE ${within} AND f.customer_id IS NOT NULL) AS hit_${h}`;
    })
    .join(', ')}
FROM at_risk r LEFT JOIN f ON f.customer_id = r.customer_id LEFT JOIN e ON e.customer_id = r.customer_id`,
  );
  const flaggedThen = Number(back!.flagged);
  return {
    asOf: a.asOfIso,
    flagged: Number(summary!.flagged),
    flaggedAum: Number(summary!.aum),
    tags: WARNING_TAGS.map((tag) => ({ tag, count: Number(summary![tag]) })),
    customers: listed.map((r) => ({
      customerId: String(r.customer_id),
      aum: Number(r.aum),
      tags: WARNING_TAGS.filter((t) => r[t] === true),
    })),
    backtest: {
      asOf: String(back!.at),
      customers: Number(back!.customers),
      flagged: flaggedThen,
      horizons: horizons.map((months) => {
        const flaggedChurned = Number(back![`hit_${months}`]);
        const churned = Number(back![`churned_${months}`]);
        return { months, flaggedChurned, churned, precision: flaggedThen ? flaggedChurned / flaggedThen : null, recall: churned ? flaggedChurned / churned : null };
      }),
    },
    elapsedMs: performance.now() - started,
  };
}

/** Every flagged customer (not only the listed ones), as SQL for a static segment. */
export async function warningMembersSql(session: Session, input: WarningParams): Promise<{ sql: string; params: Record<string, string | number | boolean> }> {
  const { a, params, population } = await prepare(session, input);
  return { sql: `SELECT customer_id FROM (${flagsSql(a, params.signals, a.asOf, population)})`, params: a.bag.values };
}

