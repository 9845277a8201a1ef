import type { ProfileDistribution, RuleWithDefinition } from '../../../shared/customer-types';
import type { Threshold } from '../../charts/chart-options';
import type { Translate } from '../../i18n/i18n';
import { formatAmount } from './customer-format';
import { topShareThreshold } from './rule-editing';

/**
 * The value-tier bars to draw on the AUM distribution: the thresholds themselves, or for quantile
 * tiers the AUM where each top share begins (estimated from the histogram).
 */
export function tierThresholds(value: RuleWithDefinition, aum: ProfileDistribution | null, t: Translate, locale: 'zh' | 'en'): Threshold[] {
  if (value.rule !== 'value_tier') return [];
  const def = value.definition;
  const label = (key: 'customers.tier.vip' | 'customers.tier.potential', amount: number) => `${t(key)} ≥ ${formatAmount(amount, locale)}`;
  if (def.method === 'thresholds') {
    return [
      { value: def.potentialMin, label: label('customers.tier.potential', def.potentialMin) },
      { value: def.vipMin, label: label('customers.tier.vip', def.vipMin) },
    ];
  }
  if (!aum) return [];
  const out: Threshold[] = [];
  const potential = topShareThreshold(aum.buckets, def.potentialTopShare, aum.logScale);
  const vip = topShareThreshold(aum.buckets, def.vipTopShare, aum.logScale);
  if (potential !== null) out.push({ value: potential, label: label('customers.tier.potential', potential) });
  if (vip !== null) out.push({ value: vip, label: label('customers.tier.vip', vip) });
  return out;
}
