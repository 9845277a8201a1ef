import type { Bucket } from '../../charts/chart-options';

/** Category picker rows: values matching the search (case-insensitive), most frequent first, with a test-safe key. */
export interface CategoryChoice {
  /** The value as the rule will hold it (booleans as 'true' / 'false'); null: the empty value (not pickable). */
  value: string | null;
  count: number;
  /** Of the largest count (bar width). */
  share: number;
  key: string;
}

export function categoryChoices(values: ReadonlyArray<{ value: string | boolean | null; count: number }>, search: string): CategoryChoice[] {
  const needle = search.trim().toLowerCase();
  const max = values.reduce((m, v) => Math.max(m, v.count), 0) || 1;
  return values
    .map((v) => {
      const value = v.value === null ? null : String(v.value);
      return { value, count: v.count, share: v.count / max, key: value === null ? '__empty' : choiceKey(value) };
    })
    .filter((c) => needle === '' || (c.value ?? '').toLowerCase().includes(needle))
    .sort((a, b) => b.count - a.count);
}

/** A value as a data-testid suffix: letters, digits, CJK, _ and - kept; anything else as _. */
export function choiceKey(value: string): string {
  return value.replace(/[^\p{L}\p{N}_-]/gu, '_');
}

/** Histogram bins of segment.fieldValues as chart buckets with short labels. */
export function histogramBuckets(bins: ReadonlyArray<{ from: number; to: number; count: number }>, format: (x: number) => string = (x) => String(Number(x.toPrecision(4)))): Bucket[] {
  return bins.map((b) => ({ label: `${format(b.from)}–${format(b.to)}`, from: b.from, to: b.to, count: b.count }));
}
