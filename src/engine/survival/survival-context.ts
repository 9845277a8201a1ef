/**
 * What every churn and retention analysis shares: the analysis date (the profile's as-of date,
 * never the wall clock), the population (the base or a segment's members, compiled by the segment
 * compiler into a predicate over the profile aliased `p`), the start of the clock and the grouping.
 */
import { PROFILE_TABLE } from '../../shared/customer-types';
import { AppError } from '../../shared/errors';
import type { ChurnRule, GroupBy, SurvivalStart } from '../../shared/survival-types';
import { tableExists } from '../profile/profile-meta';
import { tierThresholds } from '../rules/apply-rules';
import { currentRules } from '../rules/rule-store';
import { PROFILE_ALIAS } from '../segments/compile-segment';
import { compileForEngine, loadWorkbench, targetRule, type Workbench } from '../segments/segment-context';
import { getSegment } from '../segments/segment-store';
import { engineDialect } from '../sql/engine-dialect';
import { quoteIdent } from '../sql/identifiers';
import { usedParams, type ParamBag } from '../sql/param-bag';
import type { Session } from '../workspace';
import { churnRuleTables, onOrBefore } from './churn-event-sql';

export const P = PROFILE_ALIAS;

export interface Analysis {
  session: Session;
  workbench: Workbench;
  bag: ParamBag;
  /** The analysis date as a bound DATE expression. */
  asOf: string;
  asOfIso: string;
}

export async function openAnalysis(session: Session, bag: ParamBag): Promise<Analysis> {
  const workbench = await loadWorkbench(session);
  return { session, workbench, bag, asOf: `CAST(${bag.bind(workbench.asOf)} AS DATE)`, asOfIso: workbench.asOf };
}

/** Runs a query with the bag's parameters that it uses (DuckDB refuses a named parameter a statement does not use). */
export async function queryRows<T extends Record<string, unknown>>(a: Analysis, sql: string): Promise<T[]> {
  return a.session.rows<T>(sql, usedParams(sql, a.bag.values));
}

export async function requireTables(session: Session, tables: readonly string[]): Promise<void> {
  for (const table of tables) {
    if (!(await tableExists(session, table))) throw new AppError('NOT_FOUND', `this analysis needs the ${table} table`, { table }, 'error.CHURN_TABLE_MISSING');
  }
}

export async function requireChurnTables(session: Session, rule: ChurnRule): Promise<void> {
  await requireTables(session, churnRuleTables(rule));
}

/** A segment's membership as a predicate over the profile row `p`. */
export async function segmentPredicate(a: Analysis, segmentId: string): Promise<string> {
  const { rule } = await targetRule(a.session, { id: segmentId });
  return `(${await compileForEngine(a.session, a.workbench, rule, engineDialect(a.bag))}) IS TRUE`;
}

export async function populationPredicate(a: Analysis, segmentId: string | undefined): Promise<string> {
  return segmentId ? segmentPredicate(a, segmentId) : 'TRUE';
}

/** The first day of the month of the earliest balance or transaction: where the data's observation begins. */
export async function dataStart(a: Analysis): Promise<string | null> {
  const parts: string[] = [];
  if (a.workbench.sources.has('balances')) parts.push(`SELECT min(CAST(month AS DATE)) AS d FROM ${quoteIdent('balances')}`);
  if (a.workbench.sources.has('transactions')) parts.push(`SELECT CAST(date_trunc('month', min(ts)) AS DATE) AS d FROM ${quoteIdent('transactions')}`);
  if (!parts.length) return null;
  const [row] = await a.session.rows<{ d: string | null }>(`SELECT strftime(min(d), '%Y-%m-%d') AS d FROM (${parts.join(' UNION ALL ')})`);
  return row?.d ?? null;
}

export interface StartSql {
  /** A LEFT JOIN onto `p` (or ''), exposing the start as `st.start_date`. */
  join: string;
  expr: string;
}

/** The start of the clock as a DATE expression over `p` (null: the customer has no start). */
export async function startSql(a: Analysis, start: SurvivalStart): Promise<StartSql> {
  const asOf = a.asOf;
  switch (start.kind) {
    case 'onboarding': {
      const first = await dataStart(a);
      const expr = first ? `greatest(${P}.onboard_date_at, CAST(${a.bag.bind(first)} AS DATE))` : `${P}.onboard_date_at`;
      return { join: '', expr };
    }
    case 'first_payroll':
      await requireTables(a.session, ['transactions']);
      return {
        join: `LEFT JOIN (SELECT customer_id, CAST(min(ts) AS DATE) AS start_date FROM ${quoteIdent('transactions')}
  WHERE txn_type = 'payroll' AND direction = 'credit' AND ${onOrBefore('ts', asOf)} GROUP BY customer_id) st ON st.customer_id = ${P}.customer_id`,
        expr: 'st.start_date',
      };
    case 'contact': {
      await requireTables(a.session, ['contacts']);
      const campaign = start.campaignId !== undefined ? `AND campaign_id = ${a.bag.bind(start.campaignId)}` : '';
      return {
        join: `LEFT JOIN (SELECT customer_id, CAST(min(contact_ts) AS DATE) AS start_date FROM ${quoteIdent('contacts')}
  WHERE ${onOrBefore('contact_ts', asOf)} ${campaign} GROUP BY customer_id) st ON st.customer_id = ${P}.customer_id`,
        expr: 'st.start_date',
      };
    }
    case 'segment_entry': {
      const segment = await getSegment(a.session, start.segmentId);
      // Membership over time is known only for a frozen segment: its members entered on the day it was frozen.
      if (segment.kind !== 'static' || !segment.static) {
        throw new AppError('INVALID_ARGUMENT', `segment ${segment.id} is not static`, { segment: segment.id }, 'error.SURVIVAL_SEGMENT_NOT_STATIC');
      }
      const entered = segment.static.asOf ?? segment.static.takenAt.slice(0, 10);
      return { join: '', expr: `CASE WHEN ${await segmentPredicate(a, segment.id)} THEN CAST(${a.bag.bind(entered)} AS DATE) END` };
    }
  }
}

export const AGE_BAND_ORDER = ['<18', '18-29', '30-44', '45-59', '60+', 'unknown'];
export const TIER_ORDER = ['vip', 'potential', 'long_tail'];

export interface GroupSql {
  /**
   * profile: over the profile row `p`. joined: evaluated once each customer's start and event are
   * known — over `s.tier_now` (the profile's tier), `e.event_date`, `sb.aum` (the start month's
   * balance) and `pk.peak` (the highest month-end AUM of the 6 months before the churn month).
   */
  stage: 'profile' | 'joined';
  expr: string;
  joins: Array<'start_balance' | 'pre_churn_peak'>;
  /** The order groups are shown in; unlisted keys follow by size. */
  order: string[];
}

const profileGroup = (expr: string, order: string[] = []): GroupSql => ({ stage: 'profile', expr, joins: [], order });

async function tierOf(a: Analysis, aum: string): Promise<string> {
  const t = await tierThresholds(a.session, (await currentRules(a.session)).value_tier.definition);
  return `CASE WHEN ${aum} IS NULL THEN 'unknown' WHEN ${aum} >= ${a.bag.bind(t.vipMin)} THEN 'vip' WHEN ${aum} >= ${a.bag.bind(t.potentialMin)} THEN 'potential' ELSE 'long_tail' END`;
}

export async function groupSql(a: Analysis, groupBy: GroupBy): Promise<GroupSql> {
  switch (groupBy.kind) {
    case 'none':
      return profileGroup(`'all'`);
    case 'tier':
      return profileGroup(`${P}.value_tier`, TIER_ORDER);
    case 'tier_at_start':
      await requireTables(a.session, ['balances']);
      return { stage: 'joined', expr: await tierOf(a, 'sb.aum'), joins: ['start_balance'], order: [...TIER_ORDER, 'unknown'] };
    case 'tier_before_churn':
      await requireTables(a.session, ['balances']);
      return {
        stage: 'joined',
        expr: `CASE WHEN e.event_date IS NULL THEN s.tier_now ELSE ${await tierOf(a, 'pk.peak')} END`,
        joins: ['pre_churn_peak'],
        order: [...TIER_ORDER, 'unknown'],
      };
    case 'age_band':
      return profileGroup(
        `CASE WHEN ${P}.age IS NULL THEN 'unknown' WHEN ${P}.age < 18 THEN '<18' WHEN ${P}.age < 30 THEN '18-29' WHEN ${P}.age < 45 THEN '30-44' WHEN ${P}.age < 60 THEN '45-59' ELSE '60+' END`,
        AGE_BAND_ORDER,
      );
    case 'segments': {
      const branches: string[] = [];
      const names: string[] = [];
      for (const id of groupBy.ids) {
        const segment = await getSegment(a.session, id);
        names.push(segment.name);
        branches.push(`WHEN ${await segmentPredicate(a, id)} THEN ${a.bag.bind(segment.name)}`);
      }
      return profileGroup(`CASE ${branches.join(' ')} END`, names);
    }
    case 'field': {
      if (!a.workbench.profile.has(groupBy.field)) {
        throw new AppError('INVALID_ARGUMENT', `the profile has no field ${groupBy.field}`, { field: groupBy.field }, 'error.SURVIVAL_UNKNOWN_FIELD');
      }
      return profileGroup(`coalesce(CAST(${P}.${quoteIdent(groupBy.field)} AS VARCHAR), 'unknown')`);
    }
  }
}

/** The joins a `joined` group needs, onto `s` with `e` (the churn events) in scope. */
export const GROUP_JOINS: Record<GroupSql['joins'][number], string> = {
  start_balance: `LEFT JOIN ${quoteIdent('balances')} sb ON sb.customer_id = s.customer_id AND CAST(sb.month AS DATE) = CAST(date_trunc('month', s.start_date) AS DATE)`,
  pre_churn_peak: `LEFT JOIN (
  SELECT e.customer_id, max(CAST(b.aum AS DOUBLE)) AS peak FROM e JOIN ${quoteIdent('balances')} b ON b.customer_id = e.customer_id
    AND CAST(b.month AS DATE) < date_trunc('month', e.event_date) AND CAST(b.month AS DATE) >= date_trunc('month', e.event_date) - INTERVAL 6 MONTH
  GROUP BY e.customer_id) pk ON pk.customer_id = s.customer_id`,
};

export const PROFILE_FROM = `${quoteIdent(PROFILE_TABLE)} ${P}`;
