import { chiSquareSurvival as chiSquareSf } from '../stats/incomplete-gamma';
import { normalQuantile, twoSidedP } from '../stats/normal-distribution';

/**
 * The statistics of a campaign read-out: treatment (x1 responders of n1) against control (x2 of
 * n2). The formulas are the ones statsmodels implements (proportions_ztest,
 * confint_proportions_2indep(method="newcomb"), proportion_confint(method="wilson")), because the
 * bank's analysts check our figures against it.
 */

export interface Interval {
  lower: number;
  upper: number;
}

/** z for a two-sided interval of the given level (0.95 → 1.959963984540054). */
export function twoSidedZ(level: number): number {
  return normalQuantile(1 - (1 - level) / 2);
}

/** Wilson's score interval for one proportion; stays inside [0, 1] even with 0 responders. */
export function wilsonInterval(x: number, n: number, level = 0.95): Interval {
  if (n <= 0) return { lower: Number.NaN, upper: Number.NaN };
  const z = twoSidedZ(level);
  const p = x / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

/**
 * Newcombe's hybrid score interval for p1 − p2 (his method 10): each arm's Wilson interval,
 * combined by the square-root rule. Unlike the Wald interval it behaves at 0 responders.
 */
export function newcombeDifferenceInterval(x1: number, n1: number, x2: number, n2: number, level = 0.95): Interval {
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const w1 = wilsonInterval(x1, n1, level);
  const w2 = wilsonInterval(x2, n2, level);
  const difference = p1 - p2;
  return {
    lower: difference - Math.sqrt((p1 - w1.lower) ** 2 + (w2.upper - p2) ** 2),
    upper: difference + Math.sqrt((w1.upper - p1) ** 2 + (p2 - w2.lower) ** 2),
  };
}

export interface TwoProportionTest {
  difference: number;
  z: number;
  pTwoSided: number;
}

/** The pooled two-proportion z-test (H0: p1 = p2). */
export function twoProportionZTest(x1: number, n1: number, x2: number, n2: number): TwoProportionTest {
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const difference = p1 - p2;
  // Both rates 0 or both 1: no evidence either way.
  const z = se === 0 ? 0 : difference / se;
  return { difference, z, pTwoSided: twoSidedP(z) };
}

export interface RelativeUplift {
  /** (p1 − p2) / p2 */
  estimate: number;
  interval: Interval;
}

/**
 * Relative uplift with the interval of the log risk ratio (Katz), the usual companion of an
 * absolute difference in a campaign report; undefined when the control has no responders.
 */
export function relativeUplift(x1: number, n1: number, x2: number, n2: number, level = 0.95): RelativeUplift | null {
  if (x1 <= 0 || x2 <= 0) return null;
  const ratio = x1 / n1 / (x2 / n2);
  const se = Math.sqrt(1 / x1 - 1 / n1 + 1 / x2 - 1 / n2);
  const z = twoSidedZ(level);
  return { estimate: ratio - 1, interval: { lower: ratio * Math.exp(-z * se) - 1, upper: ratio * Math.exp(z * se) - 1 } };
}

export interface SampleRatioCheck {
  chiSquare: number;
  df: number;
  p: number;
  /** Flagged at p < threshold (0.001 by convention: SRM checks run on every campaign). */
  mismatch: boolean;
}

/** Sample-ratio mismatch: χ² goodness of fit of the observed arm sizes to the planned shares. */
export function sampleRatioMismatch(observed: readonly number[], plannedShares: readonly number[], threshold = 0.001): SampleRatioCheck {
  if (observed.length !== plannedShares.length || observed.length < 2) throw new RangeError('one planned share per arm, at least two arms');
  const total = observed.reduce((a, b) => a + b, 0);
  const shareSum = plannedShares.reduce((a, b) => a + b, 0);
  let chiSquare = 0;
  observed.forEach((count, i) => {
    const expected = (total * plannedShares[i]!) / shareSum;
    chiSquare += (count - expected) ** 2 / expected;
  });
  const df = observed.length - 1;
  const p = chiSquareSf(chiSquare, df);
  return { chiSquare, df, p, mismatch: p < threshold };
}

export interface SampleSizeInput {
  baselineRate: number;
  /** Absolute uplift to detect: the treatment rate is baselineRate + minimumDetectableUplift. */
  minimumDetectableUplift: number;
  /** Two-sided significance level α. */
  alpha?: number;
  power?: number;
  /** Treatment size / control size. */
  ratio?: number;
}

export interface SampleSize {
  treatment: number;
  control: number;
  total: number;
}

/**
 * Customers needed per arm to detect the uplift with a two-sided pooled z-test (the textbook
 * formula, e.g. Fleiss, Statistical Methods for Rates and Proportions, §4.2, without continuity
 * correction): n₂ = [z_{α/2}·√(p̄q̄(1+1/k)) + z_β·√(p₁q₁/k + p₂q₂)]² / Δ², n₁ = k·n₂.
 */
export function sampleSizeTwoProportions(input: SampleSizeInput): SampleSize {
  const alpha = input.alpha ?? 0.05;
  const power = input.power ?? 0.8;
  const k = input.ratio ?? 1;
  const p2 = input.baselineRate;
  const p1 = input.baselineRate + input.minimumDetectableUplift;
  if (!(p2 > 0 && p2 < 1 && p1 > 0 && p1 < 1) || input.minimumDetectableUplift === 0) {
    throw new RangeError('rates must lie strictly between 0 and 1 and the uplift must not be 0');
  }
  const pBar = (k * p1 + p2) / (k + 1);
  const zAlpha = normalQuantile(1 - alpha / 2);
  const zBeta = normalQuantile(power);
  const numerator = zAlpha * Math.sqrt(pBar * (1 - pBar) * (1 + 1 / k)) + zBeta * Math.sqrt((p1 * (1 - p1)) / k + p2 * (1 - p2));
  const control = Math.ceil(numerator ** 2 / (p1 - p2) ** 2);
  const treatment = Math.ceil(k * control);
  return { treatment, control, total: treatment + control };
}
