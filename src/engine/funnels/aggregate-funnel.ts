import { PROFILE_TABLE } from '../../shared/customer-types';
import type { FunnelResult, FunnelSpec } from '../../shared/funnel-types';
import { compileForEngine, loadWorkbench, targetRule } from '../segments/segment-context';
import { engineDialect } from '../sql/engine-dialect';
import { quoteIdent } from '../sql/identifiers';
import { ParamBag, usedParams } from '../sql/param-bag';
import type { Session } from '../workspace';
import { fieldColumn, OUTCOMES_TABLE, propertyColumn, timeColumn, type OutcomesInfo } from './funnel-outcomes';
import { CONVERT_BUCKETS_SECONDS } from './funnel-time';

const OTHER = 'Other';
const MISSING = '(missing)';

/**
 * The funnel's figures from its outcomes table (funnel-outcomes.ts), in SQL whichever evaluation
 * filled it: counts per step and breakdown group, conversion, drop-off, median and mean time from
 * the previous step's row on the path shown, the time-to-convert histogram and the trend.
 */

interface Keyed {
  /** LEFT JOINs that bring each breakdown's value. */
  joins: string[];
  /** The value expression of breakdown i (never NULL). */
  values: string[];
}

/** Each breakdown's value per customer: a profile field (its column of the outcomes), membership of a saved segment, a campaign arm, or the path's property. */
async function breakdownValues(session: Session, spec: FunnelSpec, bag: ParamBag): Promise<Keyed> {
  const joins: string[] = [];
  const values: string[] = [];
  let property = 0;
  let field = 0;
  for (const [i, b] of spec.breakdowns.entries()) {
    const alias = `b${i}`;
    if (b.kind === 'property') {
      values.push(`coalesce(o.${propertyColumn(property++)}, ${bag.bind(MISSING)})`);
    } else if (b.kind === 'field') {
      values.push(`coalesce(o.${fieldColumn(field++)}, ${bag.bind(MISSING)})`);
    } else if (b.kind === 'arm') {
      joins.push(`LEFT JOIN (SELECT CAST(customer_id AS VARCHAR) AS id, min(CAST(arm AS VARCHAR)) AS v FROM contacts WHERE campaign_id = ${bag.bind(b.campaignId)} GROUP BY 1) ${alias} ON ${alias}.id = o.customer_id`);
      values.push(`CASE WHEN ${alias}.id IS NULL THEN ${bag.bind('not in campaign')} ELSE coalesce(${alias}.v, ${bag.bind(MISSING)}) END`);
    } else {
      const { rule, name } = await targetRule(session, { id: b.segmentId });
      const where = await compileForEngine(session, await loadWorkbench(session), rule, engineDialect(bag));
      joins.push(`LEFT JOIN (SELECT CAST(p.customer_id AS VARCHAR) AS id FROM ${quoteIdent(PROFILE_TABLE)} p WHERE coalesce(${where}, FALSE)) ${alias} ON ${alias}.id = o.customer_id`);
      values.push(`CASE WHEN ${alias}.id IS NULL THEN ${bag.bind('not in segment')} ELSE ${bag.bind(name ?? b.segmentId)} END`);
    }
  }
  return { joins, values };
}

/**
 * Milliseconds from the previous taken row to step k's (NULL where the path does not take step k):
 * integers, so the mean is exact whatever order the threads add them in (a sum of doubles is not).
 */
function stepMilliseconds(k: number): string {
  const previous = Array.from({ length: k }, (_, j) => timeColumn(k - 1 - j));
  return `epoch_ms(${timeColumn(k)}) - epoch_ms(coalesce(${previous.join(', ')}))`;
}

function compareKeys(a: readonly string[], b: readonly string[]): number {
  const rank = (v: string) => (v === OTHER ? 2 : v === MISSING ? 1 : 0);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    const order = rank(x) - rank(y) || x.localeCompare(y, 'en', { numeric: true });
    if (order !== 0) return order;
  }
  return 0;
}

type Row = Record<string, string | number | bigint | boolean | null>;

function groupOf(row: Row, keys: number, steps: number): FunnelResult['total'] {
  const counts = Array.from({ length: steps }, (_, k) => Number(row[`c${k}`] ?? 0));
  return {
    key: Array.from({ length: keys }, (_, i) => String(row[`g${i}`])),
    steps: counts.map((customers, k) => {
      const previous = k === 0 ? customers : counts[k - 1]!;
      const first = counts[0]!;
      const median = row[`m${k}`];
      const average = row[`a${k}`];
      return {
        customers,
        fromFirst: first ? customers / first : 0,
        fromPrevious: previous ? customers / previous : 0,
        droppedOff: Math.max(0, previous - customers),
        medianSeconds: k === 0 || median === null || median === undefined ? null : Number(median),
        averageSeconds: k === 0 || average === null || average === undefined ? null : Number(average),
      };
    }),
  };
}

export async function aggregateFunnel(session: Session, spec: FunnelSpec, info: OutcomesInfo, started: number): Promise<FunnelResult> {
  const steps = spec.steps.length;
  const last = steps - 1;
  const bag = new ParamBag('a');
  const { joins, values } = await breakdownValues(session, spec, bag);
  const keyed = `SELECT o.*${values.map((v, i) => `, ${v} AS v${i}`).join('')} FROM ${quoteIdent(OUTCOMES_TABLE)} o ${joins.join(' ')}`;
  // Top N values per breakdown by customers at step 1 (ties: the smaller value); the rest are Other.
  const topN = bag.bind(spec.topN);
  const other = bag.bind(OTHER);
  const tops = values.map((_, i) => `top${i} AS (SELECT v${i} AS v FROM keyed GROUP BY 1 ORDER BY count(*) DESC, v LIMIT ${topN})`);
  const grouped = values.map((_, i) => `CASE WHEN v${i} IN (SELECT v FROM top${i}) THEN v${i} ELSE ${other} END AS g${i}`);
  const stepColumns = Array.from({ length: steps }, (_, k) => [
    `count(*) FILTER (WHERE (reached & ${1 << k}) <> 0) AS c${k}`,
    ...(k === 0 ? [] : [`median(d${k}) / 1000.0 AS m${k}`, `avg(d${k}) / 1000.0 AS a${k}`]),
  ]).flat();
  const seconds = Array.from({ length: steps - 1 }, (_, j) => `${stepMilliseconds(j + 1)} AS d${j + 1}`);
  const keys = values.map((_, i) => `g${i}`);
  const groupBy = keys.length ? `GROUP BY GROUPING SETS ((), (${keys.join(', ')}))` : '';
  const sql = `WITH keyed AS MATERIALIZED (${keyed})${tops.map((t) => `, ${t}`).join('')},
    final AS (SELECT *${grouped.map((g) => `, ${g}`).join('')}${seconds.map((s) => `, ${s}`).join('')} FROM keyed)
    SELECT ${keys.length ? `grouping(${keys.join(', ')}) AS is_total, ${keys.join(', ')},` : '0 AS is_total,'} ${stepColumns.join(', ')}
    FROM final ${groupBy}`;
  const rows = await session.rows<Row>(sql, usedParams(sql, bag.values));
  const totalRow = rows.find((r) => Number(r.is_total) !== 0 || keys.length === 0);
  const total = totalRow ? groupOf(totalRow, 0, steps) : groupOf({}, 0, steps);
  const groups = keys.length ? rows.filter((r) => Number(r.is_total) === 0).map((r) => groupOf(r, keys.length, steps)) : [];

  const edges = CONVERT_BUCKETS_SECONDS.slice(1, -1);
  const hBag = new ParamBag('h');
  const bucket = `CASE ${edges.map((edge, i) => `WHEN s < ${hBag.bind(edge)} THEN ${i}`).join(' ')} ELSE ${edges.length} END`;
  const histogram = await session.rows<{ b: number; n: bigint }>(
    `SELECT ${bucket} AS b, count(*) AS n FROM (SELECT (epoch_ms(${timeColumn(last)}) - epoch_ms(${timeColumn(0)})) / 1000.0 AS s FROM ${quoteIdent(OUTCOMES_TABLE)}
      WHERE (reached & ${1 << last}) <> 0 AND ${timeColumn(last)} IS NOT NULL) GROUP BY 1`,
    hBag.values,
  );
  const perBucket = new Map(histogram.map((h) => [Number(h.b), Number(h.n)]));
  const trendRows = await session.rows<{ period: string; entered: bigint; converted: bigint }>(
    `SELECT strftime(date_trunc(${spec.trend === 'week' ? "'week'" : "'month'"}, ${timeColumn(0)}), '%Y-%m-%d') AS period, count(*) AS entered,
       count(*) FILTER (WHERE (reached & ${1 << last}) <> 0) AS converted
     FROM ${quoteIdent(OUTCOMES_TABLE)} GROUP BY 1 ORDER BY 1`,
  );
  return {
    asOf: info.asOf,
    period: info.period,
    population: info.population,
    stepNames: spec.steps.map((s, k) => s.name || `${k + 1}. ${s.source}`),
    total,
    // Values in their own order (age bands, tiers read 18-29, 30-44 …); Other and (missing) last.
    groups: groups.sort((a, b) => compareKeys(a.key, b.key)),
    timeToConvert: CONVERT_BUCKETS_SECONDS.slice(0, -1).map((fromSeconds, i) => {
      const to = CONVERT_BUCKETS_SECONDS[i + 1]!;
      return { fromSeconds, toSeconds: Number.isFinite(to) ? to : null, customers: perBucket.get(i) ?? 0 };
    }),
    trend: trendRows.map((t) => {
      const entered = Number(t.entered);
      const converted = Number(t.converted);
      return { period: t.period, entered, converted, rate: entered ? converted / entered : 0 };
    }),
    evaluation: info.evaluation,
    elapsedMs: performance.now() - started,
  };
}
