import { AppError } from '../../shared/errors';
import { PROFILE_TABLE, RULE_IDS, type RuleId, type RuleInfo, type RulePreviewResult, type RuleWithDefinition } from '../../shared/customer-types';
import { readProfileMeta } from '../profile/profile-meta';
import { quoteIdent } from '../sql/identifiers';
import type { Session } from '../workspace';
import { applyRules, tierThresholds } from './apply-rules';
import { ParamBag } from '../sql/param-bag';
import { describeRule } from './rule-defaults';
import { boundRuleValues, dormantSql, invalidSql, lifecycleSql, valueTierSql } from './rule-sql';
import { currentRules, saveRuleVersion, type StoredRule } from './rule-store';

export function ruleInfo(stored: StoredRule): RuleInfo {
  const words = describeRule(stored.rule, stored.definition);
  return {
    rule: stored.rule,
    definition: stored.definition as Record<string, unknown>,
    version: stored.version,
    updatedAt: stored.updatedAt,
    nameKey: `rules.${stored.rule}.name`,
    description: words.description,
    categories: words.categories,
  };
}

export async function listRules(session: Session): Promise<RuleInfo[]> {
  const rules = await currentRules(session);
  return RULE_IDS.map((id) => ruleInfo(rules[id]));
}

export async function requireProfile(session: Session): Promise<{ asOf: string; customers: number }> {
  const meta = await readProfileMeta(session);
  if (!meta) throw new AppError('NOT_FOUND', 'the customer profile has not been built yet', {}, 'error.PROFILE_NOT_BUILT');
  return meta;
}

/**
 * The count an edited rule would give: one pass over the profile's precomputed columns (no join),
 * so it is fast enough to follow every keystroke. Flag rules return the flagged customers; tiers and
 * stages return one group per category.
 */
export async function previewRule(session: Session, input: RuleWithDefinition): Promise<RulePreviewResult> {
  const started = performance.now();
  const meta = await requireProfile(session);
  const bag = new ParamBag('r');
  const values = boundRuleValues(bag);
  const table = quoteIdent(PROFILE_TABLE);
  let groupExpr: string | null = null;
  let flagExpr: string | null = null;
  if (input.rule === 'invalid') flagExpr = invalidSql(input.definition, values);
  else if (input.rule === 'dormant') flagExpr = dormantSql(input.definition, values);
  else if (input.rule === 'value_tier') groupExpr = valueTierSql(await tierThresholds(session, input.definition), values);
  else {
    const rules = await currentRules(session);
    groupExpr = lifecycleSql(input.definition, rules.dormant.definition, values);
  }
  // DuckDB refuses a named parameter the statement does not use: pass $as_of only where it appears.
  const params = (flagExpr ?? groupExpr ?? '').includes('$as_of') ? { ...bag.values, as_of: meta.asOf } : bag.values;
  if (flagExpr !== null) {
    const [row] = await session.rows<{ n: bigint; aum: number | null; k: bigint; kaum: number | null }>(
      `SELECT count(*) AS n, CAST(sum(aum_latest) AS DOUBLE) AS aum, count(*) FILTER (WHERE ${flagExpr}) AS k,
         CAST(sum(aum_latest) FILTER (WHERE ${flagExpr}) AS DOUBLE) AS kaum FROM ${table}`,
      params,
    );
    const customers = Number(row?.n ?? 0);
    const count = Number(row?.k ?? 0);
    const aum = row?.aum ?? 0;
    return {
      rule: input.rule,
      count,
      share: customers ? count / customers : 0,
      aumShare: aum ? (row?.kaum ?? 0) / aum : 0,
      groups: [],
      customers,
      asOf: meta.asOf,
      elapsedMs: performance.now() - started,
    };
  }
  const rows = await session.rows<{ v: string; n: bigint; aum: number | null }>(
    `SELECT ${groupExpr} AS v, count(*) AS n, CAST(sum(aum_latest) AS DOUBLE) AS aum FROM ${table} GROUP BY v ORDER BY v`,
    params,
  );
  const customers = rows.reduce((a, r) => a + Number(r.n), 0);
  const totalAum = rows.reduce((a, r) => a + (r.aum ?? 0), 0);
  return {
    rule: input.rule,
    count: customers,
    share: customers ? 1 : 0,
    aumShare: totalAum ? 1 : 0,
    groups: rows.map((r) => ({
      value: r.v,
      count: Number(r.n),
      share: customers ? Number(r.n) / customers : 0,
      aumShare: totalAum ? (r.aum ?? 0) / totalAum : 0,
    })),
    customers,
    asOf: meta.asOf,
    elapsedMs: performance.now() - started,
  };
}

/** Saves a new version and re-applies every rule to the profile, all-or-nothing. */
export async function saveRule(session: Session, input: RuleWithDefinition, now: Date): Promise<RuleInfo> {
  const meta = await readProfileMeta(session);
  return session.transaction(async () => {
    const stored = await saveRuleVersion(session, input.rule as RuleId, input.definition, now);
    if (meta) {
      const rules = await currentRules(session);
      await applyRules(
        session,
        { invalid: rules.invalid.definition, dormant: rules.dormant.definition, value_tier: rules.value_tier.definition, lifecycle: rules.lifecycle.definition },
        meta.asOf,
        { from: 0, to: 1, message: { key: 'progress.profile.rules' } },
      );
    }
    return ruleInfo(stored);
  });
}
