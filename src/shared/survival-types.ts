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

// ---------------------------------------------------------------------------------------------
// Churn definitions (流失口径)
// ---------------------------------------------------------------------------------------------

/** Seeded ids and user-added ones: lower-case letters, digits and underscores. */
export const churnDefinitionIdSchema = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/);

const monthCount = z.number().int().min(1).max(60);

/**
 * Each rule gives every customer an event date or none; a date after the analysis date is none
 * (censored at the analysis date). Exact rules: docs/churn.md.
 */
export const churnRuleSchema = z.discriminatedUnion('kind', [
  /** Every account of the customer is closed by the analysis date; event = the last closing date. */
  z.object({ kind: z.literal('accounts_closed') }),
  /**
   * Month-end AUM below `belowAmount`, or below `belowPeakPercent` % of the customer's own peak over
   * the 6 months before, for `months` consecutive months; event = the end of the run's first month.
   */
  z
    .object({
      kind: z.literal('aum_low'),
      belowAmount: z.number().min(0).max(1e12).nullable(),
      belowPeakPercent: z.number().gt(0).max(100).nullable(),
      months: monthCount,
    })
    .refine((r) => r.belowAmount !== null || r.belowPeakPercent !== null, { message: 'give an amount, a share of the peak, or both' }),
  /**
   * No payroll credit for `missingMonths` consecutive complete months after at least
   * `minPayrollMonths` months with payroll; event = the first day of the first missing month.
   */
  z.object({ kind: z.literal('payroll_stopped'), missingMonths: monthCount, minPayrollMonths: monthCount }),
  /** No customer-initiated transaction for `months` months (from onboarding if none ever); event = the day the silence began. */
  z.object({ kind: z.literal('no_activity'), months: monthCount }),
]);
export type ChurnRule = z.infer<typeof churnRuleSchema>;
export type ChurnKind = ChurnRule['kind'];

export const churnDefinitionSchema = z.object({
  id: churnDefinitionIdSchema,
  name: z.string().min(1).max(100),
  rule: churnRuleSchema,
});
export type ChurnDefinition = z.infer<typeof churnDefinitionSchema>;

export const churnDefinitionInfoSchema = churnDefinitionSchema.extend({
  /** 0 = the built-in seed; each save appends a version. */
  version: z.number().int().nonnegative(),
  updatedAt: z.string().nullable(),
  description: z.object({ zh: z.string(), en: z.string() }),
});
export type ChurnDefinitionInfo = z.infer<typeof churnDefinitionInfoSchema>;

/** A saved definition by id, or one being edited (not saved). */
export const churnSelectionSchema = z.union([z.object({ id: churnDefinitionIdSchema }), z.object({ rule: churnRuleSchema })]);
export type ChurnSelection = z.infer<typeof churnSelectionSchema>;

export const churnPreviewResultSchema = z.object({
  /** Customers with an event on or before the analysis date. */
  churned: z.number().int().nonnegative(),
  customers: z.number().int().nonnegative(),
  share: z.number(),
  /** Events per month (YYYY-MM), oldest first. */
  byMonth: z.array(z.object({ month: z.string(), churned: z.number().int().nonnegative() })),
  asOf: z.string(),
  elapsedMs: z.number(),
});
export type ChurnPreviewResult = z.infer<typeof churnPreviewResultSchema>;

// ---------------------------------------------------------------------------------------------
// Survival analysis (survival.run)
// ---------------------------------------------------------------------------------------------

const segmentId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);

/**
 * Where the clock starts. onboarding: the onboarding date, or the start of the data when later
 * (earlier tenure is not observed); first_payroll: the first payroll credit; contact: the first
 * contact of a campaign (any campaign if none named); segment_entry: the date a static segment
 * was frozen (its members entered it then).
 */
export const survivalStartSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('onboarding') }),
  z.object({ kind: z.literal('first_payroll') }),
  z.object({ kind: z.literal('contact'), campaignId: z.string().min(1).max(200).optional() }),
  z.object({ kind: z.literal('segment_entry'), segmentId }),
]);
export type SurvivalStart = z.infer<typeof survivalStartSchema>;

/** Whom to analyse: every customer of the profile, or a segment's members. */
export const populationSchema = z.object({ segmentId: segmentId.optional() }).default({});

/** At most 8 groups: a field with more values keeps its 7 largest and puts the rest in "other". */
export const MAX_GROUPS = 8;

export const groupBySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  /** value_tier of the profile (as of the analysis date). */
  z.object({ kind: z.literal('tier') }),
  /** The tier of the month-end AUM of the start month (the current tier thresholds): the tier the customer started in. */
  z.object({ kind: z.literal('tier_at_start') }),
  /**
   * The tier before churning: for a churner, of the highest month-end AUM of the 6 months before the
   * churn month (a leaver's AUM is 0 by the analysis date); for the others, the profile's tier.
   */
  z.object({ kind: z.literal('tier_before_churn') }),
  /** 18-29 / 30-44 / 45-59 / 60+ at the analysis date. */
  z.object({ kind: z.literal('age_band') }),
  /** One group per segment (a customer in several goes to the first listed). */
  z.object({ kind: z.literal('segments'), ids: z.array(segmentId).min(1).max(MAX_GROUPS) }),
  /** Any profile column, by its value as text. */
  z.object({ kind: z.literal('field'), field: z.string().min(1).max(200) }),
]);
export type GroupBy = z.infer<typeof groupBySchema>;

export const survivalParamsSchema = z.object({
  churn: churnSelectionSchema.default({ id: 'accounts_closed' }),
  start: survivalStartSchema.default({ kind: 'onboarding' }),
  population: populationSchema,
  groupBy: groupBySchema.default({ kind: 'none' }),
  /** Months at which the table of survival is read. */
  months: z.array(z.number().int().min(0).max(600)).max(24).default([3, 6, 12, 24]),
  /** Months at which the number at risk is shown under the chart (default: every 6 months to the end). */
  atRiskTimes: z.array(z.number().int().min(0).max(600)).max(60).optional(),
});
export type SurvivalParams = z.input<typeof survivalParamsSchema>;

export const survivalGroupSchema = z.object({
  key: z.string(),
  curve: kmCurveSchema,
  /** S at each requested month, with its interval; null beyond the group's follow-up. */
  atMonths: z.array(
    z.object({ month: z.number(), survival: z.number().nullable(), lower: z.number().nullable(), upper: z.number().nullable(), atRisk: z.number().int() }),
  ),
  atRisk: z.array(z.number().int()),
});
export type SurvivalGroup = z.infer<typeof survivalGroupSchema>;

export const survivalResultSchema = z.object({
  asOf: z.string(),
  churn: z.object({ id: z.string().nullable(), version: z.number().int().nullable(), rule: churnRuleSchema, description: z.object({ zh: z.string(), en: z.string() }) }),
  start: survivalStartSchema,
  groupBy: groupBySchema,
  /**
   * Months on book: the start's calendar month is month 1; a churn in the n-th calendar month counts
   * at n; a customer still there is censored at the calendar months completed by the analysis date.
   */
  timeUnit: z.literal('month'),
  groups: z.array(survivalGroupSchema),
  atRiskTimes: z.array(z.number()),
  /** Across the groups (null with fewer than two). */
  logRank: logRankSchema.nullable(),
  /** Customers of the population left out: no start date (or after the analysis date), or churned before the start. */
  excluded: z.object({ noStart: z.number().int(), churnedBeforeStart: z.number().int() }),
  /** The interval's method, for the chart's note. */
  confidence: z.literal('greenwood-log-log-95'),
  elapsedMs: z.number(),
});
export type SurvivalResult = z.infer<typeof survivalResultSchema>;

// ---------------------------------------------------------------------------------------------
// Retention cohorts (留存) and lifecycle (生命周期)
// ---------------------------------------------------------------------------------------------

export const periodSchema = z.enum(['week', 'month']);
export type Period = z.infer<typeof periodSchema>;

/** What makes a customer "active" in a period. */
export const activitySchema = z.discriminatedUnion('kind', [
  /** Any customer-initiated transaction (interest and fees are the bank's postings, not the customer's). */
  z.object({ kind: z.literal('transaction') }),
  z.object({ kind: z.literal('payroll') }),
  /** Holds a product (a holding live at some point of the period). */
  z.object({ kind: z.literal('holding') }),
  /** An event of the events table (any, or one name). */
  z.object({ kind: z.literal('event'), eventName: z.string().min(1).max(200).optional() }),
]);
export type Activity = z.infer<typeof activitySchema>;

export const retentionParamsSchema = z.object({
  /** onboarding month, first payroll month, or first product purchase (first holding). */
  cohort: z.enum(['onboarding', 'first_payroll', 'first_purchase']).default('onboarding'),
  returnEvent: activitySchema.default({ kind: 'transaction' }),
  /** on: active in period k; on_or_after: active in period k or any later one. */
  mode: z.enum(['on', 'on_or_after']).default('on'),
  period: periodSchema.default('month'),
  /** Cohorts shown: the latest N periods up to the analysis date. */
  cohorts: z.number().int().min(1).max(104).default(12),
  /** Columns k = 0 … periods. */
  periods: z.number().int().min(1).max(104).default(12),
  population: populationSchema,
});
export type RetentionParams = z.input<typeof retentionParamsSchema>;

export const retentionResultSchema = z.object({
  asOf: z.string(),
  period: periodSchema,
  mode: z.enum(['on', 'on_or_after']),
  rows: z.array(
    z.object({
      /** The cohort period's first day (YYYY-MM-DD). */
      cohort: z.string(),
      size: z.number().int().nonnegative(),
      /** Customers retained at k = 0 … periods; null where period k has not started by the analysis date. */
      retained: z.array(z.number().int().nullable()),
      rates: z.array(z.number().nullable()),
    }),
  ),
  elapsedMs: z.number(),
});
export type RetentionResult = z.infer<typeof retentionResultSchema>;

export const LIFECYCLE_CATEGORIES = ['new', 'returning', 'resurrecting', 'dormant'] as const;
export type LifecycleCategory = (typeof LIFECYCLE_CATEGORIES)[number];

export const lifecycleParamsSchema = z.object({
  activity: activitySchema.default({ kind: 'transaction' }),
  period: periodSchema.default('month'),
  /** The latest N periods up to the analysis date. */
  periods: z.number().int().min(1).max(104).default(24),
  population: populationSchema,
});
export type LifecycleParams = z.input<typeof lifecycleParamsSchema>;

export const lifecycleResultSchema = z.object({
  asOf: z.string(),
  period: periodSchema,
  /**
   * PostHog's lifecycle: new = active in the period it was onboarded in; returning = active in this
   * period and the one before; resurrecting = active now, not in the period before, onboarded
   * earlier; dormant = active in the period before but not in this one, counted negative.
   */
  rows: z.array(z.object({ period: z.string(), new: z.number().int(), returning: z.number().int(), resurrecting: z.number().int(), dormant: z.number().int() })),
  elapsedMs: z.number(),
});
export type LifecycleResult = z.infer<typeof lifecycleResultSchema>;

// ---------------------------------------------------------------------------------------------
// Payroll and AUM flows
// ---------------------------------------------------------------------------------------------

export const OUTFLOW_BUCKETS = ['0-0.2', '0.2-0.4', '0.4-0.6', '0.6-0.8', '0.8+'] as const;

export const payrollFlowParamsSchema = z.object({
  /** The payroll-stopped definition whose events are counted per month. */
  churn: churnSelectionSchema.default({ id: 'payroll_stopped_3m' }),
  months: z.number().int().min(1).max(120).default(24),
  population: populationSchema,
});
export type PayrollFlowParams = z.input<typeof payrollFlowParamsSchema>;

export const payrollFlowResultSchema = z.object({
  asOf: z.string(),
  rows: z.array(
    z.object({
      month: z.string(),
      customers: z.number().int(),
      amount: z.number(),
      /** Customers whose payroll stopped (the definition's event) in this month. */
      stopped: z.number().int(),
      /** Customers by outflow ratio that month (moved to other banks within 7 days ÷ payroll), OUTFLOW_BUCKETS order. */
      outflow: z.array(z.number().int()),
      medianOutflowRatio: z.number().nullable(),
    }),
  ),
  elapsedMs: z.number(),
});
export type PayrollFlowResult = z.infer<typeof payrollFlowResultSchema>;

export const aumFlowParamsSchema = z.object({ months: z.number().int().min(1).max(120).default(24), population: populationSchema });
export type AumFlowParams = z.input<typeof aumFlowParamsSchema>;

export const aumFlowResultSchema = z.object({
  asOf: z.string(),
  /**
   * Month-end AUM against the month before, customer by customer: new money (no AUM before),
   * growth, decline, churned money (no AUM now); net = new + growth − decline − churned = the
   * change of the total.
   */
  rows: z.array(
    z.object({ month: z.string(), aum: z.number(), newMoney: z.number(), growth: z.number(), decline: z.number(), churned: z.number(), net: z.number() }),
  ),
  elapsedMs: z.number(),
});
export type AumFlowResult = z.infer<typeof aumFlowResultSchema>;

// ---------------------------------------------------------------------------------------------
// Early warning (预警)
// ---------------------------------------------------------------------------------------------

export const WARNING_TAGS = ['payroll_missing', 'aum_drop', 'payroll_outflow', 'activity_falling'] as const;
export type WarningTag = (typeof WARNING_TAGS)[number];

export const warningSignalsSchema = z
  .object({
    /** Payroll missing in the last 1 or 2 complete months, after ≥ 3 payroll months in the 6 before. */
    payrollMissingMonths: z.number().int().min(1).max(2).default(1),
    /** Month-end AUM down by at least this share against 3 months before. */
    aumDropShare: z.number().gt(0).max(1).default(0.3),
    /** Outflow ratio over the payroll of the last 3 months (moved to other banks within 7 days). */
    outflowRatio: z.number().gt(0).max(10).default(0.8),
    /** Customer-initiated transactions of the last 3 months at most (1 − share) × the 3 months before (≥ 3 of them). */
    activityDropShare: z.number().gt(0).max(1).default(0.5),
  })
  .default({ payrollMissingMonths: 1, aumDropShare: 0.3, outflowRatio: 0.8, activityDropShare: 0.5 });
export type WarningSignals = z.output<typeof warningSignalsSchema>;

export const warningParamsSchema = z.object({
  signals: warningSignalsSchema,
  population: populationSchema,
  limit: z.number().int().min(1).max(10_000).default(200),
  /** The back-test: flags as of this many months before the analysis date, churn by this definition. */
  backtestMonths: z.number().int().min(1).max(60).default(12),
  churn: churnSelectionSchema.default({ id: 'accounts_closed' }),
});
export type WarningParams = z.input<typeof warningParamsSchema>;

export const backtestHorizonSchema = z.object({
  months: z.number().int(),
  /** Flagged customers who churned within the horizon. */
  flaggedChurned: z.number().int(),
  /** All customers (of those at risk then) who churned within the horizon. */
  churned: z.number().int(),
  /** flaggedChurned / flagged. */
  precision: z.number().nullable(),
  /** flaggedChurned / churned: the share of churners flagged. */
  recall: z.number().nullable(),
});

export const warningResultSchema = z.object({
  asOf: z.string(),
  /** Customers with at least one tag. */
  flagged: z.number().int(),
  flaggedAum: z.number(),
  tags: z.array(z.object({ tag: z.enum(WARNING_TAGS), count: z.number().int() })),
  /** Ranked by AUM at risk (the month-end AUM), largest first; masked fields are not included. */
  customers: z.array(z.object({ customerId: z.string(), aum: z.number(), tags: z.array(z.enum(WARNING_TAGS)) })),
  backtest: z.object({ asOf: z.string(), customers: z.number().int(), flagged: z.number().int(), horizons: z.array(backtestHorizonSchema) }),
  elapsedMs: z.number(),
});
export type WarningResult = z.infer<typeof warningResultSchema>;
