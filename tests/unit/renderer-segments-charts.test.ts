import { describe, expect, it } from 'vitest';
import { allMasks, attributeDifference, intersectionKey, lift, logAxisBounds, logAxisPosition, profileCompareOption, sortByDifference, upsetOption, vennRegions, waterfallOption } from '../../src/renderer/components/segments/segment-charts';

const fmt = (n: number) => String(n);

describe('segment charts', () => {
  it('draws a waterfall: remaining per step on top, what each step removed below, every bar labelled with its exact count', () => {
    const steps = [
      { label: 'Base', remaining: 100 },
      { label: '1', remaining: 60 },
      { label: '2', remaining: 60 },
      { label: '3', remaining: 10 },
    ];
    const option = waterfallOption({ steps, remainLabel: 'remain', removedLabel: 'removed', formatCount: (n) => n.toLocaleString('en-US') });
    const series = option.series as Array<{ data: unknown[]; label: { show: boolean; formatter: (p: { dataIndex: number }) => string } }>;
    expect(series[0]!.data).toEqual([100, 60, 60, 10]);
    // No bar where nothing was removed ('-' is ECharts' empty value): a log axis cannot draw 0.
    expect(series[1]!.data).toEqual(['-', 40, '-', 50]);
    expect(steps.map((_, i) => series[0]!.label.formatter({ dataIndex: i }))).toEqual(['100', '60', '60', '10']);
    expect(series[1]!.label.formatter({ dataIndex: 3 })).toBe('−50');
    expect(series.every((s) => s.label.show)).toBe(true);
  });

  it('labels with thousands separators and puts removals on a log axis where 0.1 % of the base is a visible bar', () => {
    const base = 3_500_000;
    const steps = [
      { label: 'Base', remaining: base },
      { label: 'small', remaining: base - 3_500 },
      { label: 'big', remaining: base - 3_500 - 1_750_000 },
    ];
    const option = waterfallOption({ steps, remainLabel: 'remain', removedLabel: 'removed', formatCount: (n) => n.toLocaleString('en-US') });
    const series = option.series as Array<{ label: { formatter: (p: { dataIndex: number }) => string } }>;
    expect(series[0]!.label.formatter({ dataIndex: 0 })).toBe('3,500,000');
    expect(series[1]!.label.formatter({ dataIndex: 1 })).toBe('−3,500');
    const axes = option.yAxis as Array<{ type: string; min?: number; max?: number }>;
    expect(axes[1]!.type).toBe('log');
    const bounds = { min: axes[1]!.min!, max: axes[1]!.max! };
    // The 0.1 % step rises a fifth of the panel or more (on the linear remaining axis: 0.1 %).
    expect(logAxisPosition(3_500, bounds)).toBeGreaterThan(0.2);
    expect(logAxisPosition(1_750_000, bounds)).toBeLessThanOrEqual(1);
    expect(logAxisBounds([0, 0])).toEqual({ min: 1, max: 10 });
    // The log toggle puts the remaining panel on a log axis too.
    const log = waterfallOption({ steps, remainLabel: 'r', removedLabel: 'x', formatCount: String, logScale: true });
    expect((log.yAxis as Array<{ type: string }>)[0]!.type).toBe('log');
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

  it('computes Venn regions', () => {
    const regions = vennRegions(['a', 'b'], [
      { sets: ['a'], count: 3 },
      { sets: ['b', 'a'], count: 2 },
      { sets: ['b', 'x'], count: 7 },
    ]);
    expect(regions.get('a')).toBe(3);
    expect(regions.get(intersectionKey(['b', 'a']))).toBe(2);
    expect(regions.get('b')).toBe(7);
    expect(allMasks(3)).toEqual([1, 2, 4, 3, 5, 6, 7]);
  });

  it('names the sets on the rows of the UpSet matrix', () => {
    const option = upsetOption({
      sets: [
        { key: 'a', name: '代发客户', size: 1200 },
        { key: 'b', name: 'VIP', size: 30 },
      ],
      intersections: [{ sets: ['a'], count: 1190 }, { sets: ['a', 'b'], count: 10 }, { sets: ['b'], count: 20 }],
      countLabel: 'customers',
      formatCount: (n) => n.toLocaleString('en-US'),
    });
    const matrix = (option.yAxis as Array<{ type: string; data?: string[] }>)[1]!;
    expect(matrix.type).toBe('category');
    expect(matrix.data).toEqual(['代发客户 (1,200)', 'VIP (30)']);
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
