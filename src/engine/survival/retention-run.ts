/**
 * retention.run: cohorts by the period of a first date (onboarding, first payroll, first product
 * purchase), and for each k the customers active in period c + k ("on") or in c + k or any later
 * period ("on or after"). Cells whose period has not begun by the analysis date are null.
 */
import { retentionParamsSchema, type RetentionParams, type RetentionResult } from '../../shared/survival-types';
import type { JobContext } from '../jobs/job-context';
import { quoteIdent } from '../sql/identifiers';
import { ParamBag } from '../sql/param-bag';
import type { Session } from '../workspace';
import { activeIn, activityBitsSql, activityTables, periodIndex, periodIndexOf, periodStartOf } from './activity-sql';
import { onOrBefore } from './churn-event-sql';
import { openAnalysis, P, PROFILE_FROM, populationPredicate, queryRows, requireTables, type Analysis } from './survival-context';

type Cohort = ReturnType<typeof retentionParamsSchema.parse>['cohort'];

async function cohortDate(a: Analysis, cohort: Cohort): Promise<{ join: string; expr: string }> {
  switch (cohort) {
    case 'onboarding':
      return { join: '', expr: `${P}.onboard_date_at` };
    case 'first_payroll':
      await requireTables(a.session, ['transactions']);
      return {
        join: `LEFT JOIN (SELECT customer_id, CAST(min(ts) AS DATE) AS d FROM ${quoteIdent('transactions')}
  WHERE txn_type = 'payroll' AND direction = 'credit' AND ${onOrBefore('ts', a.asOf)} GROUP BY customer_id) cd ON cd.customer_id = ${P}.customer_id`,
        expr: 'cd.d',
      };
    case 'first_purchase':
      await requireTables(a.session, ['holdings']);
      return {
        join: `LEFT JOIN (SELECT customer_id, min(start_date) AS d FROM ${quoteIdent('holdings')} WHERE start_date <= ${a.asOf} GROUP BY customer_id) cd ON cd.customer_id = ${P}.customer_id`,
        expr: 'cd.d',
      };
  }
}

export async function runRetention(session: Session, input: RetentionParams, ctx?: JobContext): Promise<RetentionResult> {
  const started = performance.now();
  const params = retentionParamsSchema.parse(input);
  const bag = new ParamBag('v');
  const a = await openAnalysis(session, bag);
  await requireTables(session, activityTables(params.returnEvent));
  const cohort = await cohortDate(a, params.cohort);
  const population = await populationPredicate(a, params.population.segmentId);
  const lastIndex = periodIndexOf(params.period, a.asOfIso);
  const firstIndex = lastIndex - params.cohorts + 1;
  const first = `CAST(${bag.bind(firstIndex)} AS BIGINT)`;
  const maxK = bag.bind(params.periods);
  const onOrAfter = params.mode === 'on_or_after';
  ctx?.progress({ fraction: 0.1, message: { key: 'progress.retention.matrix' } });
  // Activity as one bit string per customer over the cohorts' periods (activity-sql.ts). "on": for
  // each k, the cohort's customers active in period c + k; "on or after": each customer at her last
  // active k (capped at the last column), summed from the right below.
  const active = activeIn('b.bits', 'h.c + r.k', firstIndex, lastIndex);
  const cellsSql = onOrAfter
    ? `SELECT h.c, least(b.last_k - h.c, CAST(${maxK} AS BIGINT)) AS k, count(*) AS n FROM cohorts h JOIN bits b ON b.customer_id = h.customer_id
       WHERE b.last_k >= h.c GROUP BY ALL`
    : `SELECT h.c, r.k, count(*) AS n FROM cohorts h JOIN bits b ON b.customer_id = h.customer_id
       CROSS JOIN range(0, CAST(${maxK} AS BIGINT) + 1) r(k) WHERE ${active} GROUP BY ALL`;
  const rows = await queryRows<{ c: bigint; k: bigint | null; n: bigint }>(
    a,
    `WITH cohort AS (
  SELECT ${P}.customer_id, ${periodIndex(params.period, cohort.expr)} AS c FROM ${PROFILE_FROM} ${cohort.join}
  WHERE ${population} AND ${cohort.expr} IS NOT NULL AND ${cohort.expr} <= ${a.asOf}
), cohorts AS (SELECT * FROM cohort WHERE c >= ${first}),
bits AS (${activityBitsSql(params.returnEvent, params.period, a.asOf, bag, firstIndex, lastIndex)})
SELECT c, NULL AS k, count(*) AS n FROM cohorts GROUP BY c
UNION ALL
${cellsSql}`,
  );
  const sizes = new Map<number, number>();
  const cells = new Map<number, number[]>();
  for (const row of rows) {
    const c = Number(row.c);
    if (row.k === null) sizes.set(c, Number(row.n));
    else {
      const list = cells.get(c) ?? new Array<number>(params.periods + 1).fill(0);
      list[Number(row.k)]! += Number(row.n);
      cells.set(c, list);
    }
  }
  const starts = Array.from({ length: params.cohorts }, (_, i) => firstIndex + i);
  const out = starts.map((c) => {
    const size = sizes.get(c) ?? 0;
    const counts = cells.get(c) ?? new Array<number>(params.periods + 1).fill(0);
    if (onOrAfter) for (let k = params.periods - 1; k >= 0; k--) counts[k]! += counts[k + 1]!;
    const retained = counts.map((n, k) => (c + k <= lastIndex ? n : null));
    return { cohort: periodStartOf(params.period, c), size, retained, rates: retained.map((n) => (n === null ? null : size ? n / size : 0)) };
  });
  return { asOf: a.asOfIso, period: params.period, mode: params.mode, rows: out, elapsedMs: performance.now() - started };
}
