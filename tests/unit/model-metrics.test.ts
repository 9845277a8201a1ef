import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { areaUnderRoc, captureRate, decileTable, ksStatistic, rocCurve } from '../../src/engine/models/model-metrics';

/** The AUC by its definition: P(score of a positive > score of a negative) + ½ P(equal). */
function bruteForceAuc(scores: number[], labels: number[]): number {
  let wins = 0;
  let pairs = 0;
  scores.forEach((s, i) => {
    if (!labels[i]) return;
    scores.forEach((t, j) => {
      if (labels[j]) return;
      pairs++;
      wins += s > t ? 1 : s === t ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

describe('model metrics', () => {
  it('AUC equals the pairwise definition, ties included', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.boolean()), { minLength: 2, maxLength: 60 }), (rows) => {
        const labels = rows.map(([, y]) => (y ? 1 : 0));
        if (!labels.includes(1) || !labels.includes(0)) return;
        const scores = rows.map(([s]) => s / 6);
        expect(areaUnderRoc(rocCurve(scores, labels))).toBeCloseTo(bruteForceAuc(scores, labels), 12);
      }),
    );
  });
  it('KS is the largest TPR − FPR gap', () => {
    const scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4];
    const labels = [1, 1, 0, 1, 0, 0];
    // after 2 rows: TPR 2/3, FPR 0 → 0.667; after 4: TPR 1, FPR 1/3 → 0.667
    expect(ksStatistic(rocCurve(scores, labels)).ks).toBeCloseTo(2 / 3, 12);
  });
  it('deciles hold a tenth of the customers each and the gains reach 1', () => {
    const scores = Array.from({ length: 1003 }, (_, i) => (i * 7919) % 1003);
    const labels = scores.map((s) => (s > 800 ? 1 : 0));
    const table = decileTable(scores, labels);
    expect(table.map((r) => r.customers).reduce((a, b) => a + b, 0)).toBe(1003);
    expect(Math.max(...table.map((r) => r.customers)) - Math.min(...table.map((r) => r.customers))).toBeLessThanOrEqual(1);
    expect(table.at(-1)!.cumulativeGain).toBeCloseTo(1, 12);
    // Scores above 800 are the top 202 rows: deciles 1 and 2 (rows 0–199) and two rows of decile 3.
    expect(table[0]!.rate).toBe(1);
    expect(table[1]!.rate).toBe(1);
    expect(table[2]!.responders).toBe(2);
    expect(captureRate(scores, labels, 0.1)).toBeCloseTo(100 / 202, 12);
  });
});
