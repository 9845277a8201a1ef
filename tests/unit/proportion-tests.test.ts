import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  newcombeDifferenceInterval,
  sampleRatioMismatch,
  sampleSizeTwoProportions,
  twoProportionZTest,
  wilsonInterval,
} from '../../src/engine/experiments/proportion-tests';
import { chiSquareSurvival as chiSquareSf } from '../../src/engine/stats/incomplete-gamma';
import { normalCdf, normalQuantile } from '../../src/engine/stats/normal-distribution';

/** statsmodels 0.13.5 figures (tests/fixtures/reference/two-proportions.json, copied from the project's shared reference data). */
interface Case {
  x1: number;
  n1: number;
  x2: number;
  n2: number;
  diff: number;
  z_pooled: number;
  p_two_sided: number;
  newcombe_hybrid_95: [number, number];
  wilson_95_1: [number, number];
  wilson_95_2: [number, number];
}
const reference = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../fixtures/reference/two-proportions.json'), 'utf8')) as { cases: Case[] };

describe('two proportions against statsmodels', () => {
  it.each(reference.cases.map((c) => [`${c.x1}/${c.n1} vs ${c.x2}/${c.n2}`, c] as const))('%s', (_label, c) => {
    const test = twoProportionZTest(c.x1, c.n1, c.x2, c.n2);
    expect(Math.abs(test.difference - c.diff)).toBeLessThan(1e-12);
    expect(Math.abs(test.z - c.z_pooled)).toBeLessThan(1e-6);
    expect(Math.abs(test.pTwoSided - c.p_two_sided)).toBeLessThan(1e-6);
    // In the far tail the p-value is compared relatively too: 2.6e-122 must not come out as 0.
    if (c.p_two_sided > 0) expect(Math.abs(test.pTwoSided / c.p_two_sided - 1)).toBeLessThan(1e-6);
    const newcombe = newcombeDifferenceInterval(c.x1, c.n1, c.x2, c.n2);
    expect(Math.abs(newcombe.lower - c.newcombe_hybrid_95[0])).toBeLessThan(1e-6);
    expect(Math.abs(newcombe.upper - c.newcombe_hybrid_95[1])).toBeLessThan(1e-6);
    for (const [x, n, expected] of [[c.x1, c.n1, c.wilson_95_1], [c.x2, c.n2, c.wilson_95_2]] as const) {
      const wilson = wilsonInterval(x, n);
      expect(Math.abs(wilson.lower - expected[0])).toBeLessThan(1e-6);
      expect(Math.abs(wilson.upper - expected[1])).toBeLessThan(1e-6);
    }
  });
});

describe('distributions', () => {
  it('normal quantile and cdf invert each other and hit known values', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(0.8)).toBeCloseTo(0.8416212335729143, 12);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 9);
    for (const p of [1e-8, 0.001, 0.3, 0.5, 0.9, 0.999999]) expect(normalCdf(normalQuantile(p)) / p).toBeCloseTo(1, 10);
  });
  it('χ² tail probabilities (scipy.stats.chi2.sf)', () => {
    expect(chiSquareSf(3.841458820694124, 1)).toBeCloseTo(0.05, 12);
    expect(chiSquareSf(5.991464547107979, 2)).toBeCloseTo(0.05, 12);
    expect(chiSquareSf(10, 3)).toBeCloseTo(0.01856613546304325, 12);
    expect(chiSquareSf(100, 7) / 1.0787979671702833e-18).toBeCloseTo(1, 12);
    expect(chiSquareSf(0.5, 4)).toBeCloseTo(0.9735009788392561, 12);
  });
});

describe('sample-ratio mismatch', () => {
  it('flags a 45/55 split of a planned 50/50 and passes a fair one', () => {
    expect(sampleRatioMismatch([4500, 5500], [0.5, 0.5]).mismatch).toBe(true);
    const fair = sampleRatioMismatch([5020, 4980], [0.5, 0.5]);
    expect(fair.mismatch).toBe(false);
    // (5020 − 5000)²/5000 · 2 = 0.16, df 1
    expect(fair.chiSquare).toBeCloseTo(0.16, 12);
    expect(fair.p).toBeCloseTo(chiSquareSf(0.16, 1), 15);
  });
  it('handles three arms with unequal plans', () => {
    const check = sampleRatioMismatch([800, 100, 100], [0.8, 0.1, 0.1]);
    expect(check.df).toBe(2);
    expect(check.chiSquare).toBeCloseTo(0, 12);
    expect(check.p).toBeCloseTo(1, 12);
  });
});

describe('sample size', () => {
  it('matches the textbook formula worked by hand (p = 5 % → 6 %, α = 0.05, power 0.8)', () => {
    // pbar = 0.055; z = 1.959964, 0.841621:
    // n = (1.959964·√(2·0.055·0.945) + 0.841621·√(0.06·0.94 + 0.05·0.95))² / 0.01² = 8,156.6 → 8,157
    const size = sampleSizeTwoProportions({ baselineRate: 0.05, minimumDetectableUplift: 0.01 });
    const zA = 1.959963984540054;
    const zB = 0.8416212335729143;
    const expected = Math.ceil((zA * Math.sqrt(2 * 0.055 * 0.945) + zB * Math.sqrt(0.06 * 0.94 + 0.05 * 0.95)) ** 2 / 0.0001);
    expect(size.control).toBe(expected);
    expect(size.treatment).toBe(expected);
    expect(expected).toBe(8158);
  });
  it('needs more customers for a smaller uplift and fewer for less power', () => {
    const base = sampleSizeTwoProportions({ baselineRate: 0.1, minimumDetectableUplift: 0.02 });
    expect(sampleSizeTwoProportions({ baselineRate: 0.1, minimumDetectableUplift: 0.01 }).control).toBeGreaterThan(base.control);
    expect(sampleSizeTwoProportions({ baselineRate: 0.1, minimumDetectableUplift: 0.02, power: 0.5 }).control).toBeLessThan(base.control);
  });
});
