import type { ProfileDistribution, RuleWithDefinition } from '../../../shared/customer-types';
import type { Threshold } from '../../charts/chart-options';
import { codeLabel } from '../../../shared/data-dictionary';
import { formatAmount } from './customer-format';
import { topShareThreshold } from './rule-editing';

/**
 * The value-tier bars to draw on the AUM distribution: the thresholds themselves, or for quantile
 * tiers the AUM where each top share begins (estimated from the histogram).
 */
export function tierThresholds(value: RuleWithDefinition, aum: ProfileDistribution | null, locale: 'zh' | 'en'): Threshold[] {
  if (value.rule !== 'value_tier') return [];
  const def = value.definition;
  const label = (tier: 'vip' | 'potential', amount: number) => `${codeLabel('value_tier', tier, locale)} ≥ ${formatAmount(amount, locale)}`;
  if (def.method === 'thresholds') {
    return [
      { value: def.potentialMin, label: label('potential', def.potentialMin) },
      { value: def.vipMin, label: label('vip', def.vipMin) },
    ];
  }
  if (!aum) return [];
  const out: Threshold[] = [];
  const potential = topShareThreshold(aum.buckets, def.potentialTopShare, aum.logScale);
  const vip = topShareThreshold(aum.buckets, def.vipTopShare, aum.logScale);
  if (potential !== null) out.push({ value: potential, label: label('potential', potential) });
  if (vip !== null) out.push({ value: vip, label: label('vip', vip) });
  return out;
}
