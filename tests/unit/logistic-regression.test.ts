import { describe, expect, it } from 'vitest';
import { denseDesign, fitLogisticRegression, predictProbabilities, type DesignMatrix } from '../../src/engine/models/logistic-regression';

/** A small deterministic generator, so the data are the same on every run. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

interface Sample {
  structured: DesignMatrix;
  dense: DesignMatrix;
  labels: Uint8Array;
}

/**
 * Rows with `numeric` dense columns (some exactly 0, as an imputed mean is) and categories of
 * `levels` levels each, a level sometimes absent (−1), labelled from a planted logit. The same rows
 * twice: categories as level indices, and the one-hot expansion written out densely.
 */
function sample(rows: number, numeric: number, categories: number, levels: number, seed: number): Sample {
  const random = generator(seed);
  const columns = numeric + categories * levels;
  const denseValues = new Float64Array(rows * numeric);
  const levelColumns = new Int32Array(rows * categories);
  const expanded = new Float64Array(rows * columns);
  const labels = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    let logit = -0.5;
    for (let j = 0; j < numeric; j++) {
      const v = random() < 0.1 ? 0 : random() * 4 - 2;
      denseValues[i * numeric + j] = v;
      expanded[i * columns + j] = v;
      logit += ((j % 3) - 1) * 0.7 * v;
    }
    for (let c = 0; c < categories; c++) {
      const level = random() < 0.05 ? -1 : Math.floor(random() * levels);
      const column = level < 0 ? -1 : numeric + c * levels + level;
      levelColumns[i * categories + c] = column;
      if (column >= 0) {
        expanded[i * columns + column] = 1;
        logit += level === 0 ? 0.8 : level === 1 ? -0.6 : 0;
      }
    }
    labels[i] = random() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  return {
    structured: { rows, columns, dense: numeric, denseValues, categories, levelColumns },
    dense: denseDesign(rows, columns, expanded),
    labels,
  };
}

describe('logistic regression on a one-hot design', () => {
  it('fits categories stored as level indices exactly as their dense one-hot expansion', () => {
    const { structured, dense, labels } = sample(3000, 5, 3, 4, 7);
    const a = fitLogisticRegression(structured, labels, { C: 0.5 });
    const b = fitLogisticRegression(dense, labels, { C: 0.5 });
    expect(a.converged).toBe(true);
    expect(b.converged).toBe(true);
    // The same Newton path: a wrong Hessian term would still reach the optimum, but by other steps.
    expect(a.iterations).toBe(b.iterations);
    expect(a.iterations).toBeLessThanOrEqual(10);
    expect(a.intercept).toBeCloseTo(b.intercept, 10);
    for (let j = 0; j < structured.columns; j++) expect(a.coefficients[j]).toBeCloseTo(b.coefficients[j]!, 10);
    const pa = predictProbabilities(structured, a);
    const pb = predictProbabilities(dense, b);
    for (let i = 0; i < structured.rows; i += 97) expect(pa[i]).toBeCloseTo(pb[i]!, 12);
  });

  it('reaches the stationary point of scikit-learn\'s objective: w + C·Xᵀ(p − y) = 0, intercept unpenalised', () => {
    const { structured, dense, labels } = sample(2000, 4, 2, 3, 11);
    const C = 2;
    const fit = fitLogisticRegression(structured, labels, { C });
    const p = predictProbabilities(structured, fit);
    const gradient = new Float64Array(dense.columns);
    let interceptGradient = 0;
    for (let i = 0; i < dense.rows; i++) {
      const residual = p[i]! - labels[i]!;
      interceptGradient += residual;
      for (let j = 0; j < dense.columns; j++) gradient[j]! += residual * dense.denseValues[i * dense.columns + j]!;
    }
    expect(Math.abs(C * interceptGradient)).toBeLessThan(1e-6);
    for (let j = 0; j < dense.columns; j++) expect(Math.abs(fit.coefficients[j]! + C * gradient[j]!)).toBeLessThan(1e-6);
  });

  it('recovers the planted signs of the numeric effects', () => {
    const { structured, labels } = sample(20000, 6, 1, 3, 3);
    const fit = fitLogisticRegression(structured, labels, { C: 1 });
    // Planted: column j has effect ((j % 3) − 1) · 0.7 → −, 0, + repeating.
    expect(fit.coefficients[0]).toBeLessThan(-0.5);
    expect(Math.abs(fit.coefficients[1]!)).toBeLessThan(0.1);
    expect(fit.coefficients[2]).toBeGreaterThan(0.5);
    expect(fit.coefficients[6]! - fit.coefficients[7]!).toBeGreaterThan(1);
  });
});
