import { LIFECYCLE_STAGES, VALUE_TIERS } from '../../../shared/customer-types';
import type { Translate } from '../../i18n/i18n';
import { hasMessage } from '../../i18n/i18n';

/** A tier or lifecycle stage in the user's language; unknown values are shown as they are. */
export function categoryLabel(t: Translate, rule: 'value_tier' | 'lifecycle', value: string): string {
  const key = rule === 'value_tier' ? `customers.tier.${value}` : `customers.stage.${value}`;
  return hasMessage(key) ? t(key) : value;
}

export const KNOWN_CATEGORIES = { value_tier: VALUE_TIERS, lifecycle: LIFECYCLE_STAGES } as const;
