/**
 * lifecycle.run — PostHog's lifecycle per period, over the periods each customer was active in:
 *  new: active in the period of onboarding (the first active period when onboarding is unknown);
 *  returning: active in this period and the one before;
 *  resurrecting: active in this period, not in the one before, onboarded earlier;
 *  dormant: active in the period before, not in this one — counted in the period after the last
 *  activity, as a negative number (drawn below the axis).
 */
import { lifecycleParamsSchema, type LifecycleCategory, type LifecycleParams, type LifecycleResult } from '../../shared/survival-types';
import type { JobContext } from '../jobs/job-context';
import { ParamBag } from '../sql/param-bag';
import type { Session } from '../workspace';
import { activeIn, activityBitsSql, activityTables, periodIndex, periodIndexOf, periodStartOf } from './activity-sql';
import { openAnalysis, P, PROFILE_FROM, populationPredicate, queryRows, requireTables, type Analysis } from './survival-context';

type Parsed = ReturnType<typeof lifecycleParamsSchema.parse>;

/** `customer_id, period, category` for every customer classified in a period of the range. */
async function lifecycleRowsSql(a: Analysis, params: Parsed): Promise<{ sql: string; firstIndex: number; lastIndex: number }> {
  await requireTables(a.session, activityTables(params.activity));
  const population = await populationPredicate(a, params.population.segmentId);
  const lastIndex = periodIndexOf(params.period, a.asOfIso);
  const firstIndex = lastIndex - params.periods + 1;
  // Periods first − 1 … last: the period before the first tells returning from resurrecting and dormant.
  const from = firstIndex - 1;
  const active = (index: string) => activeIn('b.bits', index, from, lastIndex);
  const sql = `WITH members AS (
  SELECT ${P}.customer_id, ${periodIndex(params.period, `${P}.onboard_date_at`)} AS onboarded FROM ${PROFILE_FROM} WHERE ${population}
), bits AS (${activityBitsSql(params.activity, params.period, a.asOf, a.bag, from, lastIndex)}),
classified AS (
  SELECT b.customer_id, r.p AS period,
    CASE WHEN ${active('r.p')} AND coalesce(m.onboarded, b.first_k) = r.p THEN 'new'
         WHEN ${active('r.p')} AND ${active('r.p - 1')} THEN 'returning'
         WHEN ${active('r.p')} THEN 'resurrecting'
         WHEN ${active('r.p - 1')} THEN 'dormant' END AS category
  FROM bits b JOIN members m ON m.customer_id = b.customer_id
  CROSS JOIN range(CAST(${a.bag.bind(firstIndex)} AS BIGINT), CAST(${a.bag.bind(lastIndex)} AS BIGINT) + 1) r(p)
  WHERE b.bits IS NOT NULL
)
SELECT customer_id, period, category FROM classified WHERE category IS NOT NULL`;
  return { sql, firstIndex, lastIndex };
}

export async function runLifecycle(session: Session, input: LifecycleParams, ctx?: JobContext): Promise<LifecycleResult> {
  const started = performance.now();
  const params = lifecycleParamsSchema.parse(input);
  const a = await openAnalysis(session, new ParamBag('v'));
  const { sql, firstIndex } = await lifecycleRowsSql(a, params);
  ctx?.progress({ fraction: 0.1, message: { key: 'progress.lifecycle.classify' } });
  const rows = await queryRows<{ period: bigint; category: LifecycleCategory; n: bigint }>(a, `SELECT period, category, count(*) AS n FROM (${sql}) GROUP BY ALL`);
  const out = Array.from({ length: params.periods }, (_, i) => ({ period: periodStartOf(params.period, firstIndex + i), new: 0, returning: 0, resurrecting: 0, dormant: 0 }));
  for (const row of rows) {
    const bar = out[Number(row.period) - firstIndex]!;
    bar[row.category] = row.category === 'dormant' ? -Number(row.n) : Number(row.n);
  }
  return { asOf: a.asOfIso, period: params.period, rows: out, elapsedMs: performance.now() - started };
}

/** The customers of one bar (a period and a category), as SQL for a static segment. */
export async function lifecycleMembersSql(session: Session, input: LifecycleParams, periodStart: string, category: LifecycleCategory): Promise<{ sql: string; params: Record<string, string | number | boolean> }> {
  const params = lifecycleParamsSchema.parse(input);
  const bag = new ParamBag('v');
  const a = await openAnalysis(session, bag);
  const { sql } = await lifecycleRowsSql(a, params);
  const members = `SELECT customer_id FROM (${sql}) WHERE period = CAST(${bag.bind(periodIndexOf(params.period, periodStart))} AS BIGINT) AND category = ${bag.bind(category)}`;
  return { sql: members, params: bag.values };
}
