/**
 * Rule versions in the workspace: `_sw_rules` keeps every saved definition (rule, version,
 * definition JSON, saved_at); the highest version is current, version 0 is the built-in default.
 */
import { AppError } from '../../shared/errors';
import { RULE_IDS, ruleDefinitionSchemas, type RuleDefinitions, type RuleId } from '../../shared/customer-types';
import type { Session } from '../workspace';
import { DEFAULT_RULES } from './rule-defaults';
import { appendVersion, latestVersions, versionHistory } from './versioned-store';

export const RULES_TABLE = '_sw_rules';

export interface StoredRule<K extends RuleId = RuleId> {
  rule: K;
  definition: RuleDefinitions[K];
  version: number;
  updatedAt: string | null;
}

function parseDefinition<K extends RuleId>(rule: K, json: string): RuleDefinitions[K] {
  const parsed = ruleDefinitionSchemas[rule].safeParse(JSON.parse(json));
  // A definition written by an older version that no longer parses falls back to the default.
  return (parsed.success ? parsed.data : DEFAULT_RULES[rule]) as RuleDefinitions[K];
}

/** The current definition of every rule. */
export async function currentRules(session: Session): Promise<{ [K in RuleId]: StoredRule<K> }> {
  const out = Object.fromEntries(RULE_IDS.map((rule) => [rule, { rule, definition: DEFAULT_RULES[rule], version: 0, updatedAt: null }])) as {
    [K in RuleId]: StoredRule<K>;
  };
  const rows = await latestVersions(session, RULES_TABLE);
  for (const row of rows) {
    if (!(RULE_IDS as readonly string[]).includes(row.rule)) continue;
    const rule = row.rule as RuleId;
    (out as Record<RuleId, StoredRule>)[rule] = { rule, definition: parseDefinition(rule, row.definition), version: row.version, updatedAt: row.updatedAt };
  }
  return out;
}

export async function ruleHistory(session: Session, rule: RuleId): Promise<Array<{ version: number; definition: Record<string, unknown>; updatedAt: string }>> {
  const rows = await versionHistory(session, RULES_TABLE, rule);
  return rows.map((r) => ({ version: r.version, definition: JSON.parse(r.definition) as Record<string, unknown>, updatedAt: r.updatedAt }));
}

/** Appends a version; the caller wraps it in the transaction that re-applies the rules. */
export async function saveRuleVersion<K extends RuleId>(session: Session, rule: K, definition: RuleDefinitions[K], now: Date): Promise<StoredRule<K>> {
  const checked = ruleDefinitionSchemas[rule].safeParse(definition);
  if (!checked.success) throw new AppError('INVALID_ARGUMENT', `invalid definition for rule ${rule}`, { rule }, 'error.RULE_INVALID_DEFINITION');
  const { version, updatedAt } = await appendVersion(session, RULES_TABLE, rule, checked.data, now);
  return { rule, definition: checked.data as RuleDefinitions[K], version, updatedAt };
}
