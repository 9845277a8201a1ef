import { CHART_COLORS, type ChartOption } from '../../charts/chart-options';
import { tooltipHtml } from '../../charts/escape-html';

/**
 * Pure ECharts option builders for the Segments page (no ECharts import: unit-tested without a
 * DOM). Every chart receives pre-aggregated results from the engine.
 */

export interface WaterfallStep {
  label: string;
  /** Customers left after this step (the first step is the base). */
  remaining: number;
}

/**
 * How many customers remain after each condition: a bar per step (blue: remain) with what the step
 * removed stacked above it (light red), so the drop of each condition reads at a glance.
 */
export function waterfallOption(args: { steps: readonly WaterfallStep[]; remainLabel: string; removedLabel: string; formatCount: (n: number) => string }): ChartOption {
  const { steps, remainLabel, removedLabel, formatCount } = args;
  const removed = steps.map((step, i) => (i === 0 ? 0 : Math.max(0, steps[i - 1]!.remaining - step.remaining)));
  return {
    color: [CHART_COLORS[0], '#fca5a5'],
    grid: { left: 64, right: 16, top: 28, bottom: 64 },
    legend: { top: 0, textStyle: { fontSize: 10 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => (typeof v === 'number' ? formatCount(v) : '—') },
    xAxis: { type: 'category', data: steps.map((s) => s.label), axisLabel: { fontSize: 10, interval: 0, rotate: steps.length > 2 ? 20 : 0, width: steps.length > 2 ? 110 : 160, overflow: 'truncate' } },
    yAxis: { type: 'value', axisLabel: { fontSize: 10, formatter: (v: number) => formatCount(v) } },
    series: [
      {
        name: remainLabel,
        type: 'bar',
        stack: 'w',
        data: steps.map((s) => s.remaining),
        label: { show: true, position: 'inside', fontSize: 10, color: '#fff', formatter: (p: { value: number }) => formatCount(p.value) },
      },
      { name: removedLabel, type: 'bar', stack: 'w', data: removed },
    ],
  };
}

export interface OverlapSet {
  key: string;
  name: string;
  size: number;
}

export interface Intersection {
  /** Keys of the sets a customer is in, exactly (in no other selected set). */
  sets: string[];
  count: number;
}

/** A stable key for an intersection: its set keys sorted and joined with '&'. */
export function intersectionKey(sets: readonly string[]): string {
  return [...sets].sort().join('&');
}

/**
 * The UpSet chart: on top a bar per exact intersection (largest first), below a dot matrix whose
 * filled dots show which sets form it, joined by a line; set sizes as the matrix's row labels.
 */
export function upsetOption(args: { sets: readonly OverlapSet[]; intersections: readonly Intersection[]; countLabel: string; formatCount: (n: number) => string }): ChartOption {
  const { sets, countLabel, formatCount } = args;
  const intersections = [...args.intersections].filter((x) => x.count > 0 && x.sets.length > 0).sort((a, b) => b.count - a.count || a.sets.length - b.sets.length);
  const xs = intersections.map((_, i) => i);
  const setIndex = new Map(sets.map((s, i) => [s.key, i]));
  const dots: Array<{ value: [number, number]; itemStyle: { color: string } }> = [];
  const lines: ChartOption[] = [];
  intersections.forEach((x, i) => {
    const members = new Set(x.sets);
    sets.forEach((s, j) => dots.push({ value: [i, j], itemStyle: { color: members.has(s.key) ? '#1f2937' : '#e5e7eb' } }));
    const ys = x.sets.map((k) => setIndex.get(k)).filter((y): y is number => y !== undefined);
    if (ys.length > 1) {
      lines.push({ type: 'line', xAxisIndex: 1, yAxisIndex: 1, symbol: 'none', silent: true, lineStyle: { color: '#1f2937', width: 2 }, data: [[i, Math.min(...ys)], [i, Math.max(...ys)]], z: 1 });
    }
  });
  const matrixHeight = Math.max(60, sets.length * 26);
  return {
    color: CHART_COLORS,
    tooltip: { trigger: 'item' },
    grid: [
      { left: 150, right: 16, top: 16, bottom: matrixHeight + 40 },
      { left: 150, right: 16, height: matrixHeight, bottom: 16 },
    ],
    xAxis: [
      { type: 'category', data: xs, gridIndex: 0, axisLabel: { show: false }, axisTick: { show: false } },
      { type: 'value', gridIndex: 1, min: -0.5, max: Math.max(0.5, intersections.length - 0.5), show: false },
    ],
    yAxis: [
      { type: 'value', gridIndex: 0, name: countLabel, nameTextStyle: { fontSize: 10 }, axisLabel: { fontSize: 10, formatter: (v: number) => formatCount(v) } },
      {
        type: 'value',
        gridIndex: 1,
        min: -0.5,
        max: sets.length - 0.5,
        inverse: true,
        interval: 1,
        splitLine: { show: false },
        axisLabel: { fontSize: 11, formatter: (v: number) => (Number.isInteger(v) && sets[v] ? `${sets[v]!.name} (${formatCount(sets[v]!.size)})` : '') },
      },
    ],
    series: [
      {
        type: 'bar',
        xAxisIndex: 0,
        yAxisIndex: 0,
        data: intersections.map((x) => x.count),
        label: { show: true, position: 'top', fontSize: 10, formatter: (p: { value: number }) => formatCount(p.value) },
        tooltip: { formatter: (p: { dataIndex: number }) => tooltipHtml(`${intersections[p.dataIndex]?.sets.map((k) => sets[setIndex.get(k) ?? -1]?.name ?? k).join(' ∩ ')}: ${formatCount(intersections[p.dataIndex]?.count ?? 0)}`) },
      },
      ...lines,
      { type: 'scatter', xAxisIndex: 1, yAxisIndex: 1, symbolSize: 12, data: dots, z: 2, silent: true },
    ],
  };
}

/**
 * The counts of a Venn diagram's regions from exact intersections: for each non-empty subset of
 * the sets (by key), the customers in exactly those sets.
 */
export function vennRegions(setKeys: readonly string[], intersections: readonly Intersection[]): Map<string, number> {
  const regions = new Map<string, number>();
  const n = setKeys.length;
  for (let mask = 1; mask < 1 << n; mask++) {
    const keys = setKeys.filter((_, i) => mask & (1 << i));
    regions.set(intersectionKey(keys), 0);
  }
  for (const x of intersections) {
    const key = intersectionKey(x.sets.filter((k) => setKeys.includes(k)));
    if (regions.has(key)) regions.set(key, (regions.get(key) ?? 0) + x.count);
  }
  return regions;
}

/** Non-empty subsets of n sets by their bit mask, in UpSet reading order: fewer sets first. */
export function allMasks(n: number): number[] {
  const masks: number[] = [];
  for (let m = 1; m < 1 << n; m++) masks.push(m);
  const bits = (m: number) => m.toString(2).replace(/0/g, '').length;
  return masks.sort((a, b) => bits(a) - bits(b) || a - b);
}

/** Circle centres and label positions of a 2- or 3-set Venn diagram in a 320 × 240 box. */
export function vennLayout(count: 2 | 3): { circles: Array<{ cx: number; cy: number; r: number }>; labels: Array<{ subset: number[]; x: number; y: number }> } {
  if (count === 2) {
    return {
      circles: [
        { cx: 120, cy: 120, r: 80 },
        { cx: 200, cy: 120, r: 80 },
      ],
      labels: [
        { subset: [0], x: 85, y: 124 },
        { subset: [1], x: 235, y: 124 },
        { subset: [0, 1], x: 160, y: 124 },
      ],
    };
  }
  return {
    circles: [
      { cx: 125, cy: 95, r: 70 },
      { cx: 195, cy: 95, r: 70 },
      { cx: 160, cy: 155, r: 70 },
    ],
    labels: [
      { subset: [0], x: 95, y: 80 },
      { subset: [1], x: 225, y: 80 },
      { subset: [2], x: 160, y: 200 },
      { subset: [0, 1], x: 160, y: 70 },
      { subset: [0, 2], x: 120, y: 145 },
      { subset: [1, 2], x: 200, y: 145 },
      { subset: [0, 1, 2], x: 160, y: 118 },
    ],
  };
}

export interface ProfileBucket {
  label: string;
  /** Share of the segment in this bucket (0–1). */
  segmentShare: number;
  /** Share of the base in this bucket (0–1). */
  baseShare: number;
}

export interface ProfileAttribute {
  field: string;
  buckets: ProfileBucket[];
}

/** Segment share ÷ base share (null where the base has nobody). */
export function lift(bucket: ProfileBucket): number | null {
  return bucket.baseShare > 0 ? bucket.segmentShare / bucket.baseShare : null;
}

/** How much a segment differs from the base on one attribute: half the sum of share gaps (0–1). */
export function attributeDifference(attribute: ProfileAttribute): number {
  return attribute.buckets.reduce((sum, b) => sum + Math.abs(b.segmentShare - b.baseShare), 0) / 2;
}

/** Attributes sorted by how much the segment differs from the base, most first. */
export function sortByDifference<T extends ProfileAttribute>(attributes: readonly T[]): T[] {
  return [...attributes].sort((a, b) => attributeDifference(b) - attributeDifference(a) || a.field.localeCompare(b.field));
}

/** One attribute: segment vs base shares per bucket (grouped bars), the lift in the label. */
export function profileCompareOption(args: { attribute: ProfileAttribute; segmentLabel: string; baseLabel: string; liftLabel: string }): ChartOption {
  const { attribute, segmentLabel, baseLabel, liftLabel } = args;
  const percent = (v: number) => `${(v * 100).toFixed(1)}%`;
  return {
    color: [CHART_COLORS[0], '#9ca3af'],
    grid: { left: 110, right: 64, top: 24, bottom: 16 },
    legend: { top: 0, textStyle: { fontSize: 10 } },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const list = params as Array<{ dataIndex: number }>;
        const bucket = attribute.buckets[list[0]?.dataIndex ?? -1];
        if (!bucket) return '';
        const l = lift(bucket);
        return tooltipHtml(bucket.label, `${segmentLabel}: ${percent(bucket.segmentShare)}`, `${baseLabel}: ${percent(bucket.baseShare)}`, `${liftLabel}: ${l === null ? '—' : l.toFixed(2)}`);
      },
    },
    xAxis: { type: 'value', axisLabel: { fontSize: 10, formatter: (v: number) => percent(v) } },
    yAxis: { type: 'category', inverse: true, data: attribute.buckets.map((b) => b.label), axisLabel: { fontSize: 10, width: 100, overflow: 'truncate' } },
    series: [
      {
        name: segmentLabel,
        type: 'bar',
        data: attribute.buckets.map((b) => b.segmentShare),
        label: {
          show: true,
          position: 'right',
          fontSize: 9,
          formatter: (p: { dataIndex: number }) => {
            const bucket = attribute.buckets[p.dataIndex];
            const l = bucket ? lift(bucket) : null;
            return l === null ? '' : `×${l.toFixed(2)}`;
          },
        },
      },
      { name: baseLabel, type: 'bar', data: attribute.buckets.map((b) => b.baseShare) },
    ],
  };
}
