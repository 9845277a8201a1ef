import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chiSquareSurvival, logGamma, regularizedGammaP, regularizedGammaQ } from '../../src/engine/stats/incomplete-gamma';
import { atRiskAt, kaplanMeier, survivalAt, type TimeCount } from '../../src/engine/survival/kaplan-meier';
import { logRank } from '../../src/engine/survival/log-rank';

const REFERENCE = path.join(__dirname, '../fixtures/reference/survival');

interface RGroup {
  time: number[];
  n_risk: number[];
  n_event: number[];
  n_censor: number[];
  surv: number[];
  se_surv: number[];
  lower: number[];
  upper: number[];
  median: number | null;
  median_lower: number | null;
  median_upper: number | null;
}
interface RReference {
  groups: Record<string, RGroup>;
  logrank: { chisq: number; df: number; p: number; observed: number[]; expected: number[] };
}
interface StatsmodelsReference {
  groups: Record<string, { time: number[]; surv: number[]; se_surv: number[]; n_risk: number[]; n_event: number[] }>;
  logrank: { chisq: number; p: number };
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(path.join(REFERENCE, file), 'utf8')) as T;
}

/** The CSV's rows aggregated to (group, time): what the engine's SQL hands the estimator. */
function readCounts(file: string): Map<string, TimeCount[]> {
  const [header, ...lines] = fs.readFileSync(path.join(REFERENCE, file), 'utf8').trim().split(/\r?\n/);
  expect(header).toBe('time,event,group');
  const byGroup = new Map<string, TimeCount[]>();
  for (const line of lines) {
    const [time, event, group] = line.split(',');
    const rows = byGroup.get(group!) ?? [];
    // One row per observation: the estimator must merge equal times itself.
    rows.push({ time: Number(time), events: event === '1' ? 1 : 0, censored: event === '1' ? 0 : 1 });
    byGroup.set(group!, rows);
  }
  return byGroup;
}

const close = (actual: number | null, expected: number, tolerance: number) => {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(tolerance);
};

describe('regularized incomplete gamma and chi-square survival', () => {
  it('ln Γ matches factorials and Γ(1/2) = √π', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(logGamma(101)).toBeCloseTo(363.73937555556347, 10);
  });

  it('matches closed forms: Q(1, x) = e^−x, Q(1/2, x) = erfc(√x), Q(2, x) = (1 + x)e^−x', () => {
    for (const x of [0.01, 0.5, 1, 2.5, 10, 50]) {
      expect(regularizedGammaQ(1, x) / Math.exp(-x)).toBeCloseTo(1, 12);
      expect(regularizedGammaQ(2, x) / ((1 + x) * Math.exp(-x))).toBeCloseTo(1, 12);
      expect(regularizedGammaP(1, x) + regularizedGammaQ(1, x)).toBeCloseTo(1, 14);
    }
    // erfc(1) and erfc(3), to 15 digits.
    expect(regularizedGammaQ(0.5, 1)).toBeCloseTo(0.157299207050285, 13);
    expect(regularizedGammaQ(0.5, 9)).toBeCloseTo(2.20904969985854e-5, 16);
  });

  it('gives the textbook critical values and tiny tails with relative accuracy', () => {
    expect(chiSquareSurvival(3.841458820694124, 1)).toBeCloseTo(0.05, 12);
    expect(chiSquareSurvival(5.991464547107979, 2)).toBeCloseTo(0.05, 12);
    expect(chiSquareSurvival(18.307038053275146, 10)).toBeCloseTo(0.05, 12);
    expect(chiSquareSurvival(6.634896601021214, 1)).toBeCloseTo(0.01, 12);
    expect(chiSquareSurvival(1, 3)).toBeCloseTo(0.8012519569012008, 12);
    // df = 2: exp(−x/2) exactly; at x = 400 that is 1.38e-87.
    expect(chiSquareSurvival(400, 2) / Math.exp(-200)).toBeCloseTo(1, 10);
    expect(chiSquareSurvival(0, 4)).toBe(1);
  });
});

for (const dataset of ['lung', 'payroll-tenure'] as const) {
  describe(`Kaplan–Meier and log-rank on ${dataset} against R survival and statsmodels`, () => {
    const counts = readCounts(`${dataset}.csv`);
    const r = readJson<RReference>(`${dataset}.r-survival.json`);
    const sm = readJson<StatsmodelsReference>(`${dataset}.statsmodels.json`);
    const groupNames = Object.keys(r.groups);

    it('reproduces every step: at risk, events, censored, S and Greenwood SE to 1e-6, the log-log interval to 1e-4', () => {
      for (const name of groupNames) {
        const ref = r.groups[name]!;
        const curve = kaplanMeier(counts.get(name)!);
        expect(curve.steps.map((s) => s.time)).toEqual(ref.time);
        expect(curve.steps.map((s) => s.atRisk)).toEqual(ref.n_risk);
        expect(curve.steps.map((s) => s.events)).toEqual(ref.n_event);
        expect(curve.steps.map((s) => s.censored)).toEqual(ref.n_censor);
        curve.steps.forEach((s, i) => {
          close(s.survival, ref.surv[i]!, 1e-6);
          close(s.se, ref.se_surv[i]!, 1e-6);
          close(s.lower, ref.lower[i]!, 1e-4);
          close(s.upper, ref.upper[i]!, 1e-4);
        });
      }
    });

    it('agrees with statsmodels at its event times', () => {
      for (const [name, ref] of Object.entries(sm.groups)) {
        const curve = kaplanMeier(counts.get(name)!);
        ref.time.forEach((t, i) => {
          const step = survivalAt(curve, t)!;
          close(step.survival, ref.surv[i]!, 1e-6);
          close(step.se, ref.se_surv[i]!, 1e-6);
          expect(atRiskAt(curve, t)).toBe(ref.n_risk[i]);
        });
      }
    });

    it('finds the median and its interval as quantile(fit, 0.5) does', () => {
      for (const name of groupNames) {
        const ref = r.groups[name]!;
        const { median } = kaplanMeier(counts.get(name)!);
        expect(median.value).toBe(ref.median);
        expect(median.lower).toBe(ref.median_lower);
        expect(median.upper).toBe(ref.median_upper);
      }
    });

    it('gives survdiff’s χ², df, p and the observed and expected events', () => {
      const test = logRank(groupNames.map((name) => counts.get(name)!));
      expect(test.df).toBe(r.logrank.df);
      expect(Math.abs(test.chiSquare - r.logrank.chisq)).toBeLessThanOrEqual(1e-4);
      expect(Math.abs(test.chiSquare - sm.logrank.chisq)).toBeLessThanOrEqual(1e-4);
      expect(Math.abs(test.p! - r.logrank.p)).toBeLessThanOrEqual(1e-4);
      // Relative too: p = 1.6e-78 on payroll-tenure must not come out as 0.
      expect(test.p! / r.logrank.p).toBeCloseTo(1, 6);
      test.observed.forEach((o, i) => expect(o).toBe(r.logrank.observed[i]));
      test.expected.forEach((e, i) => close(e, r.logrank.expected[i]!, 1e-6));
    });
  });
}

describe('Kaplan–Meier edge cases', () => {
  it('events come before censorings at a tied time: the censored are still at risk', () => {
    // Times 1 (2 events, 1 censored), 2 (1 event), 3 (1 censored).
    const curve = kaplanMeier([
      { time: 1, events: 2, censored: 1 },
      { time: 2, events: 1, censored: 0 },
      { time: 3, events: 0, censored: 1 },
    ]);
    expect(curve.steps.map((s) => s.atRisk)).toEqual([5, 2, 1]);
    expect(curve.steps[0]!.survival).toBeCloseTo(3 / 5, 15);
    expect(curve.steps[1]!.survival).toBeCloseTo(3 / 10, 15);
    expect(curve.steps[2]!.survival).toBeCloseTo(3 / 10, 15);
    // Greenwood: S²·Σ d/(n(n−d)) = 0.09·(2/15 + 1/2).
    expect(curve.steps[1]!.se).toBeCloseTo(Math.sqrt(0.09 * (2 / 15 + 1 / 2)), 15);
    expect(curve.median.value).toBe(2);
  });

  it('a group with no events stays at 1 with no interval and no median', () => {
    const curve = kaplanMeier([{ time: 4, events: 0, censored: 3 }, { time: 9, events: 0, censored: 2 }]);
    expect(curve.steps.every((s) => s.survival === 1 && s.lower === null && s.upper === null && s.se === 0)).toBe(true);
    expect(curve.median).toEqual({ value: null, lower: null, upper: null });
    expect(curve.events).toBe(0);
  });

  it('a group of one customer: an event drops S to 0 (SE undefined), a censoring leaves it at 1', () => {
    const churned = kaplanMeier([{ time: 5, events: 1, censored: 0 }]);
    expect(churned.steps).toEqual([{ time: 5, atRisk: 1, events: 1, censored: 0, survival: 0, se: null, lower: null, upper: null }]);
    expect(churned.median.value).toBe(5);
    const stayed = kaplanMeier([{ time: 5, events: 0, censored: 1 }]);
    expect(stayed.steps[0]!.survival).toBe(1);
    expect(survivalAt(stayed, 6)).toBeNull();
  });

  it('S = 0.5 exactly takes the midpoint to the next drop, as R does', () => {
    const curve = kaplanMeier([
      { time: 1, events: 1, censored: 0 },
      { time: 2, events: 1, censored: 0 },
      { time: 4, events: 1, censored: 0 },
      { time: 6, events: 1, censored: 0 },
    ]);
    expect(curve.median.value).toBe(3);
  });

  it('log-rank: a group with no events still counts; identical groups give χ² = 0 and p = 1; one group has df 0', () => {
    const a = [{ time: 1, events: 1, censored: 0 }, { time: 2, events: 1, censored: 1 }];
    const none = [{ time: 1, events: 0, censored: 0 }, { time: 3, events: 0, censored: 2 }];
    const withNone = logRank([a, none]);
    expect(withNone.df).toBe(1);
    expect(withNone.observed).toEqual([2, 0]);
    expect(withNone.chiSquare).toBeGreaterThan(0);
    const same = logRank([a, a]);
    expect(same.chiSquare).toBeCloseTo(0, 12);
    expect(same.p).toBeCloseTo(1, 12);
    expect(logRank([a])).toMatchObject({ df: 0, p: null });
  });
});
