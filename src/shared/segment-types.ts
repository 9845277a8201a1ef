import { z } from 'zod';
import { isoDateSchema, tagIdSchema } from './customer-types';
import {
  betweenConditionSchema,
  emptyConditionSchema,
  fieldConditionSchema,
  fieldNameSchema,
  listConditionSchema,
  RULE_LANGUAGE_VERSION,
  scalarConditionSchema,
  type FieldCondition,
} from './rule-language';
import { tableRefSchema, columnInfoSchema } from './table-types';

/**
 * Segments (客群): the segment rule language, saved segments with versions, and the results of the
 * segment methods. The segment rule language is a SUPERSET of rule language v1
 * (src/shared/rule-language.ts): every v1 tree is a valid segment tree with the same meaning, and
 * segment trees add
 *  - on every node: an optional `id` (stable; names the node in the waterfall and in messages) and
 *    `enabled` (false = switched off: the node is skipped, and a group left empty by switched-off
 *    children is skipped too; an empty root means everybody);
 *  - date operators on profile fields: within the last N days, before / after a date;
 *  - `tag` (a built-in or user tag holds), `segment` (member of another saved segment; a cycle is
 *    refused, naming the segments in it);
 *  - behavioural conditions over the canonical tables transactions / events / contacts / holdings /
 *    balances: `activity` (count, sum or average of matching rows in a window), `aum_change`,
 *    `sequence` (did X but not Y within D days) and `holding` (holds / never held / stopped holding).
 *
 * Windows are relative to the profile's as-of date (never the wall clock):
 *  - `{ lastDays: N }`: the N calendar days ending with the as-of day (N = 1: the as-of day);
 *  - `{ lastMonths: N }`: dates d with asOf − N months < d ≤ asOf (the profile's own convention);
 *  - `{ from, to }`: from ≤ date ≤ to (both included; to is clamped to the as-of date);
 *  - absent: all history up to and including the as-of day.
 * Rows dated after the as-of day never count.
 *
 * Example — "payroll customers aged 30–45 with ≥ 3 mobile transactions in the last 3 months,
 * and not in segment seg_vip":
 * ```json
 * { "kind": "and", "children": [
 *   { "kind": "field", "id": "c1", "field": "payroll_flag", "op": "=", "value": true },
 *   { "kind": "field", "id": "c2", "field": "age", "op": "between", "from": 30, "to": 45 },
 *   { "kind": "activity", "id": "c3", "source": "transactions", "filters": [
 *       { "kind": "field", "field": "channel", "op": "=", "value": "mobile" }],
 *     "window": { "lastMonths": 3 }, "measure": { "fn": "count", "op": ">=", "value": 3 } },
 *   { "kind": "segment", "id": "c4", "segment": "seg_vip", "member": false } ] }
 * ```
 */
export const SEGMENT_RULE_VERSION = 1;
export { RULE_LANGUAGE_VERSION };

// ---------------------------------------------------------------------------------------------
// Rule tree
// ---------------------------------------------------------------------------------------------

/** What every node may carry beside its meaning. */
export const nodeMetaSchema = z.object({
  /** Stable id of the node (the UI assigns one to each condition); names its waterfall step. */
  id: z.string().min(1).max(100).optional(),
  /** false: switched off (skipped). Default true. */
  enabled: z.boolean().optional(),
  /** Free text shown instead of the generated description. */
  label: z.string().max(500).optional(),
});
export type NodeMeta = z.infer<typeof nodeMetaSchema>;

/** Date operators on DATE / TIMESTAMP profile fields (compared at day precision). */
export const DATE_OPS = ['within_last_days', 'before', 'after'] as const;
export const withinLastDaysConditionSchema = z.object({
  kind: z.literal('field'),
  field: fieldNameSchema,
  op: z.literal('within_last_days'),
  /** asOf − days < date ≤ asOf. */
  days: z.number().int().min(1).max(36_600),
});
export const beforeAfterConditionSchema = z.object({
  kind: z.literal('field'),
  field: fieldNameSchema,
  /** before: date < value; after: date > value. */
  op: z.enum(['before', 'after']),
  value: isoDateSchema,
});

export const segmentFieldConditionSchema = z.union([
  scalarConditionSchema.extend(nodeMetaSchema.shape),
  listConditionSchema.extend(nodeMetaSchema.shape),
  betweenConditionSchema.extend(nodeMetaSchema.shape),
  emptyConditionSchema.extend(nodeMetaSchema.shape),
  withinLastDaysConditionSchema.extend(nodeMetaSchema.shape),
  beforeAfterConditionSchema.extend(nodeMetaSchema.shape),
]);
export type SegmentFieldCondition = z.infer<typeof segmentFieldConditionSchema>;

/** The tables behavioural conditions read (canonical names, DESIGN.md §2). */
export const BEHAVIOUR_SOURCES = ['transactions', 'events', 'contacts'] as const;
export const behaviourSourceSchema = z.enum(BEHAVIOUR_SOURCES);
export type BehaviourSource = z.infer<typeof behaviourSourceSchema>;

/**
 * The columns a behavioural filter may test, per source (a whitelist: nothing else reaches SQL),
 * and the timestamp column that windows apply to.
 */
export const BEHAVIOUR_COLUMNS: Record<BehaviourSource, { ts: string; columns: readonly string[]; amount: string | null; account: string | null }> = {
  transactions: { ts: 'ts', columns: ['txn_type', 'direction', 'channel', 'counterparty_bank', 'amount', 'account_id'], amount: 'amount', account: 'account_id' },
  events: { ts: 'ts', columns: ['event_name'], amount: null, account: null },
  contacts: { ts: 'contact_ts', columns: ['campaign_id', 'channel', 'arm', 'responded', 'outcome'], amount: null, account: null },
};

export const windowSchema = z.union([
  z.object({ lastDays: z.number().int().min(1).max(36_600) }),
  z.object({ lastMonths: z.number().int().min(1).max(1_200) }),
  z.object({ from: isoDateSchema, to: isoDateSchema }),
]);
export type Window = z.infer<typeof windowSchema>;

/** A filter on one row of a behavioural source: a v1 field condition whose field is a source column. */
export const behaviourFilterSchema = fieldConditionSchema;
export type BehaviourFilter = FieldCondition;

export const MEASURE_OPS = ['>=', '>', '<=', '<', '='] as const;

/**
 * count: rows; sum / avg: of the source's amount column. A customer with no matching row has
 * count 0 and sum 0 (so "at most 2" includes her) and no average (an avg condition is false).
 */
export const measureSchema = z.object({
  fn: z.enum(['count', 'sum', 'avg']),
  op: z.enum(MEASURE_OPS),
  value: z.number().finite(),
});
export type Measure = z.infer<typeof measureSchema>;

/**
 * customer: over all of the customer's rows; account: the measure is taken per account and holds
 * when it holds for some single account with at least one matching row (sources with accounts only).
 */
export const scopeSchema = z.enum(['customer', 'account']);

/**
 * Which transactions an activity condition counts (transactions only):
 * - customer_initiated: the customer's own transactions, the dormant rule's definition — every
 *   posting but the bank's own (interest and fees; src/engine/profile/profile-lists.ts
 *   BANK_POSTING_TYPES), so "no transactions in 3 months" means what the analyst means;
 * - all: every posting, the bank's included.
 * The builder writes customer_initiated for every new condition. A condition WITHOUT the field
 * means `all`: that is what every rule saved before the option meant, and saved segments,
 * campaigns built on them and exported SQL must keep their counts (docs/architecture.md).
 */
export const POSTINGS = ['customer_initiated', 'all'] as const;
export const postingsSchema = z.enum(POSTINGS);
export type Postings = z.infer<typeof postingsSchema>;

/** At least / at most N matching rows, or sum / average of amount, in a window. */
export const activityConditionSchema = z.object({
  kind: z.literal('activity'),
  ...nodeMetaSchema.shape,
  source: behaviourSourceSchema,
  filters: z.array(behaviourFilterSchema).max(50).default([]),
  window: windowSchema.optional(),
  measure: measureSchema,
  scope: scopeSchema.default('customer'),
  postings: postingsSchema.optional(),
});

/** One side of a sequence: rows of a source matching all filters. */
export const behaviourStepSchema = z.object({
  source: behaviourSourceSchema,
  filters: z.array(behaviourFilterSchema).max(50).default([]),
});

/**
 * Did X (in the window) but not Y within D days after it: some X row such that no Y row has
 * X.ts < Y.ts ≤ X.ts + D days (Y rows after the as-of day do not count). Scope account: Y must be on
 * X's account (both sides must be transactions).
 */
export const sequenceConditionSchema = z.object({
  kind: z.literal('sequence'),
  ...nodeMetaSchema.shape,
  did: behaviourStepSchema,
  notDid: behaviourStepSchema,
  withinDays: z.number().int().min(1).max(3_660),
  window: windowSchema.optional(),
  scope: scopeSchema.default('customer'),
});

/**
 * AUM change between two months of `balances` (months counted back from the as-of month):
 * (aum[to] − aum[from]) ÷ aum[from] op percent/100. False when either month is missing or aum[from] ≤ 0.
 * Example: AUM fell by 30 % or more over the last 3 months: fromMonthsAgo 3, toMonthsAgo 0, op '<=', percent −30.
 */
export const aumChangeConditionSchema = z.object({
  kind: z.literal('aum_change'),
  ...nodeMetaSchema.shape,
  fromMonthsAgo: z.number().int().min(0).max(600),
  toMonthsAgo: z.number().int().min(0).max(600),
  op: z.enum(['<=', '>=']),
  percent: z.number().finite().min(-100).max(1e6),
});

/**
 * Product holdings (table `holdings`), product chosen by code and/or type:
 * - holds: a holding with start_date ≤ asOf and (end_date empty or > asOf);
 * - never_held: no holding that started on or before the as-of date;
 * - stopped: a holding ended on or before the as-of date (within the window when given) and none held now.
 */
export const holdingConditionSchema = z.object({
  kind: z.literal('holding'),
  ...nodeMetaSchema.shape,
  mode: z.enum(['holds', 'never_held', 'stopped']),
  productCode: z.string().min(1).max(200).optional(),
  productType: z.string().min(1).max(200).optional(),
  window: windowSchema.optional(),
});

/** A tag (built-in or user) holds (member true) or does not (member false). */
export const tagConditionSchema = z.object({
  kind: z.literal('tag'),
  ...nodeMetaSchema.shape,
  tag: tagIdSchema,
  member: z.boolean().default(true),
});

export const segmentIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'a segment id is A-Z a-z 0-9 _ -');

/** Member (member true) or not (false) of another saved segment: dynamic ones by their current rule, static ones by their frozen members. */
export const segmentRefConditionSchema = z.object({
  kind: z.literal('segment'),
  ...nodeMetaSchema.shape,
  segment: segmentIdSchema,
  member: z.boolean().default(true),
});

export type ActivityCondition = z.infer<typeof activityConditionSchema>;
export type SequenceCondition = z.infer<typeof sequenceConditionSchema>;
export type AumChangeCondition = z.infer<typeof aumChangeConditionSchema>;
export type HoldingCondition = z.infer<typeof holdingConditionSchema>;
export type TagCondition = z.infer<typeof tagConditionSchema>;
export type SegmentRefCondition = z.infer<typeof segmentRefConditionSchema>;

/** The leaves: anything that is not a group. */
export type SegmentCondition =
  | SegmentFieldCondition
  | ActivityCondition
  | SequenceCondition
  | AumChangeCondition
  | HoldingCondition
  | TagCondition
  | SegmentRefCondition;

export type SegmentNode =
  | SegmentCondition
  | ({ kind: 'and'; children: SegmentNode[] } & NodeMeta)
  | ({ kind: 'or'; children: SegmentNode[] } & NodeMeta)
  | ({ kind: 'not'; child: SegmentNode } & NodeMeta)
  | ({ kind: 'all' } & NodeMeta);

export const segmentNodeSchema: z.ZodType<SegmentNode, z.input<z.ZodType<SegmentNode>>> = z.lazy(() =>
  z.union([
    segmentFieldConditionSchema,
    activityConditionSchema,
    sequenceConditionSchema,
    aumChangeConditionSchema,
    holdingConditionSchema,
    tagConditionSchema,
    segmentRefConditionSchema,
    z.object({ kind: z.literal('and'), ...nodeMetaSchema.shape, children: z.array(segmentNodeSchema).max(500) }),
    z.object({ kind: z.literal('or'), ...nodeMetaSchema.shape, children: z.array(segmentNodeSchema).max(500) }),
    z.object({ kind: z.literal('not'), ...nodeMetaSchema.shape, child: segmentNodeSchema }),
    z.object({ kind: z.literal('all'), ...nodeMetaSchema.shape }),
  ]),
) as z.ZodType<SegmentNode, z.input<z.ZodType<SegmentNode>>>;

// ---------------------------------------------------------------------------------------------
// Saved segments
// ---------------------------------------------------------------------------------------------

/** dynamic: evaluated by its rule as of the profile's as-of date; static: frozen members. */
export const segmentKindSchema = z.enum(['dynamic', 'static']);

/** Where a static segment's members came from. */
export const staticOriginSchema = z.object({
  /** snapshot: frozen from a dynamic segment (or a rule); ids: an uploaded / pasted list of customer ids. */
  from: z.enum(['snapshot', 'ids']),
  /** ISO timestamp when the members were frozen. */
  takenAt: z.string(),
  /** The profile's as-of date at that moment (null when no profile was built). */
  asOf: isoDateSchema.nullable(),
  sourceSegmentId: segmentIdSchema.nullable(),
  sourceVersion: z.number().int().nullable(),
  members: z.number().int().nonnegative(),
});
export type StaticOrigin = z.infer<typeof staticOriginSchema>;

export const savedSegmentSchema = z.object({
  id: segmentIdSchema,
  name: z.string(),
  description: z.string(),
  owner: z.string(),
  kind: segmentKindSchema,
  /** The rule (dynamic); for a snapshot, the rule it was frozen from; `{kind:'all'}` for an id list. */
  rule: segmentNodeSchema,
  version: z.number().int().positive(),
  /** ISO timestamps. */
  createdAt: z.string(),
  updatedAt: z.string(),
  static: staticOriginSchema.nullable(),
});
export type SavedSegment = z.infer<typeof savedSegmentSchema>;

export const segmentSummarySchema = savedSegmentSchema.omit({ rule: true }).extend({
  /** Static segments: the frozen member count; dynamic: null (ask segment.count). */
  memberCount: z.number().nullable(),
  /** Conditions in the rule (leaves, switched-off included). */
  conditions: z.number().int(),
});
export type SegmentSummary = z.infer<typeof segmentSummarySchema>;

export const segmentVersionSchema = z.object({
  version: z.number().int().positive(),
  savedAt: z.string(),
  name: z.string(),
  description: z.string(),
  owner: z.string(),
  rule: segmentNodeSchema,
  /** What changed against the version before, in words (English, stable; the UI may show them as-is). */
  changes: z.array(z.string()),
});
export type SegmentVersion = z.infer<typeof segmentVersionSchema>;

export const segmentSaveParamsSchema = z.object({
  /** Absent: a new segment. */
  id: segmentIdSchema.optional(),
  name: z.string().min(1).max(200),
  description: z.string().max(5_000).default(''),
  owner: z.string().max(200).default(''),
  rule: segmentNodeSchema,
});

// ---------------------------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------------------------

/** Either a saved segment (by id) or an unsaved rule. */
export const segmentTargetSchema = z.union([z.object({ id: segmentIdSchema }), z.object({ rule: segmentNodeSchema })]);
export type SegmentTarget = z.infer<typeof segmentTargetSchema>;

export const waterfallStepSchema = z.object({
  /** The node's id, or its index among the root's children ('0', '1', …) when it has none. */
  conditionId: z.string(),
  /** Customers left after this condition and every enabled one before it. */
  remaining: z.number().int().nonnegative(),
  share: z.number(),
  aumShare: z.number(),
});

export const segmentCountResultSchema = z.object({
  count: z.number().int().nonnegative(),
  /** Customers in the profile (the base). */
  customers: z.number().int().nonnegative(),
  share: z.number(),
  /** Sum of aum_latest of the members, and its share of the base's. */
  aum: z.number(),
  aumShare: z.number(),
  /** One step per enabled top-level condition of a root AND (a root that is not an AND is one step). */
  waterfall: z.array(waterfallStepSchema),
  asOf: isoDateSchema,
  elapsedMs: z.number(),
});
export type SegmentCountResult = z.infer<typeof segmentCountResultSchema>;

export const fieldValuesResultSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('categorical'),
    field: z.string(),
    /** Most frequent first; null is the empty value. */
    values: z.array(z.object({ value: z.union([z.string(), z.boolean(), z.null()]), count: z.number() })),
    distinct: z.number(),
    /** More distinct values than returned. */
    truncated: z.boolean(),
  }),
  z.object({
    kind: z.literal('numeric'),
    field: z.string(),
    min: z.number().nullable(),
    max: z.number().nullable(),
    nulls: z.number(),
    /** Equal-width bins [from, to) (the last includes to); equal width in log10 when scale is log. */
    buckets: z.array(z.object({ from: z.number(), to: z.number(), count: z.number() })),
    /** The scale the bins were cut on: log only where asked and every value is ≥ 0 with some above 0. */
    scale: z.enum(['linear', 'log']).default('linear'),
  }),
  z.object({ kind: z.literal('date'), field: z.string(), min: isoDateSchema.nullable(), max: isoDateSchema.nullable(), nulls: z.number() }),
]);
export type FieldValuesResult = z.infer<typeof fieldValuesResultSchema>;

export const matchReportSchema = z.object({
  /** Ids submitted (blank lines excluded). */
  submitted: z.number().int(),
  blank: z.number().int(),
  distinct: z.number().int(),
  /** Distinct ids found among the customers. */
  matched: z.number().int(),
  unmatched: z.number().int(),
  /** Up to 20 unmatched ids, in the order given. */
  unmatchedExamples: z.array(z.string()),
  /** Ids given more than once (each counted once), with examples. */
  duplicates: z.number().int(),
  duplicateExamples: z.array(z.object({ id: z.string(), times: z.number().int() })),
});
export type MatchReport = z.infer<typeof matchReportSchema>;

export const compareBucketSchema = z.object({
  label: z.string(),
  segmentCount: z.number(),
  baseCount: z.number(),
  segmentShare: z.number(),
  baseShare: z.number(),
  /** segmentShare ÷ baseShare (null when the base share is 0). */
  lift: z.number().nullable(),
});
export const compareResultSchema = z.object({
  segmentCount: z.number(),
  baseCount: z.number(),
  attributes: z.array(
    z.object({
      field: z.string(),
      kind: z.enum(['categorical', 'numeric']),
      /** Total variation distance between the two distributions (½ Σ |segment − base|), 0–1; sorted by it, largest first. */
      difference: z.number(),
      buckets: z.array(compareBucketSchema),
    }),
  ),
});
export type CompareResult = z.infer<typeof compareResultSchema>;

export const overlapResultSchema = z.object({
  segments: z.array(z.object({ id: segmentIdSchema, name: z.string(), count: z.number() })),
  /**
   * Every non-empty exact intersection: customers in exactly the segments of `mask` (bit i = the
   * i-th segment of `segments`) and in none of the others. Feeds an UpSet chart; for 2–3 segments
   * these are the Venn diagram's regions.
   */
  intersections: z.array(z.object({ mask: z.number().int(), segments: z.array(segmentIdSchema), count: z.number() })),
  /** Customers in at least one of the segments, and in the profile. */
  union: z.number(),
  customers: z.number(),
});
export type OverlapResult = z.infer<typeof overlapResultSchema>;

export const membersResultSchema = z.object({
  /** A scratch table of the members' profile rows; page it with table.page (masked unless unmasked). */
  table: tableRefSchema,
  rowCount: z.number().int().nonnegative(),
  columns: z.array(columnInfoSchema),
});

export const SQL_DIALECTS = ['duckdb', 'postgres', 'spark', 'trino'] as const;
export const sqlDialectSchema = z.enum(SQL_DIALECTS);
export type SqlDialect = z.infer<typeof sqlDialectSchema>;

export const segmentSqlParamsSchema = segmentTargetSchema.and(
  z.object({
    dialect: sqlDialectSchema.default('duckdb'),
    /** Windows are resolved against this date (default: the profile's as-of date). */
    asOf: isoDateSchema.optional(),
    /** Qualify the canonical tables with this schema in the warehouse (e.g. "dw"). */
    schema: z.string().min(1).max(100).optional(),
  }),
);
export const segmentSqlResultSchema = z.object({ dialect: sqlDialectSchema, sql: z.string(), asOf: isoDateSchema, warnings: z.array(z.string()) });

/** A segment definition file (JSON) for sharing; versioned. */
export const SEGMENT_FILE_FORMAT = 'segment-workbench/segment';
export const segmentFileSchema = z.object({
  format: z.literal(SEGMENT_FILE_FORMAT),
  formatVersion: z.literal(1),
  ruleVersion: z.literal(SEGMENT_RULE_VERSION),
  name: z.string().min(1).max(200),
  description: z.string().max(5_000).default(''),
  owner: z.string().max(200).default(''),
  kind: segmentKindSchema.default('dynamic'),
  rule: segmentNodeSchema,
  /** Static segments: their customer ids (omitted for dynamic ones). */
  members: z.array(z.string().max(200)).max(5_000_000).optional(),
  exportedAt: z.string().optional(),
  /** The as-of date of the workspace it came from (information only). */
  asOf: isoDateSchema.nullable().optional(),
});
export type SegmentFile = z.infer<typeof segmentFileSchema>;

/** What of an imported definition does not fit this workspace. */
export const fitProblemSchema = z.object({
  /** Where in the rule: e.g. "children[2].filters[0]". */
  path: z.string(),
  /** unknown_field, wrong_type, unknown_tag, unknown_segment, missing_table, missing_column, unknown_value. */
  problem: z.string(),
  /** The field / table / tag / segment concerned. */
  subject: z.string(),
  message: z.string(),
  /** unknown_value is a warning (the rule still runs); the rest are errors. */
  severity: z.enum(['error', 'warning']),
});
export type FitProblem = z.infer<typeof fitProblemSchema>;
export const fitReportSchema = z.object({ fits: z.boolean(), problems: z.array(fitProblemSchema) });
export type FitReport = z.infer<typeof fitReportSchema>;
