import { PROFILE_TABLE, type RuleDefinitions } from '../../shared/customer-types';
import { quoteIdent } from '../sql/identifiers';
import type { ProgressSpan, Session } from '../workspace';
import { engineDialect } from '../sql/engine-dialect';
import { ParamBag } from '../sql/param-bag';
import { ruleColumnsSql, type TierThresholds } from './rule-sql';

/**
 * Quantile tiers become thresholds on the AUM of `table` (the profile's current AUM, or a model's
 * profile snapshot's); threshold tiers are as written.
 */
export async function tierThresholds(session: Session, def: RuleDefinitions['value_tier'], table: string = quoteIdent(PROFILE_TABLE)): Promise<TierThresholds> {
  if (def.method === 'thresholds') return { vipMin: def.vipMin, potentialMin: def.potentialMin };
  const [row] = await session.rows<{ vip: number | null; potential: number | null }>(
    `SELECT CAST(quantile_disc(aum_latest, $vip) AS DOUBLE) AS vip, CAST(quantile_disc(aum_latest, $potential) AS DOUBLE) AS potential FROM ${table}`,
    { vip: 1 - def.vipTopShare, potential: 1 - def.potentialTopShare },
  );
  return { vipMin: row?.vip ?? 0, potentialMin: row?.potential ?? 0 };
}

/** Writes is_invalid, is_dormant, value_tier and lifecycle_stage from the rules (one UPDATE pass). */
export async function applyRules(session: Session, rules: RuleDefinitions, asOf: string, span?: ProgressSpan): Promise<void> {
  const bag = new ParamBag('r');
  const thresholds = await tierThresholds(session, rules.value_tier);
  const sets = ruleColumnsSql(rules, thresholds, engineDialect(bag)).map(([column, expr]) => `${column} = ${expr}`);
  await session.run(`UPDATE ${quoteIdent(PROFILE_TABLE)} SET ${sets.join(', ')}`, { ...bag.values, as_of: asOf }, span);
}
