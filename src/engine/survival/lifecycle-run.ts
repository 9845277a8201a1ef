/**
 * lifecycle.run — PostHog's lifecycle per period, over the periods each customer was active in:
 *  new: active in the period of onboarding (the first active period when onboarding is unknown);
 *  returning: active in this period and the one before;
 *  resurrecting: active in this period, not in the one before, onboarded earlier;
 *  dormant: active in the period before, not in this one — counted in the period after the last
 *  activity, as a negative number (drawn below the axis).
 */
import { AppError } from '../../shared/errors';
import { lifecycleParamsSchema, type LifecycleCategory, type LifecycleParams, type LifecycleResult } from '../../shared/survival-types';
import type { JobContext } from '../jobs/job-context';
import { ParamBag } from '../sql/param-bag';
import type { Session } from '../workspace';
import { activityBitsSql, activityTables, maskType, periodIndex, periodIndexOf, periodStartOf } from './activity-sql';
import { openAnalysis, P, PROFILE_FROM, populationPredicate, queryRows, requireTables, type Analysis } from './survival-context';

type Parsed = ReturnType<typeof lifecycleParamsSchema.parse>;

const CATEGORIES: readonly LifecycleCategory[] = ['new', 'returning', 'resurrecting', 'dormant'];

/**
 * `customer_id, m_new, m_returning, m_resurrecting, m_dormant`: per member with activity, one mask per
 * category over the periods first − 1 … last (bit j: period first − 1 + j; bits 1 … N are the
 * bars; bit 0, the period before the first, tells returning from resurrecting and dormant). Whole
 * masks at once — `a & a << 1` is "active now and the period before" for every period — instead of
 * a row per customer and period (the lifecycle at 5 M customers was a 120 M-row cross join).
 */
async function lifecycleMasksSql(a: Analysis, params: Parsed): Promise<{ sql: string; firstIndex: number; from: number }> {
  await requireTables(a.session, activityTables(params.activity));
  const population = await populationPredicate(a, params.population.segmentId);
  const lastIndex = periodIndexOf(params.period, a.asOfIso);
  const firstIndex = lastIndex - params.periods + 1;
  const from = firstIndex - 1;
  const type = maskType(from, lastIndex);
  const onboardedBit = `coalesce(m.onboarded, b.first_k) - ${from}`;
  const sql = `WITH members AS (
  SELECT ${P}.customer_id, ${periodIndex(params.period, `${P}.onboard_date_at`)} AS onboarded FROM ${PROFILE_FROM} WHERE ${population}
), bits AS (${activityBitsSql(params.activity, params.period, a.asOf, a.bag, from, lastIndex)}),
masks AS (
  SELECT b.customer_id, b.bits AS a, b.bits << 1 AS before,
    CASE WHEN ${onboardedBit} BETWEEN 1 AND ${params.periods} THEN CAST(1 AS ${type}) << CAST(${onboardedBit} AS INTEGER) ELSE CAST(0 AS ${type}) END AS onboarded
  FROM bits b JOIN members m ON m.customer_id = b.customer_id WHERE b.bits IS NOT NULL
)
SELECT customer_id, a & onboarded AS ${maskColumn('new')}, a & before & ~onboarded AS ${maskColumn('returning')}, a & ~before & ~onboarded AS ${maskColumn('resurrecting')},
  ~a & before AS ${maskColumn('dormant')} FROM masks`;
  return { sql, firstIndex, from };
}

/** The mask column of a category (`returning` is an SQL keyword). */
const maskColumn = (c: LifecycleCategory) => `m_${c}`;
const bit = (c: LifecycleCategory, j: number) => `((${maskColumn(c)} >> ${j}) & 1)`;

export async function runLifecycle(session: Session, input: LifecycleParams, ctx?: JobContext): Promise<LifecycleResult> {
  const started = performance.now();
  const params = lifecycleParamsSchema.parse(input);
  const a = await openAnalysis(session, new ParamBag('v'));
  const { sql, firstIndex } = await lifecycleMasksSql(a, params);
  ctx?.progress({ fraction: 0.1, message: { key: 'progress.lifecycle.classify' } });
  // One pass: per bar j and category, how many masks have bit j.
  const sums = Array.from({ length: params.periods }, (_, i) => CATEGORIES.map((c) => `sum(CAST(${bit(c, i + 1)} AS INTEGER)) AS ${c}_${i}`)).flat();
  const [row] = await queryRows<Record<string, bigint | number | null>>(a, `SELECT ${sums.join(', ')} FROM (${sql})`);
  const n = (c: LifecycleCategory, i: number) => Number(row?.[`${c}_${i}`] ?? 0);
  const out = Array.from({ length: params.periods }, (_, i) => ({
    period: periodStartOf(params.period, firstIndex + i),
    new: n('new', i),
    returning: n('returning', i),
    resurrecting: n('resurrecting', i),
    dormant: -n('dormant', i),
  }));
  return { asOf: a.asOfIso, period: params.period, rows: out, elapsedMs: performance.now() - started };
}

/** The customers of one bar (a period and a category), as SQL for a static segment. */
export async function lifecycleMembersSql(session: Session, input: LifecycleParams, periodStart: string, category: LifecycleCategory): Promise<{ sql: string; params: Record<string, string | number | boolean> }> {
  const params = lifecycleParamsSchema.parse(input);
  const bag = new ParamBag('v');
  const a = await openAnalysis(session, bag);
  const { sql, from } = await lifecycleMasksSql(a, params);
  const j = periodIndexOf(params.period, periodStart) - from;
  if (!CATEGORIES.includes(category)) throw new AppError('INVALID_ARGUMENT', `not a lifecycle category: ${category}`, { category });
  // The category names a mask column (one of four, checked above); j is the bar's bit.
  const members = j >= 1 && j <= params.periods ? `SELECT customer_id FROM (${sql}) WHERE ${bit(category, j)} = 1` : `SELECT customer_id FROM (${sql}) WHERE FALSE`;
  return { sql: members, params: bag.values };
}
