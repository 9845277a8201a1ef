import { z } from 'zod';
import { ruleNodeSchema } from './rule-language';

/**
 * Customer 360: the shapes of the customer profile, the rules (invalid, dormant, value tier,
 * lifecycle), the tag library and the customer drill-down as they cross the protocol.
 * The profile is the table `customer_profile`, one row per customer, as of an analysis date
 * (default: the latest date in the data, never the wall clock); grids page it with `table.page`.
 */

export const isoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD');

export const PROFILE_TABLE = 'customer_profile';

export const VALUE_TIERS = ['vip', 'potential', 'long_tail'] as const;
export type ValueTier = (typeof VALUE_TIERS)[number];

/** Evaluated in this order; the first stage whose definition holds is the customer's stage. */
export const LIFECYCLE_STAGES = ['prospect', 'churned', 'new', 'resurrected', 'dormant', 'loyal', 'active'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

// ---------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------

export const RULE_IDS = ['invalid', 'dormant', 'value_tier', 'lifecycle'] as const;
export const ruleIdSchema = z.enum(RULE_IDS);
export type RuleId = z.infer<typeof ruleIdSchema>;

const months = z.number().int().min(1).max(120);

/**
 * Invalid customer (无效客户): latest AUM ≤ maxAum and no account activity — a deposit (credit cash,
 * credit transfer, payroll), a withdrawal (debit cash) or an incoming transfer — in the last
 * `windowMonths` months (ts > asOf − windowMonths months).
 */
export const invalidRuleSchema = z.object({ maxAum: z.number().min(0).max(1e12).default(100), windowMonths: months.default(12) });
/** Dormant (休眠): no customer-initiated transaction (all types but fee and interest) in the last `windowMonths` months. */
export const dormantRuleSchema = z.object({ windowMonths: months.default(6) });
/** Value tier on latest AUM: fixed thresholds, or quantiles (top shares of customers). */
export const valueTierRuleSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('thresholds'), vipMin: z.number().min(0).max(1e13), potentialMin: z.number().min(0).max(1e13) }),
  /** vipTopShare 0.02 = the richest 2 % are VIP; potentialTopShare counts from the top too (includes VIP). */
  z.object({ method: z.literal('quantiles'), vipTopShare: z.number().gt(0).lt(1), potentialTopShare: z.number().gt(0).lt(1) }),
]);
/**
 * Lifecycle stages, evaluated in LIFECYCLE_STAGES order:
 * - prospect: no account at all;
 * - churned: every account closed;
 * - new: onboarded less than `newMonths` months before the as-of date;
 * - resurrected: active in the last `resurrectedRecentMonths` months, inactive in the
 *   `resurrectedGapMonths` months before those, and active at some time before the gap;
 * - dormant: the dormant rule holds;
 * - loyal: tenure ≥ `loyalMinTenureMonths` and active in ≥ `loyalMinActiveMonths` of the last 12 months;
 * - active: everybody else.
 * "Active in a month" = at least one customer-initiated transaction in that month-long window
 * counted back from the as-of date.
 */
export const lifecycleRuleSchema = z.object({
  newMonths: months.default(3),
  resurrectedRecentMonths: z.number().int().min(1).max(12).default(3),
  resurrectedGapMonths: z.number().int().min(1).max(24).default(6),
  loyalMinTenureMonths: months.default(36),
  loyalMinActiveMonths: z.number().int().min(1).max(12).default(10),
});

export const ruleDefinitionSchemas = {
  invalid: invalidRuleSchema,
  dormant: dormantRuleSchema,
  value_tier: valueTierRuleSchema,
  lifecycle: lifecycleRuleSchema,
} as const;
export type RuleDefinitions = { [K in RuleId]: z.infer<(typeof ruleDefinitionSchemas)[K]> };

/** A rule id with its definition, checked together (rules.preview / rules.save params). */
export const ruleWithDefinitionSchema = z.discriminatedUnion('rule', [
  z.object({ rule: z.literal('invalid'), definition: invalidRuleSchema }),
  z.object({ rule: z.literal('dormant'), definition: dormantRuleSchema }),
  z.object({ rule: z.literal('value_tier'), definition: valueTierRuleSchema }),
  z.object({ rule: z.literal('lifecycle'), definition: lifecycleRuleSchema }),
]);
export type RuleWithDefinition = z.infer<typeof ruleWithDefinitionSchema>;

const localisedSchema = z.object({ zh: z.string(), en: z.string() });

export const ruleInfoSchema = z.object({
  rule: ruleIdSchema,
  /** The current definition (the shape of ruleDefinitionSchemas[rule]). */
  definition: z.record(z.string(), z.unknown()),
  version: z.number().int().nonnegative(),
  /** ISO timestamp of the save; null for the built-in default (version 0). */
  updatedAt: z.string().nullable(),
  /** i18n key of the rule's name (`rules.invalid.name` …) and the definition in words. */
  nameKey: z.string(),
  description: localisedSchema,
  /** For categorical rules, each category's definition in words (lifecycle stages, tiers). */
  categories: z.array(z.object({ value: z.string(), description: localisedSchema })).default([]),
});
export type RuleInfo = z.infer<typeof ruleInfoSchema>;

export const ruleVersionSchema = z.object({
  version: z.number().int().positive(),
  definition: z.record(z.string(), z.unknown()),
  updatedAt: z.string(),
});

export const rulePreviewGroupSchema = z.object({ value: z.string(), count: z.number(), share: z.number(), aumShare: z.number() });

export const rulePreviewResultSchema = z.object({
  rule: ruleIdSchema,
  /** Customers the rule flags (invalid, dormant); for tiers and lifecycle, all customers in the profile. */
  count: z.number().int().nonnegative(),
  /** count ÷ customers in the profile, and their AUM ÷ total AUM (0 when the profile is empty). */
  share: z.number(),
  aumShare: z.number(),
  /** Per category (tiers, stages); empty for flag rules. */
  groups: z.array(rulePreviewGroupSchema),
  customers: z.number().int().nonnegative(),
  asOf: isoDateSchema,
  elapsedMs: z.number(),
});
export type RulePreviewResult = z.infer<typeof rulePreviewResultSchema>;

// ---------------------------------------------------------------------------------------------
// Profile
// ---------------------------------------------------------------------------------------------

export const profileBuildParamsSchema = z.object({ asOf: isoDateSchema.optional() });
export const profileBuildResultSchema = z.object({ asOf: isoDateSchema, customers: z.number().int().nonnegative(), columns: z.number().int(), elapsedMs: z.number() });

export const countByValueSchema = z.array(z.object({ value: z.string(), count: z.number(), aum: z.number() }));

export const profileSummarySchema = z.object({
  /** null: no profile built yet (all counts 0). */
  asOf: isoDateSchema.nullable(),
  customers: z.number(),
  /** Customers not flagged invalid. */
  valid: z.number(),
  invalid: z.number(),
  dormant: z.number(),
  vipShare: z.number(),
  totalAum: z.number(),
  byTier: countByValueSchema,
  byLifecycle: countByValueSchema,
  /** ISO timestamp of the build. */
  builtAt: z.string().nullable(),
  /**
   * true when the analyst chose the analysis date; false when it was the latest date in the data,
   * in which case a rebuild after new data moves with the data.
   */
  asOfPinned: z.boolean().default(false),
  /** Data imported since the build (the profile is rebuilt on request, not after every import). */
  stale: z.object({ since: z.string(), tables: z.array(z.string()) }).nullable().optional(),
});
export type ProfileSummary = z.infer<typeof profileSummarySchema>;

export const DISTRIBUTION_FIELDS = ['aum', 'age', 'tenure', 'value_tier', 'lifecycle_stage'] as const;
export const profileDistributionParamsSchema = z.object({
  /** One of DISTRIBUTION_FIELDS, or any numeric / text column of the profile. */
  field: z.string().min(1).max(200),
  /** Numeric fields: number of bins (ignored for log scale, which bins by powers of ten). */
  bins: z.number().int().min(2).max(200).default(20),
  logScale: z.boolean().default(false),
  /** Optional filter: only customers matching this rule tree. */
  where: ruleNodeSchema.optional(),
});
export const distributionBucketSchema = z.object({
  label: z.string(),
  /** Numeric buckets: [from, to) (to inclusive on the last); null for categories and the NULL bucket. */
  from: z.number().nullable(),
  to: z.number().nullable(),
  count: z.number(),
  aum: z.number(),
});
export const profileDistributionResultSchema = z.object({
  field: z.string(),
  kind: z.enum(['numeric', 'categorical']),
  logScale: z.boolean(),
  buckets: z.array(distributionBucketSchema),
  total: z.number(),
});
export type ProfileDistribution = z.infer<typeof profileDistributionResultSchema>;

/** The profile's columns with a group for the grid's column chooser. */
export const profileColumnSchema = z.object({ name: z.string(), type: z.string(), group: z.string() });

// ---------------------------------------------------------------------------------------------
// Tags
// ---------------------------------------------------------------------------------------------

export const tagIdSchema = z.string().min(1).max(100).regex(/^[a-z0-9_:.-]+$/, 'a tag id is a-z 0-9 _ : . -');

export const tagSchema = z.object({
  id: tagIdSchema,
  nameZh: z.string(),
  nameEn: z.string(),
  description: z.string(),
  owner: z.string(),
  builtIn: z.boolean(),
  /** Customers in the current profile the tag holds for (null when no profile is built). */
  memberCount: z.number().nullable(),
  definition: ruleNodeSchema,
  /** Which group a tag is shown under: rule, product, life_stage, behaviour, user. */
  category: z.string(),
  updatedAt: z.string().nullable(),
});
export type Tag = z.infer<typeof tagSchema>;

export const tagsListParamsSchema = z.object({ search: z.string().max(200).optional() });
export const tagsSaveParamsSchema = z.object({
  /** Absent: a new tag (an id is made from nameEn). Built-in ids are refused. */
  id: tagIdSchema.optional(),
  nameZh: z.string().min(1).max(200),
  nameEn: z.string().min(1).max(200),
  description: z.string().max(5000).default(''),
  owner: z.string().max(200).default(''),
  definition: ruleNodeSchema,
});
export const tagDistributionResultSchema = z.object({
  id: tagIdSchema,
  members: z.number(),
  byTier: countByValueSchema,
  byLifecycle: countByValueSchema,
  byAgeBand: countByValueSchema,
});

// ---------------------------------------------------------------------------------------------
// Customer drill-down
// ---------------------------------------------------------------------------------------------

/** JSON-safe cell: DATE/TIMESTAMP as ISO text, DECIMAL/BIGINT as numbers, NULL as null. */
export const cellSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const rowSchema = z.record(z.string(), cellSchema);
export type Row = z.infer<typeof rowSchema>;

export const customerDetailParamsSchema = z.object({
  customerId: z.string().min(1).max(200),
  /** Personal data is masked unless this is true (a deliberate, visible switch in the UI). */
  unmasked: z.boolean().default(false),
  /** Most recent transactions first; paged. */
  transactionsOffset: z.number().int().nonnegative().default(0),
  transactionsLimit: z.number().int().positive().max(1000).default(100),
});
export const customerDetailResultSchema = z.object({
  customerId: z.string(),
  masked: z.boolean(),
  /** The customer_profile row (or the customers row when no profile is built). */
  profile: rowSchema,
  accounts: z.array(rowSchema),
  /** month (YYYY-MM-DD), aum, and any other columns of balances, oldest first. */
  balances: z.array(rowSchema),
  transactions: z.array(rowSchema),
  transactionsTotal: z.number(),
  contacts: z.array(rowSchema),
  /** Ids of the tags (built-in and user) the customer holds. */
  tags: z.array(z.string()),
});
export type CustomerDetail = z.infer<typeof customerDetailResultSchema>;
