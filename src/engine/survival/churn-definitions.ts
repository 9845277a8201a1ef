/**
 * Churn definitions (流失口径): the seeds (version 0) and the saved versions in
 * _sw_churn_definitions, kept like the profile rules (rules/versioned-store.ts). The seeds cover the
 * four kinds; payroll-stopped is seeded twice, at 3 and at 5 missing months — the two horizons the
 * banks ask about. A user may edit a seed or add a definition under a new id.
 */
import { AppError } from '../../shared/errors';
import {
  churnDefinitionSchema,
  type ChurnDefinition,
  type ChurnDefinitionInfo,
  type ChurnRule,
  type ChurnSelection,
} from '../../shared/survival-types';
import { appendVersion, latestVersions, versionHistory } from '../rules/versioned-store';
import type { Session } from '../workspace';

export const CHURN_DEFINITIONS_TABLE = '_sw_churn_definitions';

export const SEED_CHURN_DEFINITIONS: readonly ChurnDefinition[] = [
  { id: 'accounts_closed', name: '全部账户销户 · All accounts closed', rule: { kind: 'accounts_closed' } },
  { id: 'payroll_stopped_3m', name: '代发停发 3 个月 · Payroll stopped 3 months', rule: { kind: 'payroll_stopped', missingMonths: 3, minPayrollMonths: 3 } },
  { id: 'payroll_stopped_5m', name: '代发停发 5 个月 · Payroll stopped 5 months', rule: { kind: 'payroll_stopped', missingMonths: 5, minPayrollMonths: 3 } },
  { id: 'aum_low', name: 'AUM 低于峰值 30% · AUM below 30 % of peak', rule: { kind: 'aum_low', belowAmount: null, belowPeakPercent: 30, months: 3 } },
  { id: 'no_activity_6m', name: '6 个月无主动交易 · No activity 6 months', rule: { kind: 'no_activity', months: 6 } },
];

export const DEFAULT_CHURN_DEFINITION = 'accounts_closed';

const fmt = (n: number) => n.toLocaleString('en-US');

/** The rule in words, shown beside the editor and in the CLI. */
export function describeChurnRule(rule: ChurnRule): { zh: string; en: string } {
  switch (rule.kind) {
    case 'accounts_closed':
      return { zh: '客户名下全部账户在分析日前均已销户；流失日为最后一个账户的销户日', en: 'Every account of the customer is closed by the analysis date; churn date = the last closing date' };
    case 'aum_low': {
      const zh = [rule.belowAmount !== null ? `低于 ${fmt(rule.belowAmount)} 元` : null, rule.belowPeakPercent !== null ? `低于自身近 6 个月峰值的 ${rule.belowPeakPercent}%` : null];
      const en = [rule.belowAmount !== null ? `below ${fmt(rule.belowAmount)}` : null, rule.belowPeakPercent !== null ? `below ${rule.belowPeakPercent} % of its own peak of the 6 months before` : null];
      return {
        zh: `月末 AUM ${zh.filter(Boolean).join('或')}，连续 ${rule.months} 个月；流失日为首个月的月末`,
        en: `Month-end AUM ${en.filter(Boolean).join(' or ')} for ${rule.months} consecutive months; churn date = the end of the first such month`,
      };
    }
    case 'payroll_stopped':
      return {
        zh: `至少 ${rule.minPayrollMonths} 个月有代发后，连续 ${rule.missingMonths} 个完整月无代发入账；流失日为首个停发月的 1 日`,
        en: `No payroll credit for ${rule.missingMonths} consecutive complete months after at least ${rule.minPayrollMonths} months with payroll; churn date = the 1st of the first missing month`,
      };
    case 'no_activity':
      return {
        zh: `连续 ${rule.months} 个月无客户主动交易（利息、费用不计；从未交易则自开户日起算）；流失日为沉默开始之日`,
        en: `No customer-initiated transaction for ${rule.months} months (interest and fees do not count; from onboarding if none ever); churn date = the day the silence began`,
      };
  }
}

function info(definition: ChurnDefinition, version: number, updatedAt: string | null): ChurnDefinitionInfo {
  return { ...definition, version, updatedAt, description: describeChurnRule(definition.rule) };
}

function parseSaved(id: string, json: string): ChurnDefinition | null {
  const parsed = churnDefinitionSchema.safeParse({ ...(JSON.parse(json) as object), id });
  return parsed.success ? parsed.data : null;
}

/** The seeds, each replaced by its latest saved version, then the user-added definitions. */
export async function listChurnDefinitions(session: Session): Promise<ChurnDefinitionInfo[]> {
  const saved = new Map<string, ChurnDefinitionInfo>();
  for (const row of await latestVersions(session, CHURN_DEFINITIONS_TABLE)) {
    const definition = parseSaved(row.rule, row.definition);
    // A definition written by an older version that no longer parses falls back to its seed (or is hidden).
    if (definition) saved.set(row.rule, info(definition, row.version, row.updatedAt));
  }
  const seeds = SEED_CHURN_DEFINITIONS.map((seed) => saved.get(seed.id) ?? info(seed, 0, null));
  const added = [...saved.values()].filter((d) => !SEED_CHURN_DEFINITIONS.some((s) => s.id === d.id)).sort((a, b) => a.id.localeCompare(b.id));
  return [...seeds, ...added];
}

export async function getChurnDefinition(session: Session, id: string): Promise<ChurnDefinitionInfo> {
  const found = (await listChurnDefinitions(session)).find((d) => d.id === id);
  if (!found) throw new AppError('NOT_FOUND', `no churn definition ${id}`, { id }, 'error.CHURN_DEFINITION_NOT_FOUND');
  return found;
}

/** The rule a caller chose: a saved definition's, or the one being edited. */
export async function selectedChurnRule(session: Session, selection: ChurnSelection | undefined): Promise<{ rule: ChurnRule; id: string | null; version: number | null }> {
  if (selection && 'rule' in selection) return { rule: selection.rule, id: null, version: null };
  const found = await getChurnDefinition(session, selection?.id ?? DEFAULT_CHURN_DEFINITION);
  return { rule: found.rule, id: found.id, version: found.version };
}

export async function saveChurnDefinition(session: Session, definition: ChurnDefinition, now: Date): Promise<ChurnDefinitionInfo> {
  const checked = churnDefinitionSchema.safeParse(definition);
  if (!checked.success) throw new AppError('INVALID_ARGUMENT', `invalid churn definition ${definition.id}`, { id: definition.id }, 'error.CHURN_DEFINITION_INVALID');
  const { id, ...body } = checked.data;
  const { version, updatedAt } = await appendVersion(session, CHURN_DEFINITIONS_TABLE, id, body, now);
  return info(checked.data, version, updatedAt);
}

export async function churnDefinitionHistory(session: Session, id: string): Promise<ChurnDefinitionInfo[]> {
  const rows = await versionHistory(session, CHURN_DEFINITIONS_TABLE, id);
  return rows.flatMap((row) => {
    const definition = parseSaved(id, row.definition);
    return definition ? [info(definition, row.version, row.updatedAt)] : [];
  });
}
