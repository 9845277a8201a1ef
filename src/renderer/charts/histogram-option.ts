import type { ProfileResult } from '../../shared/import-types';
import { CHART_COLORS } from './chart-options';

type ColumnProfile = ProfileResult['columns'][number];

/**
 * A column's histogram (pre-aggregated bins from import.profile) as an ECharts option: one bar per equal-width bin, labelled by its lower
 * bound, with the full range in the tooltip. Numbers in the labels are shortened so ten bins fit
 * under a small chart; the tooltip keeps them exact.
 */
export interface HistogramOption {
  [key: string]: unknown;
  animation: boolean;
  grid: { left: number; right: number; top: number; bottom: number; containLabel: boolean };
  tooltip: { trigger: 'item'; formatter: string };
  xAxis: { type: 'category'; data: string[]; axisLabel: { fontSize: number; hideOverlap: boolean } };
  yAxis: { type: 'value'; minInterval: number; axisLabel: { fontSize: number } };
  series: Array<{ type: 'bar'; name: string; data: Array<{ value: number; name: string }>; barCategoryGap: string; itemStyle: { color: string } }>;
}

export function hasHistogram(column: Pick<ColumnProfile, 'histogram'>): boolean {
  return column.histogram.length > 0 && column.histogram.some((bin) => bin.count > 0);
}

/** 1234567.8 → 1.23M (123万 in zh), 0.5 → 0.5, "2024-01-31" stays, "2024-01-31 00:00:00" → 2024-01-31. */
export function shortBinLabel(value: string, locale: 'zh' | 'en' = 'en'): string {
  const trimmed = value.replace(/ 00:00:00(\.0+)?$/, '');
  if (!/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(trimmed)) return trimmed;
  const n = Number(trimmed);
  const abs = Math.abs(n);
  const round = (x: number) => String(Number(x.toPrecision(3)));
  if (locale === 'zh') {
    if (abs >= 1e8) return `${round(n / 1e8)}亿`;
    if (abs >= 1e4) return `${round(n / 1e4)}万`;
    return round(n);
  }
  if (abs >= 1e9) return `${round(n / 1e9)}B`;
  if (abs >= 1e6) return `${round(n / 1e6)}M`;
  if (abs >= 1e4) return `${round(n / 1e3)}K`;
  return round(n);
}

export function histogramOption(column: Pick<ColumnProfile, 'name' | 'histogram'>, color = CHART_COLORS[0]!, locale: 'zh' | 'en' = 'en'): HistogramOption {
  return {
    animation: false,
    grid: { left: 4, right: 8, top: 8, bottom: 4, containLabel: true },
    tooltip: { trigger: 'item', formatter: '{b}: {c}' },
    xAxis: { type: 'category', data: column.histogram.map((bin) => shortBinLabel(bin.from, locale)), axisLabel: { fontSize: 10, hideOverlap: true } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 10 } },
    series: [
      {
        type: 'bar',
        name: column.name,
        data: column.histogram.map((bin) => ({ value: bin.count, name: `${bin.from} – ${bin.to}` })),
        barCategoryGap: '10%',
        itemStyle: { color },
      },
    ],
  };
}

/** The exported image of a column's histogram: profile-customers-birth_date.png (see chartFileName). */
export function histogramFileName(table: string, column: string): string {
  return `profile-${table}-${column}`;
}
