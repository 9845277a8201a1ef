/**
 * How well a score ranks: ROC/AUC, KS, lift, gains and calibration by decile. Ties in the score
 * are treated as one threshold (a customer's rank among equals is not a property of the model),
 * so the AUC is the Mann–Whitney statistic with average ranks, as scikit-learn's roc_auc_score.
 */

export interface RocPoint {
  threshold: number;
  falsePositiveRate: number;
  truePositiveRate: number;
}

/** Indices of scores, highest first (stable: equal scores keep their order). */
function descendingOrder(scores: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => scores[b]! - scores[a]! || a - b);
}

/** The ROC curve at every distinct score, from (0,0) to (1,1). */
export function rocCurve(scores: ArrayLike<number>, labels: ArrayLike<number>): RocPoint[] {
  const order = descendingOrder(scores);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] ? 1 : 0;
  const negatives = labels.length - positives;
  const points: RocPoint[] = [{ threshold: Number.POSITIVE_INFINITY, falsePositiveRate: 0, truePositiveRate: 0 }];
  let tp = 0;
  let fp = 0;
  for (let r = 0; r < order.length; r++) {
    const i = order[r]!;
    if (labels[i]) tp++;
    else fp++;
    const next = order[r + 1];
    if (next !== undefined && scores[next] === scores[i]) continue;
    points.push({ threshold: scores[i]!, falsePositiveRate: negatives ? fp / negatives : 0, truePositiveRate: positives ? tp / positives : 0 });
  }
  return points;
}

/** Area under the ROC curve (trapezoids over tie groups = Mann–Whitney with average ranks). */
export function areaUnderRoc(points: readonly RocPoint[]): number {
  let area = 0;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    area += ((b.falsePositiveRate - a.falsePositiveRate) * (a.truePositiveRate + b.truePositiveRate)) / 2;
  }
  return area;
}

/** Kolmogorov–Smirnov: the largest gap between the responders' and non-responders' score CDFs. */
export function ksStatistic(points: readonly RocPoint[]): { ks: number; threshold: number } {
  let best = { ks: 0, threshold: Number.NaN };
  for (const point of points) {
    const gap = point.truePositiveRate - point.falsePositiveRate;
    if (gap > best.ks) best = { ks: gap, threshold: point.threshold };
  }
  return best;
}

export interface DecileRow {
  /** 1 = the highest scores. */
  decile: number;
  customers: number;
  responders: number;
  rate: number;
  /** rate / overall rate */
  lift: number;
  cumulativeCustomers: number;
  cumulativeResponders: number;
  /** Share of all responders in deciles 1..d (cumulative gains). */
  cumulativeGain: number;
  cumulativeLift: number;
  meanScore: number;
  minScore: number;
  maxScore: number;
}

/**
 * Deciles of the ranked customers: row r (0-based, highest score first) falls in decile
 * ⌊10·r/n⌋ + 1, so every decile holds n/10 customers (±1) whatever the ties.
 */
export function decileTable(scores: ArrayLike<number>, labels: ArrayLike<number>, groups = 10): DecileRow[] {
  const order = descendingOrder(scores);
  const n = order.length;
  let totalResponders = 0;
  for (let i = 0; i < n; i++) totalResponders += labels[i] ? 1 : 0;
  const overall = n ? totalResponders / n : 0;
  const rows: DecileRow[] = [];
  let cumulativeCustomers = 0;
  let cumulativeResponders = 0;
  for (let g = 0; g < groups; g++) {
    const start = Math.floor((g * n) / groups);
    const end = Math.floor(((g + 1) * n) / groups);
    let responders = 0;
    let scoreSum = 0;
    let minScore = Number.POSITIVE_INFINITY;
    let maxScore = Number.NEGATIVE_INFINITY;
    for (let r = start; r < end; r++) {
      const i = order[r]!;
      responders += labels[i] ? 1 : 0;
      const s = scores[i]!;
      scoreSum += s;
      minScore = Math.min(minScore, s);
      maxScore = Math.max(maxScore, s);
    }
    const customers = end - start;
    cumulativeCustomers += customers;
    cumulativeResponders += responders;
    const rate = customers ? responders / customers : 0;
    rows.push({
      decile: g + 1,
      customers,
      responders,
      rate,
      lift: overall ? rate / overall : 0,
      cumulativeCustomers,
      cumulativeResponders,
      cumulativeGain: totalResponders ? cumulativeResponders / totalResponders : 0,
      cumulativeLift: overall && cumulativeCustomers ? cumulativeResponders / cumulativeCustomers / overall : 0,
      meanScore: customers ? scoreSum / customers : 0,
      minScore: customers ? minScore : Number.NaN,
      maxScore: customers ? maxScore : Number.NaN,
    });
  }
  return rows;
}

/** Mean log-loss of predicted probabilities. */
export function meanLogLoss(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  let sum = 0;
  const eps = 1e-15;
  for (let i = 0; i < probabilities.length; i++) {
    const p = Math.min(1 - eps, Math.max(eps, probabilities[i]!));
    sum -= labels[i] ? Math.log(p) : Math.log(1 - p);
  }
  return sum / probabilities.length;
}

/** Share of the label's positives caught in the top fraction of scores (e.g. 0.1, 0.2). */
export function captureRate(scores: ArrayLike<number>, labels: ArrayLike<number>, topShare: number): number {
  const order = descendingOrder(scores);
  const cut = Math.round(order.length * topShare);
  let caught = 0;
  let total = 0;
  for (let r = 0; r < order.length; r++) {
    const positive = labels[order[r]!] ? 1 : 0;
    total += positive;
    if (r < cut) caught += positive;
  }
  return total ? caught / total : 0;
}
