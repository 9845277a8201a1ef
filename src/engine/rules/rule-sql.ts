/**
 * Each rule as a SQL expression over customer_profile's precomputed columns, so applying a rule or
 * previewing an edit is one pass over the profile with no join (rules.preview at 5 M customers is a
 * single filtered count). In the engine the rule parameters are bound (ParamBag) and the as-of date
 * is $as_of; in exported warehouse SQL they are literals (literalRuleValues).
 */
import type { RuleDefinitions } from '../../shared/customer-types';
import type { ProfileDialect } from '../profile/profile-dialect';
import { numberLiteral } from '../segments/sql-literals';
import type { ParamBag } from '../sql/param-bag';

/** How a rule's numbers and the as-of windows are written. */
export interface RuleValues {
  int(n: number): string;
  num(n: number): string;
  bigint(n: number): string;
  monthsBefore(n: number): string;
  bitAnd(a: string, b: string): string;
}

export function boundRuleValues(bag: ParamBag): RuleValues {
  const int = (n: number) => `CAST(${bag.bind(n)} AS INTEGER)`;
  return {
    int,
    num: (n) => `CAST(${bag.bind(n)} AS DOUBLE)`,
    bigint: (n) => `CAST(${bag.bind(n)} AS BIGINT)`,
    monthsBefore: (n) => `(CAST($as_of AS DATE) - to_months(${int(n)}))`,
    bitAnd: (a, b) => `(${a} & ${b})`,
  };
}

export function literalRuleValues(d: ProfileDialect): RuleValues {
  return {
    int: (n) => numberLiteral(Math.trunc(n)),
    num: numberLiteral,
    bigint: (n) => numberLiteral(Math.trunc(n)),
    monthsBefore: (n) => d.monthsBefore(n),
    bitAnd: d.bitAnd,
  };
}

export function invalidSql(def: RuleDefinitions['invalid'], v: RuleValues): string {
  return `(aum_latest <= ${v.num(def.maxAum)} AND (last_account_activity_ts IS NULL OR last_account_activity_ts <= ${v.monthsBefore(def.windowMonths)}))`;
}

export function dormantSql(def: RuleDefinitions['dormant'], v: RuleValues): string {
  return `(last_activity_ts IS NULL OR last_activity_ts <= ${v.monthsBefore(def.windowMonths)})`;
}

/** Quantile tiers are turned into thresholds on the profile's AUM first (tierThresholds). */
export interface TierThresholds {
  vipMin: number;
  potentialMin: number;
}

export function valueTierSql(thresholds: TierThresholds, v: RuleValues): string {
  return `(CASE WHEN aum_latest >= ${v.num(thresholds.vipMin)} THEN 'vip' WHEN aum_latest >= ${v.num(thresholds.potentialMin)} THEN 'potential' ELSE 'long_tail' END)`;
}

/** The bits of the activity mask for the month-long windows [from, from + count). */
function maskBits(from: number, count: number): bigint {
  return ((1n << BigInt(count)) - 1n) << BigInt(from);
}

export function lifecycleSql(def: RuleDefinitions['lifecycle'], dormant: RuleDefinitions['dormant'], v: RuleValues): string {
  const recent = def.resurrectedRecentMonths;
  const gap = def.resurrectedGapMonths;
  const gapMask = v.bigint(Number(maskBits(recent, gap)));
  return `(CASE
  WHEN account_count = 0 THEN 'prospect'
  WHEN open_account_count = 0 THEN 'churned'
  WHEN onboard_date_at IS NOT NULL AND onboard_date_at > ${v.monthsBefore(def.newMonths)} THEN 'new'
  WHEN last_activity_ts > ${v.monthsBefore(recent)} AND ${v.bitAnd('activity_month_mask', gapMask)} = 0
       AND first_activity_ts <= ${v.monthsBefore(recent + gap)} THEN 'resurrected'
  WHEN ${dormantSql(dormant, v)} THEN 'dormant'
  WHEN tenure_months >= ${v.int(def.loyalMinTenureMonths)} AND active_months_12m >= ${v.int(def.loyalMinActiveMonths)} THEN 'loyal'
  ELSE 'active' END)`;
}

/** The four columns the rules write, each with its expression over the profile's columns. */
export function ruleColumnsSql(rules: RuleDefinitions, thresholds: TierThresholds, v: RuleValues): Array<[string, string]> {
  return [
    ['is_invalid', invalidSql(rules.invalid, v)],
    ['is_dormant', dormantSql(rules.dormant, v)],
    ['value_tier', valueTierSql(thresholds, v)],
    ['lifecycle_stage', lifecycleSql(rules.lifecycle, rules.dormant, v)],
  ];
}
