import { z } from 'zod';
import { segmentIdSchema } from './segment-types';

/** A model's name becomes a profile column (`score_<name>`), so it is an identifier. */
export const modelNameSchema = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lower-case letters, digits and _; starting with a letter');

export const featureSpecSchema = z.object({
  /** A customer_profile column, or `contact_channel` (the channel of the contact, response models). */
  name: z.string().min(1).max(100),
  kind: z.enum(['numeric', 'categorical']),
  /** log1p: ln(1 + max(x, 0)), for heavy-tailed amounts such as AUM (numeric features only). */
  transform: z.enum(['none', 'log1p']).default('none'),
});
export type FeatureSpecInput = z.infer<typeof featureSpecSchema>;

export const labelSpecSchema = z.discriminatedUnion('kind', [
  z.object({
    /** Responded to a contact of these campaigns (any campaign when empty) within withinDays of it. */
    kind: z.literal('response'),
    campaignIds: z.array(z.string().min(1).max(200)).max(100).default([]),
    withinDays: z.number().int().min(1).max(365).default(14),
  }),
  z.object({
    /**
     * Payroll stopped: a payroll customer (payroll in the as-of month and in at least
     * minPayrollMonths of the six months to it) has, starting within horizonMonths after the
     * as-of month, gapMonths consecutive months without a payroll credit.
     */
    kind: z.literal('payroll_churn'),
    gapMonths: z.number().int().min(1).max(24).default(3),
    horizonMonths: z.number().int().min(1).max(24).default(3),
    minPayrollMonths: z.number().int().min(1).max(6).default(3),
    /** Month-end snapshots, the latest ones whose label window lies wholly inside the data. */
    snapshots: z.number().int().min(1).max(36).default(12),
  }),
  z.object({
    /**
     * Becomes a member of a saved dynamic segment: a customer who is not a member at a month-end
     * as-of date is labelled 1 when a member at the month end horizonMonths later (both judged on
     * the profile as it stood then, with the current rules). Static segments are refused: their
     * membership does not change with time.
     */
    kind: z.literal('segment'),
    segmentId: segmentIdSchema,
    horizonMonths: z.number().int().min(1).max(24).default(3),
    /** Month-end snapshots, the latest ones whose later month end lies inside the data. */
    snapshots: z.number().int().min(1).max(36).default(12),
  }),
]);
export type LabelSpec = z.infer<typeof labelSpecSchema>;

export const splitSpecSchema = z.discriminatedUnion('kind', [
  /** A seeded hash of customer_id: the same seed gives the same split on any machine. */
  z.object({ kind: z.literal('random'), testShare: z.number().min(0.05).max(0.9).default(0.3), seed: z.number().int().min(0).max(2 ** 31 - 1).default(42) }),
  /** The latest testDates as-of dates are the test set (out of time). */
  z.object({ kind: z.literal('time'), testDates: z.number().int().min(1).max(12).default(1) }),
]);

export const modelSpecSchema = z.object({
  name: modelNameSchema,
  description: z.string().max(2_000).default(''),
  label: labelSpecSchema,
  /** Empty: the default features of the label's kind. */
  features: z.array(featureSpecSchema).max(200).default([]),
  /** scikit-learn's C: inverse regularisation strength. */
  C: z.number().positive().max(1e6).default(1),
  split: splitSpecSchema.default({ kind: 'random', testShare: 0.3, seed: 42 }),
  /** Categories seen in fewer than this share of the training rows are grouped into (other). */
  rareLevelShare: z.number().min(0).max(0.2).default(0.005),
});
export type ModelSpec = z.infer<typeof modelSpecSchema>;
export type ModelSpecInput = z.input<typeof modelSpecSchema>;

export const trainingDateSchema = z.object({ asOf: z.string(), rows: z.number().int(), positives: z.number().int(), rate: z.number() });
export const trainingSetSummarySchema = z.object({
  dates: z.array(trainingDateSchema),
  rows: z.number().int(),
  positives: z.number().int(),
  features: z.array(featureSpecSchema),
});
export type TrainingSetSummary = z.infer<typeof trainingSetSummarySchema>;

export const decileRowSchema = z.object({
  decile: z.number().int(),
  customers: z.number().int(),
  responders: z.number().int(),
  rate: z.number(),
  lift: z.number(),
  cumulativeCustomers: z.number().int(),
  cumulativeResponders: z.number().int(),
  cumulativeGain: z.number(),
  cumulativeLift: z.number(),
  meanScore: z.number(),
  minScore: z.number(),
  maxScore: z.number(),
});

export const modelMetricsSchema = z.object({
  rows: z.number().int(),
  positives: z.number().int(),
  auc: z.number(),
  ks: z.number(),
  logLoss: z.number(),
  /** At most 201 points, evenly spread over the ranking. */
  roc: z.array(z.object({ fpr: z.number(), tpr: z.number() })),
  deciles: z.array(decileRowSchema),
  /** Share of the label's positives in the top 10 % and 20 % of scores. */
  captureTop10: z.number(),
  captureTop20: z.number(),
});
export type ModelMetrics = z.infer<typeof modelMetricsSchema>;

export const encodingSchema = z.object({
  numeric: z.array(z.object({ name: z.string(), mean: z.number(), sd: z.number(), missingFlag: z.boolean() })),
  categorical: z.array(z.object({ name: z.string(), levels: z.array(z.string()) })),
  columnNames: z.array(z.string()),
});

export const modelCardSchema = z.object({
  name: modelNameSchema,
  version: z.number().int().positive(),
  createdAt: z.string(),
  spec: modelSpecSchema,
  trainingSet: trainingSetSummarySchema,
  encoding: encodingSchema,
  intercept: z.number(),
  coefficients: z.array(z.object({ feature: z.string(), coefficient: z.number(), oddsRatio: z.number() })),
  iterations: z.number().int(),
  converged: z.boolean(),
  dataVersion: z.string(),
  metrics: z.object({ train: modelMetricsSchema, test: modelMetricsSchema.nullable() }),
  timings: z.object({ trainingSetMs: z.number(), fitMs: z.number(), evaluateMs: z.number() }),
});
export type ModelCard = z.infer<typeof modelCardSchema>;

export const modelSummarySchema = z.object({
  name: modelNameSchema,
  version: z.number().int(),
  createdAt: z.string(),
  label: z.string(),
  auc: z.number(),
  testAuc: z.number().nullable(),
  rows: z.number().int(),
  scoredAt: z.string().nullable(),
});

/** The profile column a scored model writes (usable in segments, breakdowns and campaign ranking). */
export function scoreColumnName(model: string): string {
  return `score_${model}`;
}

export const cutoffSchema = z.discriminatedUnion('by', [
  z.object({ by: z.literal('capacity'), topN: z.number().int().min(1).max(50_000_000), perGroup: z.string().min(1).max(100).optional() }),
  z.object({ by: z.literal('threshold'), score: z.number().min(0).max(1) }),
  /** Expected profit of contacting a customer: value · p − cost; contact the k that maximise the sum. */
  z.object({ by: z.literal('profit'), valuePerResponse: z.number().nonnegative(), costPerContact: z.number().nonnegative() }),
]);
export type Cutoff = z.infer<typeof cutoffSchema>;

export const cutoffResultSchema = z.object({
  /** The curve over the ranked customers (≤ 201 points): k, the score at k, expected responders and profit. */
  curve: z.array(z.object({ k: z.number().int(), score: z.number(), expectedResponders: z.number(), expectedProfit: z.number().nullable() })),
  chosen: z.object({ customers: z.number().int(), threshold: z.number(), expectedResponders: z.number(), expectedProfit: z.number().nullable() }),
  population: z.number().int(),
});
export type CutoffResult = z.infer<typeof cutoffResultSchema>;

export const intervalSchema = z.object({ lower: z.number(), upper: z.number() });
export const armResultSchema = z.object({ arm: z.string(), customers: z.number().int(), responders: z.number().int(), rate: z.number(), interval: intervalSchema });
export const upliftSchema = z.object({
  treatment: armResultSchema,
  control: armResultSchema,
  absolute: z.number(),
  absoluteInterval: intervalSchema,
  relative: z.number().nullable(),
  relativeInterval: intervalSchema.nullable(),
  z: z.number(),
  p: z.number(),
  incrementalResponders: z.number(),
});
export type Uplift = z.infer<typeof upliftSchema>;

export const experimentReportSchema = z.object({
  campaignId: z.string(),
  arms: z.array(armResultSchema),
  uplift: upliftSchema.nullable(),
  sampleRatio: z.object({ planned: z.record(z.string(), z.number()), chiSquare: z.number(), df: z.number().int(), p: z.number(), mismatch: z.boolean() }).nullable(),
  /** Mean AUM change from the month before the contact to the month after, per arm, and the difference × treated customers. */
  aum: z.object({ treatmentChange: z.number(), controlChange: z.number(), incremental: z.number() }).nullable(),
  breakdown: z.object({ field: z.string(), groups: z.array(z.object({ value: z.string(), uplift: upliftSchema.nullable() })) }).nullable(),
});
export type ExperimentReport = z.infer<typeof experimentReportSchema>;

export const sampleSizeParamsSchema = z.object({
  baselineRate: z.number().gt(0).lt(1),
  minimumDetectableUplift: z.number(),
  alpha: z.number().gt(0).lt(1).default(0.05),
  power: z.number().gt(0).lt(1).default(0.8),
  ratio: z.number().positive().max(100).default(1),
});
