import type { ModelMetrics } from '../../shared/model-types';
import { areaUnderRoc, captureRate, decileTable, ksStatistic, meanLogLoss, rocCurve } from './model-metrics';

const ROC_POINTS = 200;

/** Every point of a long curve is not needed on screen: keep ≈ 200, always the first and last. */
function thinned<T>(points: readonly T[], keep: number): T[] {
  if (points.length <= keep + 1) return [...points];
  const step = (points.length - 1) / keep;
  return Array.from({ length: keep + 1 }, (_, i) => points[Math.round(i * step)]!);
}

export function evaluateScores(scores: Float64Array, labels: Uint8Array): ModelMetrics {
  const roc = rocCurve(scores, labels);
  let positives = 0;
  for (const y of labels) positives += y;
  return {
    rows: labels.length,
    positives,
    auc: areaUnderRoc(roc),
    ks: ksStatistic(roc).ks,
    logLoss: meanLogLoss(scores, labels),
    roc: thinned(roc, ROC_POINTS).map((p) => ({ fpr: p.falsePositiveRate, tpr: p.truePositiveRate })),
    deciles: decileTable(scores, labels),
    captureTop10: captureRate(scores, labels, 0.1),
    captureTop20: captureRate(scores, labels, 0.2),
  };
}
