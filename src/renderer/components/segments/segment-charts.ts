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
 * A log axis that starts a decade below the smallest positive value (and ends at the power of ten
 * above the largest), so the smallest bar still rises a decade: on it a step that removes 0.1 % of
 * the base next to one that removes half of it is a bar of a quarter of the panel, not a hairline.
 */
export function logAxisBounds(values: readonly number[]): { min: number; max: number } {
  const positive = values.filter((v) => v > 0);
  if (positive.length === 0) return { min: 1, max: 10 };
  const min = 10 ** (Math.floor(Math.log10(Math.min(...positive))) - 1);
  const max = 10 ** Math.max(Math.ceil(Math.log10(Math.max(...positive))), Math.log10(min) + 1);
  return { min, max };
}

/** Where a value sits on a log axis, 0 (bottom) to 1 (top). */
export function logAxisPosition(value: number, bounds: { min: number; max: number }): number {
  return (Math.log10(value) - Math.log10(bounds.min)) / (Math.log10(bounds.max) - Math.log10(bounds.min));
}

/**
 * How many customers remain after each condition, in two panels over the same steps: on top the
 * customers remaining (linear, or log when asked), below what each step removed on a log axis of
 * its own, so a condition that removes 0.1 % of the base is a visible bar beside one that removes
 * half of it (on the remaining panel it would be a hairline). Every bar is labelled with its
 * exact count.
 */
export function waterfallOption(args: {
  steps: readonly WaterfallStep[];
  remainLabel: string;
  removedLabel: string;
  formatCount: (n: number) => string;
  /** The remaining panel on a log axis (the removed panel always is). */
  logScale?: boolean;
}): ChartOption {
  const { steps, remainLabel, removedLabel, formatCount, logScale = false } = args;
  const removed = waterfallRemoved(steps);
  const labels = steps.map((s) => s.label);
  const removedBounds = logAxisBounds(removed);
  const remainBounds = logAxisBounds(steps.map((s) => s.remaining));
  const countAxis = { fontSize: 10, formatter: (v: number) => formatCount(v) };
  const rotate = steps.length > 2 ? 20 : 0;
  return {
    color: [CHART_COLORS[0], '#ef4444'],
    legend: { top: 0, textStyle: { fontSize: 10 }, data: [remainLabel, removedLabel] },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => (typeof v === 'number' ? formatCount(v) : '—') },
    grid: [
      { left: 72, right: 16, top: 30, height: '42%' },
      { left: 72, right: 16, top: '62%', bottom: 64 },
    ],
    xAxis: [
      { type: 'category', gridIndex: 0, data: labels, axisLabel: { show: false }, axisTick: { show: false } },
      { type: 'category', gridIndex: 1, data: labels, axisLabel: { fontSize: 10, interval: 0, rotate, width: steps.length > 2 ? 110 : 160, overflow: 'truncate' } },
    ],
    yAxis: [
      logScale
        ? { type: 'log', gridIndex: 0, min: remainBounds.min, max: remainBounds.max, axisLabel: countAxis }
        : { type: 'value', gridIndex: 0, axisLabel: countAxis },
      // The legend names the two panels (an axis name on top would run into it).
      { type: 'log', gridIndex: 1, min: removedBounds.min, max: removedBounds.max, axisLabel: countAxis },
    ],
    series: [
      {
        name: remainLabel,
        type: 'bar',
        xAxisIndex: 0,
        yAxisIndex: 0,
        // A log axis cannot draw 0: such a step shows its label at the foot of the panel.
        data: steps.map((s) => (logScale && s.remaining <= 0 ? remainBounds.min : s.remaining)),
        label: { show: true, position: 'top', fontSize: 10, formatter: (p: { dataIndex: number }) => formatCount(steps[p.dataIndex]?.remaining ?? 0) },
      },
      {
        name: removedLabel,
        type: 'bar',
        xAxisIndex: 1,
        yAxisIndex: 1,
        // The base removes nothing, and a step that removed nobody has no bar (log axis): '-' is ECharts' empty value.
        data: removed.map((r) => (r > 0 ? r : '-')),
        label: { show: true, position: 'top', fontSize: 10, formatter: (p: { dataIndex: number }) => `−${formatCount(removed[p.dataIndex] ?? 0)}` },
      },
    ],
  };
}

/** What each step removed from the one before it (the base: 0). */
export function waterfallRemoved(steps: readonly WaterfallStep[]): number[] {
  return steps.map((step, i) => (i === 0 ? 0 : Math.max(0, steps[i - 1]!.remaining - step.remaining)));
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
      // A category axis: one row per set, named by the set (and its size), whatever ticks a value axis would pick.
      {
        type: 'category',
        gridIndex: 1,
        data: sets.map((s) => `${s.name} (${formatCount(s.size)})`),
        inverse: true,
        axisTick: { show: false },
        axisLine: { show: false },
        axisLabel: { fontSize: 11, interval: 0, width: 140, overflow: 'truncate' },
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
