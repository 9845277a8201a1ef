/**
 * Rule versions in the workspace: `_sw_rules` keeps every saved definition (rule, version,
 * definition JSON, saved_at); the highest version is current, version 0 is the built-in default.
 */
import { AppError } from '../../shared/errors';
import { RULE_IDS, ruleDefinitionSchemas, type RuleDefinitions, type RuleId } from '../../shared/customer-types';
import { quoteIdent } from '../sql/identifiers';
import type { Session } from '../workspace';
import { DEFAULT_RULES } from './rule-defaults';

export const RULES_TABLE = '_sw_rules';

export interface StoredRule<K extends RuleId = RuleId> {
  rule: K;
  definition: RuleDefinitions[K];
  version: number;
  updatedAt: string | null;
}

async function tableExists(session: Session): Promise<boolean> {
  const rows = await session.rows(`SELECT 1 FROM duckdb_tables() WHERE database_name = $catalog AND schema_name = 'main' AND table_name = $t`, {
    catalog: session.catalog,
    t: RULES_TABLE,
  });
  return rows.length > 0;
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
  if (!(await tableExists(session))) return out;
  const rows = await session.rows<{ rule: string; version: number; definition: string; saved_at: string }>(
    `SELECT rule, version, definition::VARCHAR AS definition, strftime(saved_at, '%Y-%m-%dT%H:%M:%S.%g') AS saved_at
     FROM ${quoteIdent(RULES_TABLE)} QUALIFY row_number() OVER (PARTITION BY rule ORDER BY version DESC) = 1`,
  );
  for (const row of rows) {
    if (!(RULE_IDS as readonly string[]).includes(row.rule)) continue;
    const rule = row.rule as RuleId;
    (out as Record<RuleId, StoredRule>)[rule] = { rule, definition: parseDefinition(rule, row.definition), version: row.version, updatedAt: `${row.saved_at}Z` };
  }
  return out;
}

export async function ruleHistory(session: Session, rule: RuleId): Promise<Array<{ version: number; definition: Record<string, unknown>; updatedAt: string }>> {
  if (!(await tableExists(session))) return [];
  const rows = await session.rows<{ version: number; definition: string; saved_at: string }>(
    `SELECT version, definition::VARCHAR AS definition, strftime(saved_at, '%Y-%m-%dT%H:%M:%S.%g') AS saved_at
     FROM ${quoteIdent(RULES_TABLE)} WHERE rule = $rule ORDER BY version DESC`,
    { rule },
  );
  return rows.map((r) => ({ version: r.version, definition: JSON.parse(r.definition) as Record<string, unknown>, updatedAt: `${r.saved_at}Z` }));
}

/** Appends a version; the caller wraps it in the transaction that re-applies the rules. */
export async function saveRuleVersion<K extends RuleId>(session: Session, rule: K, definition: RuleDefinitions[K], now: Date): Promise<StoredRule<K>> {
  const checked = ruleDefinitionSchemas[rule].safeParse(definition);
  if (!checked.success) throw new AppError('INVALID_ARGUMENT', `invalid definition for rule ${rule}`, { rule }, 'error.RULE_INVALID_DEFINITION');
  const [row] = await session.rows<{ v: number }>(`SELECT coalesce(max(version), 0) + 1 AS v FROM ${quoteIdent(RULES_TABLE)} WHERE rule = $rule`, { rule });
  const version = Number(row?.v ?? 1);
  const savedAt = now.toISOString();
  await session.run(`INSERT INTO ${quoteIdent(RULES_TABLE)} VALUES ($rule, $version, $definition::JSON, CAST($saved_at AS TIMESTAMP))`, {
    rule,
    version,
    definition: JSON.stringify(checked.data),
    saved_at: savedAt.replace('T', ' ').replace('Z', ''),
  });
  return { rule, definition: checked.data as RuleDefinitions[K], version, updatedAt: savedAt };
}
