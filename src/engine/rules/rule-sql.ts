/**
 * Each rule as a SQL expression over customer_profile's precomputed columns, so applying a rule or
 * previewing an edit is one pass over the profile with no join (rules.preview at 5 M customers is a
 * single filtered count). Rule parameters are bound (ParamBag); the as-of date is $as_of.
 */
import type { RuleDefinitions } from '../../shared/customer-types';
import { AS_OF } from '../profile/profile-sql';
import type { ParamBag } from '../sql/param-bag';

const int = (bag: ParamBag, n: number) => `CAST(${bag.bind(n)} AS INTEGER)`;
const num = (bag: ParamBag, n: number) => `CAST(${bag.bind(n)} AS DOUBLE)`;
const monthsBefore = (bag: ParamBag, n: number) => `(${AS_OF} - to_months(${int(bag, n)}))`;

export function invalidSql(def: RuleDefinitions['invalid'], bag: ParamBag): string {
  return `(aum_latest <= ${num(bag, def.maxAum)} AND (last_account_activity_ts IS NULL OR last_account_activity_ts <= ${monthsBefore(bag, def.windowMonths)}))`;
}

export function dormantSql(def: RuleDefinitions['dormant'], bag: ParamBag): string {
  return `(last_activity_ts IS NULL OR last_activity_ts <= ${monthsBefore(bag, def.windowMonths)})`;
}

/** Quantile tiers are turned into thresholds on the profile's AUM first (tierThresholds). */
export interface TierThresholds {
  vipMin: number;
  potentialMin: number;
}

export function valueTierSql(thresholds: TierThresholds, bag: ParamBag): string {
  return `(CASE WHEN aum_latest >= ${num(bag, thresholds.vipMin)} THEN 'vip' WHEN aum_latest >= ${num(bag, thresholds.potentialMin)} THEN 'potential' ELSE 'long_tail' END)`;
}

/** The bits of the activity mask for the month-long windows [from, from + count). */
function maskBits(from: number, count: number): bigint {
  return ((1n << BigInt(count)) - 1n) << BigInt(from);
}

export function lifecycleSql(def: RuleDefinitions['lifecycle'], dormant: RuleDefinitions['dormant'], bag: ParamBag): string {
  const recent = def.resurrectedRecentMonths;
  const gap = def.resurrectedGapMonths;
  const gapMask = `CAST(${bag.bind(Number(maskBits(recent, gap)))} AS BIGINT)`;
  return `(CASE
  WHEN account_count = 0 THEN 'prospect'
  WHEN open_account_count = 0 THEN 'churned'
  WHEN onboard_date_at IS NOT NULL AND onboard_date_at > ${monthsBefore(bag, def.newMonths)} THEN 'new'
  WHEN last_activity_ts > ${monthsBefore(bag, recent)} AND (activity_month_mask & ${gapMask}) = 0
       AND first_activity_ts <= ${monthsBefore(bag, recent + gap)} THEN 'resurrected'
  WHEN ${dormantSql(dormant, bag)} THEN 'dormant'
  WHEN tenure_months >= ${int(bag, def.loyalMinTenureMonths)} AND active_months_12m >= ${int(bag, def.loyalMinActiveMonths)} THEN 'loyal'
  ELSE 'active' END)`;
}
