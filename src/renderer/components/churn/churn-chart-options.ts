/**
 * ECharts options of the churn page, built from the engine's pre-aggregated results (no ECharts
 * import: unit-testable without a DOM): survival curves with their 95 % bands and censoring marks,
 * the retention heatmap, and the lifecycle bars with dormant below the axis.
 */
import type { AumFlowResult, LifecycleResult, PayrollFlowResult, RetentionResult, SurvivalResult } from '../../../shared/survival-types';
import { CHART_COLORS, type ChartOption } from '../../charts/chart-options';

/** A curve's points as steps from (0, 1); the band is [lower, upper], collapsed to S where undefined. */
export function survivalSeries(result: SurvivalResult): Array<{ key: string; line: number[][]; lower: number[][]; width: number[][]; censored: number[][] }> {
  return result.groups.map((g) => {
    const steps = g.curve.steps;
    const line = [[0, 1], ...steps.map((s) => [s.time, s.survival])];
    const lower = [[0, 1], ...steps.map((s) => [s.time, s.lower ?? s.survival])];
    const width = [[0, 0], ...steps.map((s) => [s.time, (s.upper ?? s.survival) - (s.lower ?? s.survival)])];
    const censored = steps.filter((s) => s.censored > 0).map((s) => [s.time, s.survival]);
    return { key: g.key, line, lower, width, censored };
  });
}

export function survivalOption(result: SurvivalResult, labels: { months: string; survival: string; censored: string }, groupLabel: (key: string) => string): ChartOption {
  const series = survivalSeries(result).flatMap((g, i) => {
    const color = CHART_COLORS[i % CHART_COLORS.length];
    const name = groupLabel(g.key);
    return [
      { type: 'line', name: `${name} lower`, data: g.lower, step: 'end', stack: `band-${i}`, symbol: 'none', lineStyle: { opacity: 0 }, silent: true, tooltip: { show: false } },
      { type: 'line', name: `${name} band`, data: g.width, step: 'end', stack: `band-${i}`, symbol: 'none', lineStyle: { opacity: 0 }, areaStyle: { color, opacity: 0.15 }, silent: true, tooltip: { show: false } },
      { type: 'line', name, data: g.line, step: 'end', symbol: 'none', color, lineStyle: { width: 2, color } },
      { type: 'scatter', name: `${name} · ${labels.censored}`, data: g.censored, symbol: 'path://M0,-6L0,6', symbolSize: [2, 8], color, itemStyle: { color, borderColor: color, borderWidth: 1 }, tooltip: { show: false } },
    ];
  });
  return {
    color: CHART_COLORS,
    grid: { left: 56, right: 20, top: 36, bottom: 40 },
    legend: { top: 0, data: result.groups.map((g) => groupLabel(g.key)) },
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => (typeof v === 'number' ? `${(v * 100).toFixed(1)}%` : '') },
    xAxis: { type: 'value', name: labels.months, nameLocation: 'middle', nameGap: 26, min: 0 },
    yAxis: { type: 'value', name: labels.survival, min: 0, max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
    series,
  };
}

export function retentionOption(result: RetentionResult, labels: { period: string; cohort: string }): ChartOption {
  const cohorts = result.rows.map((r) => r.cohort);
  const columns = result.rows[0]?.rates.length ?? 0;
  const data = result.rows.flatMap((r, y) => r.rates.map((rate, x) => [x, y, rate === null ? '-' : Math.round(rate * 1000) / 10]));
  return {
    grid: { left: 90, right: 20, top: 10, bottom: 70 },
    tooltip: { position: 'top' },
    xAxis: { type: 'category', name: labels.period, nameLocation: 'middle', nameGap: 26, data: Array.from({ length: columns }, (_, k) => String(k)), splitArea: { show: true } },
    yAxis: { type: 'category', name: labels.cohort, data: cohorts, inverse: true, splitArea: { show: true } },
    visualMap: { min: 0, max: 100, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120, inRange: { color: ['#eff6ff', '#2563eb'] } },
    series: [{ type: 'heatmap', data, label: { show: true, formatter: (p: { value: [number, number, number | string] }) => (p.value[2] === '-' ? '' : `${p.value[2]}`) } }],
  };
}

export const LIFECYCLE_COLORS = { new: '#2563eb', returning: '#16a34a', resurrecting: '#f59e0b', dormant: '#dc2626' } as const;

export function lifecycleOption(result: LifecycleResult, names: Record<keyof typeof LIFECYCLE_COLORS, string>): ChartOption {
  const periods = result.rows.map((r) => r.period.slice(0, result.period === 'month' ? 7 : 10));
  const bar = (key: keyof typeof LIFECYCLE_COLORS, stack: string) => ({
    type: 'bar',
    name: names[key],
    stack,
    color: LIFECYCLE_COLORS[key],
    data: result.rows.map((r) => r[key]),
  });
  return {
    grid: { left: 56, right: 20, top: 36, bottom: 40 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: periods },
    yAxis: { type: 'value' },
    // Dormant is negative: drawn below the axis, PostHog's convention.
    series: [bar('new', 'active'), bar('returning', 'active'), bar('resurrecting', 'active'), bar('dormant', 'dormant')],
  };
}

/** Payroll per month: customers (bars), stopped payroll (bars), customers with outflow ratio ≥ 0.8 (line). */
export function payrollFlowOption(result: PayrollFlowResult, names: { customers: string; stopped: string; outflow: string }): ChartOption {
  return {
    grid: { left: 56, right: 56, top: 36, bottom: 40 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: result.rows.map((r) => r.month) },
    yAxis: [{ type: 'value' }, { type: 'value' }],
    series: [
      { type: 'bar', name: names.customers, color: '#2563eb', data: result.rows.map((r) => r.customers) },
      { type: 'bar', name: names.stopped, color: '#dc2626', yAxisIndex: 1, data: result.rows.map((r) => r.stopped) },
      { type: 'line', name: names.outflow, color: '#f59e0b', yAxisIndex: 1, data: result.rows.map((r) => r.outflow[r.outflow.length - 1] ?? 0) },
    ],
  };
}

/** AUM flows per month: new money and growth above the axis, decline and churned money below, net as a line. */
export function aumFlowOption(result: AumFlowResult, names: { newMoney: string; growth: string; decline: string; churned: string; net: string }): ChartOption {
  const bar = (name: string, color: string, stack: string, values: number[]) => ({ type: 'bar', name, color, stack, data: values });
  return {
    grid: { left: 70, right: 20, top: 36, bottom: 40 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: result.rows.map((r) => r.month) },
    yAxis: { type: 'value' },
    series: [
      bar(names.newMoney, '#2563eb', 'in', result.rows.map((r) => r.newMoney)),
      bar(names.growth, '#16a34a', 'in', result.rows.map((r) => r.growth)),
      bar(names.decline, '#f59e0b', 'out', result.rows.map((r) => -r.decline)),
      bar(names.churned, '#dc2626', 'out', result.rows.map((r) => -r.churned)),
      { type: 'line', name: names.net, color: '#111827', data: result.rows.map((r) => r.net) },
    ],
  };
}

/** Retention curves: one line per cohort (the latest `cohorts`), the rate at k = 0 … K; unobserved points left out. */
export function retentionCurvesOption(result: RetentionResult, labels: { period: string }, cohorts = 6): ChartOption {
  const rows = result.rows.filter((r) => r.size > 0).slice(-cohorts);
  return {
    color: CHART_COLORS,
    grid: { left: 56, right: 20, top: 36, bottom: 40 },
    legend: { top: 0, type: 'scroll' },
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => (typeof v === 'number' ? `${(v * 100).toFixed(1)}%` : '') },
    xAxis: { type: 'category', name: labels.period, nameLocation: 'middle', nameGap: 26, data: (result.rows[0]?.rates ?? []).map((_, k) => String(k)) },
    yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
    series: rows.map((r) => ({ type: 'line', name: r.cohort, data: r.rates, connectNulls: false, symbolSize: 4 })),
  };
}
