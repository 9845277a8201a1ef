import { UNITS, fieldEntry } from '../../../shared/data-dictionary';

export type DistributionScale = 'linear' | 'log';

/**
 * The scale a field's distribution is first drawn on: money fields (the dictionary's unit 元 —
 * AUM, balances, amounts) are heavy-tailed, so log; everything else linear. The value picker
 * and the field picker's sparkline ask with the same scale and so share one cached answer.
 */
export function defaultScale(field: string): DistributionScale {
  return isMoneyField(field) ? 'log' : 'linear';
}

/** A field the dictionary measures in 元 (AUM, balances, amounts). */
export function isMoneyField(field: string): boolean {
  return fieldEntry(field)?.unit.zh === UNITS.yuan.zh;
}
