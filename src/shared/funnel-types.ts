import { z } from 'zod';
import { fieldConditionSchema } from './rule-language';

/**
 * Funnels over any bank activity (issue 15). A step is a source of dated rows plus filters on that
 * source's columns; the exact semantics (which path counts, ties, strict mode, exclusions,
 * optional steps, windows) are in docs/funnels.md and src/engine/funnels/evaluate-funnel.ts.
 */

/** The dated rows a step can read, over the canonical tables. */
export const FUNNEL_SOURCES = ['events', 'transactions', 'accounts_opened', 'accounts_closed', 'holdings_bought', 'holdings_matured', 'contacts', 'responses'] as const;
export const funnelSourceSchema = z.enum(FUNNEL_SOURCES);
export type FunnelSource = z.infer<typeof funnelSourceSchema>;

/**
 * The columns a step may filter on and hold constant or break down by, per source (a whitelist:
 * nothing else reaches SQL). `properties.<key>` reads a key of an event's JSON properties.
 */
export const FUNNEL_COLUMNS: Record<FunnelSource, readonly string[]> = {
  events: ['event_name', 'account_id'],
  transactions: ['txn_type', 'direction', 'channel', 'counterparty_bank', 'amount', 'account_id'],
  accounts_opened: ['product_type', 'currency', 'status', 'account_id'],
  accounts_closed: ['product_type', 'currency', 'status', 'account_id'],
  holdings_bought: ['product_code', 'product_type', 'amount'],
  holdings_matured: ['product_code', 'product_type', 'amount'],
  contacts: ['campaign_id', 'channel', 'arm', 'outcome'],
  responses: ['campaign_id', 'channel', 'arm', 'outcome'],
};

/** A property name: a source column, or properties.<key> of an event. */
export const propertyNameSchema = z.string().regex(/^([a-z][a-z0-9_]{0,62}|properties\.[A-Za-z0-9_]{1,64})$/, 'a column name or properties.<key>');

export const durationSchema = z.object({
  amount: z.number().int().min(1).max(100_000),
  unit: z.enum(['minutes', 'hours', 'days', 'weeks', 'months']),
});
export type Duration = z.infer<typeof durationSchema>;

export const funnelFilterSchema = fieldConditionSchema;

export const funnelStepSchema = z.object({
  name: z.string().max(200).default(''),
  source: funnelSourceSchema,
  filters: z.array(funnelFilterSchema).max(30).default([]),
  /** Optional steps may be skipped (never the first). */
  optional: z.boolean().default(false),
  /** Step k must follow the previous step taken within this time (none: only the overall window). */
  withinPrevious: durationSchema.optional(),
});
export type FunnelStep = z.infer<typeof funnelStepSchema>;

export const exclusionSchema = z.object({
  source: funnelSourceSchema,
  filters: z.array(funnelFilterSchema).max(30).default([]),
  /** 0-based step numbers: a row of this exclusion after step `from` and before step `to` ends the path there. */
  from: z.number().int().min(0).max(9),
  to: z.number().int().min(1).max(9),
});
export type Exclusion = z.infer<typeof exclusionSchema>;

export const breakdownSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('field'), field: z.string().min(1).max(100) }),
  /** Member of a saved segment or not. */
  z.object({ kind: z.literal('segment'), segmentId: z.string().min(1).max(100) }),
  /** The customer's arm in a campaign (treatment / control / not in the campaign). */
  z.object({ kind: z.literal('arm'), campaignId: z.string().min(1).max(200) }),
  /** A property of the row taken for a step: first touch (step 1), last touch (the last step reached) or step N (0-based). */
  z.object({ kind: z.literal('property'), property: propertyNameSchema, attribution: z.enum(['first', 'last', 'step']).default('first'), step: z.number().int().min(0).max(9).default(0) }),
]);
export type Breakdown = z.infer<typeof breakdownSchema>;

export const funnelSpecSchema = z
  .object({
    steps: z.array(funnelStepSchema).min(2).max(10),
    order: z.enum(['ordered', 'strict', 'unordered']).default('ordered'),
    /** From step 1 to the last step taken. */
    window: durationSchema.default({ amount: 30, unit: 'days' }),
    exclusions: z.array(exclusionSchema).max(10).default([]),
    /** Every step's row has the same (non-null) value of this property (same campaign, product, account). */
    holdConstant: propertyNameSchema.optional(),
    /** The whole base, or a saved segment's members. */
    segmentId: z.string().min(1).max(100).optional(),
    /** Entries (step 1) from..to (inclusive dates); default: the 12 months to the analysis date. */
    period: z.object({ from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }).optional(),
    /** first_step: step 1 in the period (later steps may follow up to the analysis date); all_steps: every step in it. */
    periodApplies: z.enum(['first_step', 'all_steps']).default('first_step'),
    breakdowns: z.array(breakdownSchema).max(2).default([]),
    /** Breakdown values beyond the top N (by step-1 customers) are shown together as Other. */
    topN: z.number().int().min(1).max(50).default(10),
    trend: z.enum(['week', 'month']).default('month'),
  })
  .superRefine((spec, ctx) => {
    if (spec.steps[0]?.optional) ctx.addIssue({ code: 'custom', message: 'the first step cannot be optional', path: ['steps', 0, 'optional'] });
    spec.exclusions.forEach((e, i) => {
      if (e.to <= e.from || e.to >= spec.steps.length) ctx.addIssue({ code: 'custom', message: 'an exclusion lies between two of the funnel’s steps (from < to)', path: ['exclusions', i] });
    });
  });
export type FunnelSpec = z.output<typeof funnelSpecSchema>;
export type FunnelSpecInput = z.input<typeof funnelSpecSchema>;

export const stepResultSchema = z.object({
  customers: z.number().int(),
  /** customers / step-1 customers */
  fromFirst: z.number(),
  /** customers / previous step's customers */
  fromPrevious: z.number(),
  droppedOff: z.number().int(),
  /** From the previous step's row to this step's, over the customers who reached it (seconds). */
  medianSeconds: z.number().nullable(),
  averageSeconds: z.number().nullable(),
});

export const funnelGroupSchema = z.object({
  /** The breakdown value(s), e.g. ['30-44', 'treatment']; [] for the whole population. */
  key: z.array(z.string()),
  steps: z.array(stepResultSchema),
});

export const funnelResultSchema = z.object({
  asOf: z.string(),
  period: z.object({ from: z.string(), to: z.string() }),
  population: z.number().int(),
  stepNames: z.array(z.string()),
  total: funnelGroupSchema,
  groups: z.array(funnelGroupSchema),
  /** Entry → last step, for converters: histogram with bucket bounds in seconds. */
  /** The last bucket has no upper bound (toSeconds null). */
  timeToConvert: z.array(z.object({ fromSeconds: z.number(), toSeconds: z.number().nullable(), customers: z.number().int() })),
  /** Conversion (last step / step 1) per week or month of the entry. */
  trend: z.array(z.object({ period: z.string(), entered: z.number().int(), converted: z.number().int(), rate: z.number() })),
  /** Where the funnel was evaluated: in DuckDB (plain ordered funnels) or by walking each entrant's rows (docs/funnels.md). */
  evaluation: z.enum(['sql', 'stream']),
  elapsedMs: z.number(),
});
export type FunnelResult = z.infer<typeof funnelResultSchema>;

export const savedFunnelSchema = z.object({
  id: z.string(),
  name: z.string(),
  version: z.number().int().positive(),
  savedAt: z.string(),
  spec: funnelSpecSchema,
});
export type SavedFunnel = z.infer<typeof savedFunnelSchema>;
