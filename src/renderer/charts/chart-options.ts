/**
 * Pure builders of ECharts options from pre-aggregated results (no ECharts import here, so the
 * logic is unit-tested without a DOM). Colours follow the app's palette.
 */
import { axisAmountLabel, compactAmount } from '../format/number-format';
import { tooltipHtml } from './escape-html';

/** An ECharts option object (kept free of ECharts' types so this module needs no DOM). */
export type ChartOption = Record<string, unknown>;

export const CHART_COLORS = ['#2563eb', '#16a34a', '#f59e0b', '#dc2626', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#9ca3af'];

export interface Bucket {
  label: string;
  from: number | null;
  to: number | null;
  count: number;
}

export interface Threshold {
  value: number;
  label: string;
}

/**
 * Where a value falls on a histogram whose bucket i spans [i, i + 1) on the x axis: interpolated
 * inside its bucket, logarithmically on a log-scale histogram. Null when no numeric bucket holds it.
 */
export function bucketPosition(buckets: readonly Bucket[], value: number, logScale: boolean): number | null {
  for (let i = 0; i < buckets.length; i++) {
    const { from, to } = buckets[i]!;
    if (from === null || to === null) continue;
    const last = i === buckets.length - 1 || buckets.slice(i + 1).every((b) => b.from === null);
    if (value < from || value > to || (value === to && !last)) continue;
    if (to === from) return i;
    if (logScale && from > 0) return i + (Math.log10(value) - Math.log10(from)) / (Math.log10(to) - Math.log10(from));
    return i + (value - from) / (to - from);
  }
  return null;
}

/** Kept here for callers of the chart module; the one implementation is in format/number-format.ts. */
export { compactAmount };

/**
 * A histogram of pre-aggregated buckets. Bucket i is drawn over [i, i + 1) on a value axis so a
 * threshold can sit anywhere inside a bucket (a category axis rounds a markLine to a whole bucket);
 * thresholds are drawn as vertical markLines with their labels.
 */
export function histogramOption(args: {
  buckets: readonly Bucket[];
  logScale: boolean;
  thresholds?: readonly Threshold[];
  countLabel: string;
  formatCount: (value: number) => string;
  /** The x axis's unit (e.g. years), named at its end. */
  valueLabel?: string;
}): ChartOption {
  const { buckets, logScale, thresholds = [], countLabel, formatCount, valueLabel } = args;
  const marks = thresholds
    .map((threshold) => ({ threshold, x: bucketPosition(buckets, threshold.value, logScale) }))
    .filter((mark): mark is { threshold: Threshold; x: number } => mark.x !== null);
  return {
    color: CHART_COLORS,
    grid: { left: 56, right: 16, top: 28, bottom: 56 },
    tooltip: {
      trigger: 'item',
      formatter: (params: unknown) => {
        const p = params as { dataIndex: number };
        const bucket = buckets[p.dataIndex];
        return bucket ? tooltipHtml(bucket.label, `${countLabel}: ${formatCount(bucket.count)}`) : '';
      },
    },
    xAxis: {
      type: 'value',
      min: 0,
      max: Math.max(1, buckets.length),
      interval: 1,
      splitLine: { show: false },
      ...(valueLabel ? { name: valueLabel, nameLocation: 'end', nameTextStyle: { fontSize: 10 } } : {}),
      axisLabel: {
        rotate: buckets.length > 8 ? 40 : 0,
        fontSize: 10,
        // Tick k sits at the start of bucket k: label it with that bucket's label.
        formatter: (value: number) => (Number.isInteger(value) && value < buckets.length ? shortBucketLabel(buckets[value]!) : ''),
      },
    },
    yAxis: { type: 'value', name: countLabel, nameTextStyle: { fontSize: 10 }, axisLabel: { fontSize: 10, formatter: (v: number) => formatCount(v) } },
    series: [
      {
        type: 'bar',
        barWidth: '92%',
        data: buckets.map((bucket, i) => [i + 0.5, bucket.count]),
        markLine:
          marks.length === 0
            ? undefined
            : {
                symbol: 'none',
                silent: true,
                lineStyle: { color: '#dc2626', type: 'dashed', width: 1.5 },
                // Along the line, inside the plot: neighbouring thresholds never overprint each other.
                label: { formatter: (p: { name?: string }) => p.name ?? '', position: 'insideEndTop', fontSize: 10, color: '#dc2626' },
                data: marks.map((mark) => ({ name: mark.threshold.label, xAxis: mark.x })),
              },
      },
    ],
  };
}

/** Buckets of an amount relabelled in 万 / 亿 (K / M in English): 1万–10万, < 1; the counts and edges unchanged. */
export function amountBuckets(buckets: readonly Bucket[], locale: 'zh' | 'en'): Bucket[] {
  return buckets.map((b) => {
    if (b.from !== null && b.to !== null) return { ...b, label: `${axisAmountLabel(b.from, locale)}–${axisAmountLabel(b.to, locale)}` };
    if (b.from === null && b.to !== null) return { ...b, label: `< ${axisAmountLabel(b.to, locale)}` };
    return b;
  });
}

/** The part of a bucket label before a range dash, so axis ticks stay short ("1万" of "1万–10万"). */
export function shortBucketLabel(bucket: Bucket): string {
  const [first] = bucket.label.split(/\s*[–—~]\s*/);
  return first ?? bucket.label;
}

/** Bars for categories (tiers, stages, age bands), labels already translated. */
export function categoryBarOption(args: {
  categories: ReadonlyArray<{ label: string; count: number }>;
  countLabel: string;
  formatCount: (value: number) => string;
  horizontal?: boolean;
}): ChartOption {
  const { categories, countLabel, formatCount, horizontal = false } = args;
  const categoryAxis = { type: 'category', data: categories.map((c) => c.label), axisLabel: { fontSize: 10, interval: 0 } };
  const valueAxis = { type: 'value', name: countLabel, nameTextStyle: { fontSize: 10 }, axisLabel: { fontSize: 10, formatter: (v: number) => formatCount(v) } };
  return {
    color: CHART_COLORS,
    grid: horizontal ? { left: 90, right: 40, top: 16, bottom: 28 } : { left: 56, right: 16, top: 28, bottom: 40 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? { ...categoryAxis, inverse: true } : valueAxis,
    series: [
      {
        type: 'bar',
        data: categories.map((c, i) => ({ value: c.count, itemStyle: { color: CHART_COLORS[i % CHART_COLORS.length] } })),
        label: { show: true, position: horizontal ? 'right' : 'top', fontSize: 10, formatter: (p: { value: number }) => formatCount(p.value) },
      },
    ],
  };
}

/** A monthly line (balance history): x = month, y = amount. */
export function lineOption(args: {
  points: ReadonlyArray<{ x: string; y: number | null }>;
  valueLabel: string;
  formatValue: (value: number) => string;
  /** Axis ticks (short: 万 / 亿), where they differ from the tooltip's exact value. */
  formatAxis?: (value: number) => string;
}): ChartOption {
  const { points, valueLabel, formatValue, formatAxis = formatValue } = args;
  return {
    color: CHART_COLORS,
    grid: { left: 64, right: 16, top: 24, bottom: 32 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? formatValue(v) : '—') },
    xAxis: { type: 'category', data: points.map((p) => p.x), axisLabel: { fontSize: 10 } },
    yAxis: { type: 'value', name: valueLabel, nameTextStyle: { fontSize: 10 }, axisLabel: { fontSize: 10, formatter: (v: number) => formatAxis(v) } },
    series: [{ type: 'line', name: valueLabel, showSymbol: points.length <= 36, areaStyle: { opacity: 0.12 }, data: points.map((p) => p.y) }],
  };
}
