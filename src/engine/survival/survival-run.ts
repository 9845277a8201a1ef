/**
 * survival.run: per customer of the population, the time in months on book from the start to the
 * churn event (censored at the analysis date otherwise), aggregated in DuckDB to one row per
 * (group, time, event) — at most a few hundred rows whatever the customer count — and the
 * Kaplan–Meier curves and log-rank test computed from those rows.
 */
import type { JobContext } from '../jobs/job-context';
import { ParamBag } from '../sql/param-bag';
import type { Session } from '../workspace';
import { MAX_GROUPS, survivalParamsSchema, type SurvivalGroup, type SurvivalParams, type SurvivalResult } from '../../shared/survival-types';
import { describeChurnRule, selectedChurnRule } from './churn-definitions';
import { churnEventSql, lastCompleteMonth, monthIndex } from './churn-event-sql';
import { atRiskAt, kaplanMeier, survivalAt, type TimeCount } from './kaplan-meier';
import { logRank } from './log-rank';
import {
  GROUP_JOINS,
  groupSql,
  openAnalysis,
  P,
  PROFILE_FROM,
  populationPredicate,
  queryRows,
  requireChurnTables,
  startSql,
} from './survival-context';

type CountRow = { g: string | null; t: number | null; ev: boolean | null; n: bigint; excluded: string | null };

/** Keeps the order's keys first, then the largest; beyond MAX_GROUPS the smallest merge into "other". */
function orderGroups(byKey: Map<string, TimeCount[]>, order: readonly string[]): Array<[string, TimeCount[]]> {
  const size = (rows: TimeCount[]) => rows.reduce((s, r) => s + r.events + r.censored, 0);
  const entries = [...byKey.entries()].sort((x, y) => {
    const ix = order.indexOf(x[0]);
    const iy = order.indexOf(y[0]);
    if (ix >= 0 || iy >= 0) return (ix < 0 ? Infinity : ix) - (iy < 0 ? Infinity : iy);
    return size(y[1]) - size(x[1]) || x[0].localeCompare(y[0]);
  });
  if (entries.length <= MAX_GROUPS) return entries;
  const bySize = [...entries].sort((x, y) => size(y[1]) - size(x[1]));
  const kept = new Set(bySize.slice(0, MAX_GROUPS - 1).map(([k]) => k));
  const other = entries.filter(([k]) => !kept.has(k)).flatMap(([, rows]) => rows);
  return [...entries.filter(([k]) => kept.has(k)), ['other', other]];
}

function defaultAtRiskTimes(maxTime: number): number[] {
  const times: number[] = [];
  for (let t = 0; t <= maxTime; t += 6) times.push(t);
  return times;
}

export async function runSurvival(session: Session, input: SurvivalParams, ctx?: JobContext): Promise<SurvivalResult> {
  const started = performance.now();
  const params = survivalParamsSchema.parse(input);
  const bag = new ParamBag('v');
  const a = await openAnalysis(session, bag);
  const churn = await selectedChurnRule(session, params.churn);
  await requireChurnTables(session, churn.rule);
  const start = await startSql(a, params.start);
  const group = await groupSql(a, params.groupBy);
  const population = await populationPredicate(a, params.population.segmentId);
  const events = churnEventSql(churn.rule, a.asOf, bag);
  ctx?.progress({ fraction: 0.1, message: { key: 'progress.survival.events' } });
  const rows = await queryRows<CountRow>(
    a,
    `WITH e AS (${events}),
s AS (
  SELECT ${P}.customer_id, ${start.expr} AS start_date, ${P}.value_tier AS tier_now${group.stage === 'profile' ? `, ${group.expr} AS g` : ''}
  FROM ${PROFILE_FROM} ${start.join}
  WHERE ${population}
), sg AS (
  SELECT s.customer_id, s.start_date, e.event_date, ${group.stage === 'profile' ? 's.g' : group.expr} AS g
  FROM s LEFT JOIN e ON e.customer_id = s.customer_id ${group.joins.map((j) => GROUP_JOINS[j]).join(' ')}
), obs AS (
  SELECT g, start_date, event_date,
    CASE WHEN start_date IS NULL OR start_date > ${a.asOf} THEN 'no_start'
         WHEN event_date < start_date THEN 'churned_before_start' END AS excluded
  FROM sg WHERE g IS NOT NULL
)
SELECT g, excluded,
  CASE WHEN excluded IS NOT NULL THEN NULL WHEN event_date IS NOT NULL THEN ${monthIndex('event_date')} - ${monthIndex('start_date')} + 1
       ELSE ${lastCompleteMonth(a.asOf)} - ${monthIndex('start_date')} + 1 END AS t,
  CASE WHEN excluded IS NULL THEN event_date IS NOT NULL END AS ev,
  count(*) AS n
FROM obs GROUP BY ALL`,
  );
  ctx?.progress({ fraction: 0.8, message: { key: 'progress.survival.estimate' } });
  const excluded = { noStart: 0, churnedBeforeStart: 0 };
  const byKey = new Map<string, TimeCount[]>();
  for (const row of rows) {
    const n = Number(row.n);
    if (row.excluded === 'no_start') excluded.noStart += n;
    else if (row.excluded === 'churned_before_start') excluded.churnedBeforeStart += n;
    else {
      const list = byKey.get(row.g ?? 'unknown') ?? [];
      list.push({ time: Number(row.t), events: row.ev ? n : 0, censored: row.ev ? 0 : n });
      byKey.set(row.g ?? 'unknown', list);
    }
  }
  const ordered = orderGroups(byKey, group.order);
  const curves = ordered.map(([key, counts]) => ({ key, counts, curve: kaplanMeier(counts) }));
  const maxTime = Math.max(0, ...curves.flatMap((c) => c.curve.steps.map((s) => s.time)));
  const atRiskTimes = params.atRiskTimes ?? defaultAtRiskTimes(maxTime);
  // Months on book (the banks' MOB): the start's month is month 1, so a churn in the n-th calendar
  // month counts at n, and a customer still there is censored at the calendar months completed by the
  // analysis date. A monthly hazard h then gives S(n) = (1 − h)^n exactly, whatever the start day.
  const groups: SurvivalGroup[] = curves.map(({ key, curve }) => ({
    key,
    curve,
    atMonths: params.months.map((month) => {
      const step = survivalAt(curve, month);
      return { month, survival: step?.survival ?? null, lower: step?.lower ?? null, upper: step?.upper ?? null, atRisk: atRiskAt(curve, month) };
    }),
    atRisk: atRiskTimes.map((t) => atRiskAt(curve, t)),
  }));
  return {
    asOf: a.asOfIso,
    churn: { id: churn.id, version: churn.version, rule: churn.rule, description: describeChurnRule(churn.rule) },
    start: params.start,
    groupBy: params.groupBy,
    timeUnit: 'month',
    groups,
    atRiskTimes,
    logRank: curves.length >= 2 ? logRank(curves.map((c) => c.counts)) : null,
    excluded,
    confidence: 'greenwood-log-log-95',
    elapsedMs: performance.now() - started,
  };
}
