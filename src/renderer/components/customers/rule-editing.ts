import { ruleWithDefinitionSchema, type RuleId, type RuleWithDefinition } from '../../../shared/customer-types';
import type { Bucket } from '../../charts/chart-options';
import { amountOrNull } from '../../../shared/format/parse-amount';

/**
 * The rules panel's editable fields and the step from what the analyst typed to a definition the
 * engine accepts. Percentages are typed as percent (2 → 0.02); months as whole numbers.
 */
export type FieldUnit = 'amount' | 'months' | 'percent';

export interface RuleField {
  key: string;
  unit: FieldUnit;
}

export type TierMethod = 'thresholds' | 'quantiles';

export interface RuleDraft {
  /** Only for value_tier. */
  method?: TierMethod;
  values: Record<string, string>;
}

const TIER_FIELDS: Record<TierMethod, RuleField[]> = {
  thresholds: [
    { key: 'vipMin', unit: 'amount' },
    { key: 'potentialMin', unit: 'amount' },
  ],
  quantiles: [
    { key: 'vipTopShare', unit: 'percent' },
    { key: 'potentialTopShare', unit: 'percent' },
  ],
};

export function ruleFields(rule: RuleId, method: TierMethod = 'thresholds'): RuleField[] {
  switch (rule) {
    case 'invalid':
      return [
        { key: 'maxAum', unit: 'amount' },
        { key: 'windowMonths', unit: 'months' },
      ];
    case 'dormant':
      return [{ key: 'windowMonths', unit: 'months' }];
    case 'value_tier':
      return TIER_FIELDS[method];
    case 'lifecycle':
      return [
        { key: 'newMonths', unit: 'months' },
        { key: 'resurrectedRecentMonths', unit: 'months' },
        { key: 'resurrectedGapMonths', unit: 'months' },
        { key: 'loyalMinTenureMonths', unit: 'months' },
        { key: 'loyalMinActiveMonths', unit: 'months' },
      ];
  }
}

/** A number as an input shows it: no exponent, no trailing zeros; shares in percent. */
function toText(value: unknown, unit: FieldUnit): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '';
  const shown = unit === 'percent' ? value * 100 : value;
  return String(Number(shown.toPrecision(12)));
}

export function draftFromDefinition(rule: RuleId, definition: Record<string, unknown>): RuleDraft {
  const method: TierMethod | undefined = rule === 'value_tier' ? (definition.method === 'quantiles' ? 'quantiles' : 'thresholds') : undefined;
  const values: Record<string, string> = {};
  for (const field of ruleFields(rule, method)) values[field.key] = toText(definition[field.key], field.unit);
  return method ? { method, values } : { values };
}

/** Why a field's text is not accepted; names an i18n message `customers.rules.problem.<key>`. */
export type FieldProblem = 'required' | 'notNumber' | 'notWhole' | 'outOfRange' | 'order';

export type DraftResult = { ok: true; value: RuleWithDefinition } | { ok: false; problems: Record<string, FieldProblem> };

/** Parses a typed number as every number input does: 100,000, 10万, 1.5亿, 5e5, full-width digits (src/shared/format/parse-amount.ts). */
export const parseNumber = amountOrNull;

export function draftToDefinition(rule: RuleId, draft: RuleDraft): DraftResult {
  const problems: Record<string, FieldProblem> = {};
  const definition: Record<string, unknown> = {};
  if (rule === 'value_tier') definition.method = draft.method ?? 'thresholds';
  for (const field of ruleFields(rule, draft.method)) {
    const text = draft.values[field.key] ?? '';
    if (text.trim() === '') {
      problems[field.key] = 'required';
      continue;
    }
    const n = parseNumber(text);
    if (n === null) {
      problems[field.key] = 'notNumber';
      continue;
    }
    if (field.unit === 'months' && !Number.isInteger(n)) {
      problems[field.key] = 'notWhole';
      continue;
    }
    if (n < 0 || (field.unit === 'percent' && (n <= 0 || n >= 100))) {
      problems[field.key] = 'outOfRange';
      continue;
    }
    definition[field.key] = field.unit === 'percent' ? n / 100 : n;
  }
  if (Object.keys(problems).length === 0 && rule === 'value_tier') {
    // VIP is the top tier: its bar is at least the potential one (quantiles count from the top).
    if (definition.method === 'thresholds' && (definition.vipMin as number) < (definition.potentialMin as number)) problems.vipMin = 'order';
    if (definition.method === 'quantiles' && (definition.vipTopShare as number) > (definition.potentialTopShare as number)) problems.vipTopShare = 'order';
  }
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const parsed = ruleWithDefinitionSchema.safeParse({ rule, definition });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path[1];
      if (typeof key === 'string') problems[key] = 'outOfRange';
    }
    if (Object.keys(problems).length === 0) problems._ = 'outOfRange';
    return { ok: false, problems };
  }
  return { ok: true, value: parsed.data };
}

/** A stable key for a definition, to skip a preview of what was already counted. */
export function definitionKey(value: RuleWithDefinition): string {
  const def = value.definition as Record<string, unknown>;
  return JSON.stringify([value.rule, Object.keys(def).sort().map((k) => [k, def[k]])]);
}

/**
 * The AUM at which the richest `topShare` of customers begins, estimated from histogram buckets
 * (interpolated inside the bucket, logarithmically on a log scale). For drawing quantile tiers.
 */
export function topShareThreshold(buckets: readonly Bucket[], topShare: number, logScale: boolean): number | null {
  const numeric = buckets.filter((b): b is Bucket & { from: number; to: number } => b.from !== null && b.to !== null);
  const total = numeric.reduce((sum, b) => sum + b.count, 0);
  if (total <= 0 || !(topShare > 0 && topShare < 1)) return null;
  let above = 0;
  const wanted = topShare * total;
  for (let i = numeric.length - 1; i >= 0; i--) {
    const b = numeric[i]!;
    if (above + b.count >= wanted) {
      // The fraction of this bucket (from its top) that belongs to the top share.
      const part = b.count === 0 ? 0 : (wanted - above) / b.count;
      if (logScale && b.from > 0) return 10 ** (Math.log10(b.to) - part * (Math.log10(b.to) - Math.log10(b.from)));
      return b.to - part * (b.to - b.from);
    }
    above += b.count;
  }
  return numeric[0]?.from ?? null;
}

/** Shares as the UI prints them (no space before %, as the bank writes them): 12.3%, < 0.1%, 0%. */
export function formatShare(share: number, intlLocale = 'en-US'): string {
  if (!Number.isFinite(share) || share <= 0) return '0%';
  if (share < 0.001) return '< 0.1%';
  return `${new Intl.NumberFormat(intlLocale, { maximumFractionDigits: 1 }).format(share * 100)}%`;
}
