import { describe, expect, it } from 'vitest';
import { allMasks, attributeDifference, intersectionKey, lift, profileCompareOption, sortByDifference, upsetOption, vennLayout, vennRegions, waterfallOption } from '../../src/renderer/components/segments/segment-charts';

const fmt = (n: number) => String(n);

describe('segment charts', () => {
  it('draws a waterfall: remaining per step with what each step removed stacked above', () => {
    const option = waterfallOption({
      steps: [
        { label: 'Base', remaining: 100 },
        { label: '1', remaining: 60 },
        { label: '2', remaining: 60 },
        { label: '3', remaining: 10 },
      ],
      remainLabel: 'remain',
      removedLabel: 'removed',
      formatCount: fmt,
    });
    const series = option.series as Array<{ data: number[] }>;
    expect(series[0]!.data).toEqual([100, 60, 60, 10]);
    expect(series[1]!.data).toEqual([0, 40, 0, 50]);
  });

  it('draws an UpSet chart: bars largest first, a dot per set and intersection, lines for multi-set intersections', () => {
    const option = upsetOption({
      sets: [
        { key: 'a', name: 'A', size: 30 },
        { key: 'b', name: 'B', size: 25 },
        { key: 'c', name: 'C', size: 5 },
      ],
      intersections: [
        { sets: ['a'], count: 20 },
        { sets: ['a', 'b'], count: 10 },
        { sets: ['b'], count: 15 },
        { sets: ['c'], count: 5 },
        { sets: ['b', 'c'], count: 0 },
      ],
      countLabel: 'customers',
      formatCount: fmt,
    });
    const series = option.series as Array<{ type: string; data: unknown[] }>;
    expect(series[0]!.data).toEqual([20, 15, 10, 5]);
    const scatter = series.find((s) => s.type === 'scatter')!;
    expect(scatter.data).toHaveLength(4 * 3);
    expect(series.filter((s) => s.type === 'line')).toHaveLength(1);
  });

  it('computes Venn regions and lays out 2 or 3 circles with a label per region', () => {
    const regions = vennRegions(['a', 'b'], [
      { sets: ['a'], count: 3 },
      { sets: ['b', 'a'], count: 2 },
      { sets: ['b', 'x'], count: 7 },
    ]);
    expect(regions.get('a')).toBe(3);
    expect(regions.get(intersectionKey(['b', 'a']))).toBe(2);
    expect(regions.get('b')).toBe(7);
    expect(vennLayout(2).labels).toHaveLength(3);
    expect(vennLayout(3).labels).toHaveLength(7);
    expect(allMasks(3)).toEqual([1, 2, 4, 3, 5, 6, 7]);
  });

  it('profiles against the base: lift, difference, sorted most different first', () => {
    const even = { field: 'gender', buckets: [{ label: 'F', segmentShare: 0.5, baseShare: 0.5 }, { label: 'M', segmentShare: 0.5, baseShare: 0.5 }] };
    const skewed = { field: 'tier', buckets: [{ label: 'vip', segmentShare: 0.4, baseShare: 0.1 }, { label: 'other', segmentShare: 0.6, baseShare: 0.9 }] };
    expect(lift(skewed.buckets[0]!)).toBeCloseTo(4);
    expect(lift({ label: 'x', segmentShare: 0.1, baseShare: 0 })).toBeNull();
    expect(attributeDifference(skewed)).toBeCloseTo(0.3);
    expect(sortByDifference([even, skewed]).map((a) => a.field)).toEqual(['tier', 'gender']);
    const option = profileCompareOption({ attribute: skewed, segmentLabel: 'Segment', baseLabel: 'Base', liftLabel: 'Lift' });
    expect((option.series as Array<{ data: number[] }>)[1]!.data).toEqual([0.1, 0.9]);
  });
});
