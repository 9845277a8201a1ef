import { describe, expect, it } from 'vitest';
import { aumFlowOption, lifecycleOption, retentionOption, survivalOption, survivalSeries } from '../../src/renderer/components/churn/churn-chart-options';
import { toCsv } from '../../src/renderer/files/csv-text';
import { kaplanMeier } from '../../src/engine/survival/kaplan-meier';
import type { AumFlowResult, LifecycleResult, RetentionResult, SurvivalResult } from '../../src/shared/survival-types';

const curve = kaplanMeier([
  { time: 2, events: 2, censored: 1 },
  { time: 5, events: 1, censored: 4 },
]);
const survival = {
  groups: [{ key: 'vip', curve, atMonths: [], atRisk: [] }],
} as unknown as SurvivalResult;

type Series = { type: string; name: string; data: unknown[]; stack?: string; step?: string };

describe('churn chart options', () => {
  it('survival: a step line from (0, 1), a band stacked as lower + width, censoring marks where customers were censored', () => {
    const [g] = survivalSeries(survival);
    expect(g!.line).toEqual([[0, 1], [2, 0.75], [5, 0.75 * (4 / 5)]]);
    const first = curve.steps[0]!;
    expect(g!.lower[1]).toEqual([2, first.lower]);
    expect(g!.width[1]![1]).toBeCloseTo(first.upper! - first.lower!, 12);
    expect(g!.censored).toEqual([[2, 0.75], [5, 0.75 * (4 / 5)]]);
    const option = survivalOption(survival, { months: 'm', survival: 's', censored: 'c' }, (k) => k.toUpperCase());
    const series = option.series as Series[];
    expect(series.map((s) => s.type)).toEqual(['line', 'line', 'line', 'scatter']);
    expect(series[0]!.stack).toBe(series[1]!.stack);
    expect(series.every((s) => s.type === 'scatter' || s.step === 'end')).toBe(true);
    expect((option.legend as { data: string[] }).data).toEqual(['VIP']);
  });

  it('retention heatmap leaves unobserved cells empty; lifecycle puts dormant on its own (negative) stack', () => {
    const retention = { rows: [{ cohort: '2026-05-01', size: 4, retained: [2, null], rates: [0.5, null] }] } as unknown as RetentionResult;
    const heat = (retentionOption(retention, { period: 'k', cohort: 'c' }).series as Series[])[0]!;
    expect(heat.data).toEqual([[0, 0, 50], [1, 0, '-']]);
    const lifecycle = { period: 'month', rows: [{ period: '2026-05-01', new: 1, returning: 2, resurrecting: 3, dormant: -4 }] } as unknown as LifecycleResult;
    const bars = lifecycleOption(lifecycle, { new: 'n', returning: 'r', resurrecting: 's', dormant: 'd' }).series as Series[];
    expect(bars.map((b) => [b.stack, b.data[0]])).toEqual([['active', 1], ['active', 2], ['active', 3], ['dormant', -4]]);
  });

  it('AUM flows draw decline and churned money below the axis; CSV quotes what needs quoting', () => {
    const flows = { rows: [{ month: '2026-05', aum: 10, newMoney: 1, growth: 2, decline: 3, churned: 4, net: -4 }] } as unknown as AumFlowResult;
    const series = aumFlowOption(flows, { newMoney: 'n', growth: 'g', decline: 'd', churned: 'c', net: 'net' }).series as Series[];
    expect(series.map((s) => s.data[0])).toEqual([1, 2, -3, -4, -4]);
    expect(toCsv(['a', 'b'], [['x,y', null], ['say "hi"', 2]])).toBe('a,b\r\n"x,y",\r\n"say ""hi""",2\r\n');
  });
});
