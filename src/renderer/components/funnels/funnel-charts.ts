import { CHART_COLORS, type ChartOption } from '../../charts/chart-options';
import type { FunnelResult } from '../../../shared/funnel-types';

/** Customers per step (bars labelled with the count and the conversion from step 1), one series per group. */
export function funnelOption(args: { result: FunnelResult; formatCount: (n: number) => string; totalLabel: string }): ChartOption {
  const groups = args.result.groups.length > 0 ? args.result.groups : [args.result.total];
  return {
    grid: { left: 56, right: 16, top: 36, bottom: 56 },
    legend: { top: 0, type: 'scroll' },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: args.result.stepNames, axisLabel: { interval: 0, rotate: args.result.stepNames.length > 5 ? 20 : 0 } },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => args.formatCount(v) } },
    series: groups.map((g, i) => ({
      name: g.key.length ? g.key.join(' × ') : args.totalLabel,
      type: 'bar',
      color: CHART_COLORS[i % CHART_COLORS.length],
      data: g.steps.map((s) => s.customers),
      label: {
        show: groups.length <= 3,
        position: 'top',
        formatter: (p: { dataIndex: number; value: number }) => `${args.formatCount(p.value)}\n${(g.steps[p.dataIndex]!.fromFirst * 100).toFixed(1)}%`,
      },
    })),
  };
}

export function timeToConvertOption(args: { result: FunnelResult; bucketLabel: (from: number, to: number | null) => string; customersLabel: string }): ChartOption {
  return {
    grid: { left: 48, right: 16, top: 24, bottom: 40 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: args.result.timeToConvert.map((b) => args.bucketLabel(b.fromSeconds, b.toSeconds)) },
    yAxis: { type: 'value', name: args.customersLabel },
    series: [{ type: 'bar', color: CHART_COLORS[1], data: args.result.timeToConvert.map((b) => b.customers), label: { show: true, position: 'top' } }],
  };
}

export function trendOption(args: { result: FunnelResult; rateLabel: string }): ChartOption {
  return {
    grid: { left: 48, right: 16, top: 24, bottom: 40 },
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${(v * 100).toFixed(1)}%` },
    xAxis: { type: 'category', data: args.result.trend.map((t) => t.period) },
    yAxis: { type: 'value', name: args.rateLabel, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
    series: [{ type: 'line', color: CHART_COLORS[0], data: args.result.trend.map((t) => Number(t.rate.toFixed(4))) }],
  };
}
