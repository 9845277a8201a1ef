import { z } from 'zod';

/**
 * Survival and retention (流失与留存): Kaplan–Meier curves with Greenwood variance and log-log
 * 95 % intervals, the log-rank test, churn definitions (流失口径), retention cohorts, lifecycle,
 * payroll and AUM flows and the early-warning list. Estimators and definitions: docs/churn.md.
 */

// ---------------------------------------------------------------------------------------------
// Kaplan–Meier and log-rank
// ---------------------------------------------------------------------------------------------

/** One step of a curve: every distinct time with an event or a censoring (R survfit's rows). */
export const kmStepSchema = z.object({
  time: z.number(),
  atRisk: z.number().int().nonnegative(),
  events: z.number().int().nonnegative(),
  censored: z.number().int().nonnegative(),
  survival: z.number(),
  /** Greenwood standard error of S (null where S = 0: undefined). */
  se: z.number().nullable(),
  /** 95 % pointwise log-log interval; null where undefined (S = 1 before the first event, S = 0). */
  lower: z.number().nullable(),
  upper: z.number().nullable(),
});
export type KmStep = z.infer<typeof kmStepSchema>;

export const medianSchema = z.object({
  /** First time with S ≤ 0.5 (midpoint to the next event time where S = 0.5 exactly, as R does); null if never reached. */
  value: z.number().nullable(),
  lower: z.number().nullable(),
  upper: z.number().nullable(),
});

export const kmCurveSchema = z.object({
  customers: z.number().int().nonnegative(),
  events: z.number().int().nonnegative(),
  censored: z.number().int().nonnegative(),
  steps: z.array(kmStepSchema),
  median: medianSchema,
});
export type KmCurve = z.infer<typeof kmCurveSchema>;

export const logRankSchema = z.object({
  chiSquare: z.number(),
  df: z.number().int().nonnegative(),
  /** P(χ²_df > chiSquare); null when df = 0 (one group, or no events). */
  p: z.number().nullable(),
  observed: z.array(z.number()),
  expected: z.array(z.number()),
});
export type LogRank = z.infer<typeof logRankSchema>;
