/**
 * Each rule as a SQL expression over customer_profile's precomputed columns, so applying a rule or
 * previewing an edit is one pass over the profile with no join (rules.preview at 5 M customers is a
 * single filtered count). Written through the dialect: in the engine (engineDialect) the rule
 * parameters are bound and the as-of date is $as_of; in exported warehouse SQL (warehouseDialect)
 * they are literals.
 */
import type { RuleDefinitions } from '../../shared/customer-types';
import type { Dialect } from '../sql/dialect';

export function invalidSql(def: RuleDefinitions['invalid'], v: Dialect): string {
  return `(aum_latest <= ${v.number(def.maxAum)} AND (last_account_activity_ts IS NULL OR last_account_activity_ts <= ${v.monthsBeforeValue(def.windowMonths)}))`;
}

export function dormantSql(def: RuleDefinitions['dormant'], v: Dialect): string {
  return `(last_activity_ts IS NULL OR last_activity_ts <= ${v.monthsBeforeValue(def.windowMonths)})`;
}

/** Quantile tiers are turned into thresholds on the profile's AUM first (tierThresholds). */
export interface TierThresholds {
  vipMin: number;
  potentialMin: number;
}

export function valueTierSql(thresholds: TierThresholds, v: Dialect): string {
  return `(CASE WHEN aum_latest >= ${v.number(thresholds.vipMin)} THEN 'vip' WHEN aum_latest >= ${v.number(thresholds.potentialMin)} THEN 'potential' ELSE 'long_tail' END)`;
}

/** The bits of the activity mask for the month-long windows [from, from + count). */
function maskBits(from: number, count: number): bigint {
  return ((1n << BigInt(count)) - 1n) << BigInt(from);
}

export function lifecycleSql(def: RuleDefinitions['lifecycle'], dormant: RuleDefinitions['dormant'], v: Dialect): string {
  const recent = def.resurrectedRecentMonths;
  const gap = def.resurrectedGapMonths;
  const gapMask = v.bigint(Number(maskBits(recent, gap)));
  return `(CASE
  WHEN account_count = 0 THEN 'prospect'
  WHEN open_account_count = 0 THEN 'churned'
  WHEN onboard_date_at IS NOT NULL AND onboard_date_at > ${v.monthsBeforeValue(def.newMonths)} THEN 'new'
  WHEN last_activity_ts > ${v.monthsBeforeValue(recent)} AND ${v.bitAnd('activity_month_mask', gapMask)} = 0
       AND first_activity_ts <= ${v.monthsBeforeValue(recent + gap)} THEN 'resurrected'
  WHEN ${dormantSql(dormant, v)} THEN 'dormant'
  WHEN tenure_months >= ${v.integer(def.loyalMinTenureMonths)} AND active_months_12m >= ${v.integer(def.loyalMinActiveMonths)} THEN 'loyal'
  ELSE 'active' END)`;
}

/** The four columns the rules write, each with its expression over the profile's columns. */
export function ruleColumnsSql(rules: RuleDefinitions, thresholds: TierThresholds, v: Dialect): Array<[string, string]> {
  return [
    ['is_invalid', invalidSql(rules.invalid, v)],
    ['is_dormant', dormantSql(rules.dormant, v)],
    ['value_tier', valueTierSql(thresholds, v)],
    ['lifecycle_stage', lifecycleSql(rules.lifecycle, rules.dormant, v)],
  ];
}
