import type { FieldValuesResult } from '../../../shared/segment-types';

const MAX_CATEGORIES = 12;

/** The bar heights of a distribution (0..1): histogram bins, or the most frequent categories; none for dates. */
export function sparkBars(result: FieldValuesResult | null): number[] {
  if (!result) return [];
  const counts = result.kind === 'numeric' ? result.buckets.map((b) => b.count) : result.kind === 'categorical' ? result.values.slice(0, MAX_CATEGORIES).map((v) => v.count) : [];
  const max = Math.max(0, ...counts);
  return max === 0 ? [] : counts.map((c) => c / max);
}
