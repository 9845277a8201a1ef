import { CHART_COLORS, type ChartOption } from '../../charts/chart-options';
import type { CutoffResult, ModelMetrics } from '../../../shared/model-types';

/**
 * Chart options for the Models page, from the pre-aggregated metrics of a model card (≤ 201 ROC
 * points, 10 deciles) and a cut-off curve (≤ 201 points): nothing here sees customer rows.
 */

// Axis names sit beside the axis (not above it), so they never collide with the legend on top.
const percentAxis = (name: string, gap = 40) => ({ type: 'value', name, nameLocation: 'middle', nameGap: gap, min: 0, max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } });

export function rocOption(args: { train: ModelMetrics; test: ModelMetrics | null; labels: { fpr: string; tpr: string; train: string; test: string; chance: string } }): ChartOption {
  const line = (name: string, m: ModelMetrics, color: string) => ({
    name: `${name} (AUC ${m.auc.toFixed(3)})`,
    type: 'line',
    showSymbol: false,
    color,
    data: m.roc.map((p) => [p.fpr, p.tpr]),
  });
  return {
    grid: { left: 64, right: 16, top: 56, bottom: 48 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${(v * 100).toFixed(1)}%` },
    xAxis: percentAxis(args.labels.fpr, 28),
    yAxis: percentAxis(args.labels.tpr, 44),
    series: [
      line(args.labels.train, args.train, CHART_COLORS[0]!),
      ...(args.test ? [line(args.labels.test, args.test, CHART_COLORS[1]!)] : []),
      { name: args.labels.chance, type: 'line', showSymbol: false, lineStyle: { type: 'dashed', color: '#9ca3af' }, color: '#9ca3af', data: [[0, 0], [1, 1]] },
    ],
  };
}

/** Lift per decile (bars) and cumulative gains (line, right axis). */
export function liftOption(args: { metrics: ModelMetrics; labels: { decile: string; lift: string; gains: string } }): ChartOption {
  const deciles = args.metrics.deciles;
  return {
    grid: { left: 56, right: 64, top: 56, bottom: 48 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', name: args.labels.decile, nameLocation: 'middle', nameGap: 28, data: deciles.map((d) => String(d.decile)) },
    yAxis: [
      { type: 'value', name: args.labels.lift, nameLocation: 'middle', nameGap: 36 },
      percentAxis(args.labels.gains, 48),
    ],
    series: [
      { name: args.labels.lift, type: 'bar', color: CHART_COLORS[0], data: deciles.map((d) => Number(d.lift.toFixed(3))), label: { show: true, position: 'top', formatter: (p: { value: number }) => p.value.toFixed(2) } },
      { name: args.labels.gains, type: 'line', yAxisIndex: 1, color: CHART_COLORS[2], data: deciles.map((d) => Number(d.cumulativeGain.toFixed(4))) },
    ],
  };
}

/** Mean predicted probability against the observed rate, per decile, with the diagonal. */
export function calibrationOption(args: { metrics: ModelMetrics; labels: { predicted: string; observed: string; ideal: string } }): ChartOption {
  const points = args.metrics.deciles.map((d) => [d.meanScore, d.rate]);
  const top = Math.max(0.05, ...points.flat()) * 1.1;
  return {
    grid: { left: 64, right: 16, top: 24, bottom: 48 },
    tooltip: { trigger: 'item', formatter: (p: { value: number[] }) => `${args.labels.predicted} ${(p.value[0]! * 100).toFixed(1)}%<br/>${args.labels.observed} ${(p.value[1]! * 100).toFixed(1)}%` },
    xAxis: { ...percentAxis(args.labels.predicted, 28), max: top },
    yAxis: { ...percentAxis(args.labels.observed, 44), max: top },
    series: [
      { name: args.labels.observed, type: 'scatter', color: CHART_COLORS[0], symbolSize: 10, data: points },
      { name: args.labels.ideal, type: 'line', showSymbol: false, lineStyle: { type: 'dashed' }, color: '#9ca3af', data: [[0, 0], [top, top]] },
    ],
  };
}

/** Expected responders (or profit) over the ranked customers, with the chosen cut-off marked. */
export function cutoffOption(args: { result: CutoffResult; labels: { customers: string; responders: string; profit: string; chosen: string }; formatCount: (n: number) => string }): ChartOption {
  const { result } = args;
  const profit = result.curve.some((p) => p.expectedProfit !== null);
  return {
    grid: { left: 64, right: profit ? 64 : 16, top: 36, bottom: 40 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', name: args.labels.customers, axisLabel: { formatter: (v: number) => args.formatCount(v) } },
    yAxis: profit ? [{ type: 'value', name: args.labels.responders }, { type: 'value', name: args.labels.profit }] : [{ type: 'value', name: args.labels.responders }],
    series: [
      {
        name: args.labels.responders,
        type: 'line',
        showSymbol: false,
        color: CHART_COLORS[0],
        data: result.curve.map((p) => [p.k, Number(p.expectedResponders.toFixed(2))]),
        markLine: { symbol: 'none', label: { formatter: `${args.labels.chosen}: ${args.formatCount(result.chosen.customers)}` }, data: [{ xAxis: result.chosen.customers }] },
      },
      ...(profit ? [{ name: args.labels.profit, type: 'line', yAxisIndex: 1, showSymbol: false, color: CHART_COLORS[1], data: result.curve.map((p) => [p.k, Number((p.expectedProfit ?? 0).toFixed(2))]) }] : []),
    ],
  };
}
