import { z } from 'zod';
import { isoDateSchema } from './customer-types';
import { segmentIdSchema, sqlDialectSchema } from './segment-types';
import { tableRefSchema, columnInfoSchema } from './table-types';

/**
 * Campaigns (营销活动, issue 14): from saved segments to an audited, ready-to-send target list.
 * A campaign definition is the same JSON in the app, in a saved version and in a CLI file
 * (`segment-workbench campaign build FILE.json`): selection → suppressions → contact policy →
 * ranking and caps → control group and cells → RM assignment → the list. Every step of the
 * waterfall is named so the analyst can say who was removed by what.
 */

export const campaignIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'a campaign id is A-Z a-z 0-9 _ -');

/** Contact channels a campaign can use; each has its own eligibility rule (contact policy). */
export const CAMPAIGN_CHANNELS = ['sms', 'phone', 'app_push', 'rm_visit', 'email'] as const;
export const campaignChannelSchema = z.enum(CAMPAIGN_CHANNELS);
export type CampaignChannel = z.infer<typeof campaignChannelSchema>;

export const campaignStatusSchema = z.enum(['draft', 'final']);

/** A list of customer ids the analyst brings: a saved (static) segment, or a column of a workspace table. */
export const idSourceSchema = z.union([
  z.object({ segmentId: segmentIdSchema }),
  z.object({ table: z.string().min(1).max(200), column: z.string().min(1).max(200).default('customer_id') }),
]);
export type IdSource = z.infer<typeof idSourceSchema>;

const suppressionBase = {
  /** The step's name in the waterfall (default: the kind's name in the user's language). */
  name: z.string().max(200).optional(),
  enabled: z.boolean().default(true),
};

/** Suppressions (排除): each removes customers and is one step of the waterfall. */
export const suppressionSchema = z.discriminatedUnion('kind', [
  /** The profile's invalid-customer rule (is_invalid). */
  z.object({ kind: z.literal('invalid'), ...suppressionBase }),
  /** Churned: every account closed (or no open account). */
  z.object({ kind: z.literal('churned'), ...suppressionBase }),
  /** Minors: younger than minAge at the planned date (unknown birth dates are kept and reported). */
  z.object({ kind: z.literal('minors'), minAge: z.number().int().min(1).max(120).default(18), ...suppressionBase }),
  /** Staff (员工): from a list, or a boolean / 0-1 profile field. */
  z.object({ kind: z.literal('staff'), source: z.union([idSourceSchema, z.object({ field: z.string().min(1).max(200) })]), ...suppressionBase }),
  /** An imported do-not-contact or complaint list. */
  z.object({ kind: z.literal('id_list'), source: idSourceSchema, ...suppressionBase }),
  /** Customers already holding the product (default: the campaign's product), from holdings / accounts. */
  z.object({ kind: z.literal('holds_product'), product: z.string().min(1).max(200).optional(), ...suppressionBase }),
  /** Members of any saved segment. */
  z.object({ kind: z.literal('segment'), segmentId: segmentIdSchema, ...suppressionBase }),
  /** Contacted (contacts.contact_ts) by any campaign, or by one of this campaign's channels, in the last `days` before the planned date. */
  z.object({ kind: z.literal('contact_fatigue'), days: z.number().int().min(1).max(3_650), channel: z.enum(['any', 'this']).default('any'), ...suppressionBase }),
]);
export type Suppression = z.infer<typeof suppressionSchema>;
export type SuppressionKind = Suppression['kind'];

export const contactPolicySchema = z.object({
  /** At most k contacts per customer in any `days` days, across all campaigns (counting this one's planned contact). */
  maxContacts: z.object({ k: z.number().int().min(1).max(1_000), days: z.number().int().min(1).max(3_650) }).nullable().default(null),
  /** SMS / phone need a valid mobile number, app push an app user, an RM visit an RM. */
  channelEligibility: z.boolean().default(true),
  /** Dates nobody may be contacted (holidays, blackout days); a planned date on one moves to the next allowed day. */
  quietDates: z.array(isoDateSchema).max(366).default([]),
});
export type ContactPolicy = z.infer<typeof contactPolicySchema>;

export const rankingSchema = z.object({
  /** A numeric profile field or score column (aum_latest, score_<model>); null: the seeded hash order alone. */
  by: z.string().min(1).max(200).nullable().default('aum_latest'),
  direction: z.enum(['desc', 'asc']).default('desc'),
});

export const capsSchema = z.object({
  /** The most customers the campaign contacts (treatment and control together); null: no cap. */
  total: z.number().int().min(0).nullable().default(null),
  /** Top n per value of a field (branch_id, rm_id, value_tier …), applied before the total cap. */
  perGroup: z.array(z.object({ field: z.string().min(1).max(200), n: z.number().int().min(0) })).max(5).default([]),
});

export const cellSchema = z.object({
  name: z.string().min(1).max(100),
  channel: campaignChannelSchema,
  /** Share of the treated customers, percent; the cells sum to 100. */
  percent: z.number().gt(0).max(100),
});

export const controlSchema = z.object({
  /** The seed of the portable hash md5(seed || ':' || customer_id) that assigns arms and breaks ties. */
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(20261203),
  /** The holdout (control group), a percent or a count; null: no control group. */
  holdout: z.union([z.object({ percent: z.number().min(0).max(100) }), z.object({ count: z.number().int().min(0) })]).nullable().default(null),
  /** Profile fields whose strata each keep the holdout proportion (value_tier, branch_id). */
  stratifyBy: z.array(z.string().min(1).max(200)).max(4).default([]),
  /** A/B cells of the treated customers; empty: one cell on the campaign's first channel. */
  cells: z.array(cellSchema).max(10).default([]),
});

export const rmAssignmentSchema = z.object({
  enabled: z.boolean().default(false),
  /** A workspace table of RM capacities (e.g. imported from the branch network's sheet). */
  capacityTable: z
    .object({ table: z.string().min(1).max(200), rmColumn: z.string().default('rm_id'), capacityColumn: z.string().default('capacity'), branchColumn: z.string().optional() })
    .nullable()
    .default(null),
  /** Capacity of an RM the table does not list (null: such RMs take nobody). */
  defaultCapacity: z.number().int().min(0).nullable().default(null),
  balanceBy: z.enum(['count', 'aum']).default('count'),
});

export const listSchema = z.object({
  /** Profile fields and tags to add to the list (customer_id, arm, cell, channel, rm, rank, score always come). */
  columns: z.array(z.string().min(1).max(200)).max(100).default([]),
  /** For account-scoped output: which account represents the customer. */
  accountRule: z.enum(['none', 'largest_balance', 'latest_opened']).default('none'),
});

export const campaignDefinitionSchema = z.object({
  /** Absent in a new, unsaved campaign. */
  id: campaignIdSchema.optional(),
  name: z.string().min(1).max(200),
  objective: z.string().max(2_000).default(''),
  /** The product offered (a product code of accounts / holdings); drives the holds_product suppression. */
  product: z.string().max(200).nullable().default(null),
  channels: z.array(campaignChannelSchema).min(1).max(5),
  plannedDate: isoDateSchema,
  owner: z.string().max(200).default(''),
  /** In a priority waterfall of several campaigns a customer goes to the lowest number only. */
  priority: z.number().int().min(1).max(1_000).default(1),
  /** The saved segments selected, each with its priority (lower first) within the campaign. */
  selection: z.array(z.object({ segmentId: segmentIdSchema, priority: z.number().int().min(1).max(1_000).default(1) })).min(1).max(20),
  suppressions: z.array(suppressionSchema).max(30).default([]),
  contactPolicy: contactPolicySchema.prefault({}),
  ranking: rankingSchema.prefault({}),
  caps: capsSchema.prefault({}),
  control: controlSchema.prefault({}),
  rmAssignment: rmAssignmentSchema.prefault({}),
  list: listSchema.prefault({}),
});
export type CampaignDefinition = z.infer<typeof campaignDefinitionSchema>;
export type CampaignDefinitionInput = z.input<typeof campaignDefinitionSchema>;

export const savedCampaignSchema = campaignDefinitionSchema.extend({
  id: campaignIdSchema,
  status: campaignStatusSchema,
  version: z.number().int().positive(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Set when finalised: the frozen member snapshot (a static segment) and the segment versions used. */
  finalisedAt: z.string().nullable(),
  snapshotSegmentId: segmentIdSchema.nullable(),
});
export type SavedCampaign = z.infer<typeof savedCampaignSchema>;

export const campaignSummarySchema = savedCampaignSchema.pick({ id: true, name: true, status: true, version: true, plannedDate: true, owner: true, channels: true, priority: true, updatedAt: true });
export type CampaignSummary = z.infer<typeof campaignSummarySchema>;

export const campaignVersionSchema = z.object({ version: z.number().int().positive(), savedAt: z.string(), status: campaignStatusSchema, definition: campaignDefinitionSchema, changes: z.array(z.string()) });

/** A saved campaign (its current version) or an unsaved definition. */
export const campaignTargetSchema = z.union([z.object({ id: campaignIdSchema }), z.object({ definition: campaignDefinitionSchema })]);
export type CampaignTarget = z.infer<typeof campaignTargetSchema>;

// ---------------------------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------------------------

/** One step of the campaign waterfall: what it removed and who is left. */
export const campaignStepSchema = z.object({
  /** 'selection', 'priority' (taken by a higher campaign), a suppression kind, 'contact_policy', 'channel_eligibility', 'cap_group', 'cap_total'. */
  kind: z.string(),
  /** The step's own name (a suppression's name, a segment's name) — the UI shows it beside the kind's label. */
  name: z.string(),
  removed: z.number().int().nonnegative(),
  remaining: z.number().int().nonnegative(),
  aumRemaining: z.number(),
});
export type CampaignStep = z.infer<typeof campaignStepSchema>;

export const armCountSchema = z.object({ arm: z.enum(['treatment', 'control']), cell: z.string().nullable(), channel: campaignChannelSchema.nullable(), customers: z.number().int().nonnegative(), aum: z.number() });

/** Standardised mean difference of a field between treatment and control (|smd| < 0.1 is balanced). */
export const balanceRowSchema = z.object({ field: z.string(), treatmentMean: z.number().nullable(), controlMean: z.number().nullable(), smd: z.number().nullable() });

export const rmLoadSchema = z.object({ rmId: z.string(), branchId: z.string().nullable(), assigned: z.number().int().nonnegative(), aum: z.number(), capacity: z.number().int().nullable(), ownCustomers: z.number().int().nonnegative() });

export const campaignBuildSchema = z.object({
  campaignId: campaignIdSchema.nullable(),
  name: z.string(),
  /** The segment versions the selection used (recorded in the audit and on finalising). */
  segmentVersions: z.array(z.object({ segmentId: segmentIdSchema, version: z.number().int().positive() })),
  waterfall: z.array(campaignStepSchema),
  members: z.number().int().nonnegative(),
  arms: z.array(armCountSchema),
  balance: z.array(balanceRowSchema),
  rmLoad: z.array(rmLoadSchema),
  unassigned: z.array(z.object({ reason: z.string(), customers: z.number().int().nonnegative() })),
  /** The contact date after quiet dates. */
  contactDate: isoDateSchema,
  asOf: isoDateSchema,
  warnings: z.array(z.string()),
  elapsedMs: z.number(),
});
export type CampaignBuild = z.infer<typeof campaignBuildSchema>;

export const EXPORT_FORMATS = ['csv', 'csv-gbk', 'xlsx', 'parquet'] as const;
export const exportFormatSchema = z.enum(EXPORT_FORMATS);
export type ExportFormat = z.infer<typeof exportFormatSchema>;
/**
 * The files' header row: `business` is the data dictionary's export header ("最新月末资产（AUM） aum_latest"),
 * `technical` the column names. Unset: business for CSV and XLSX (people read them), technical
 * for Parquet (programs read it).
 */
export const EXPORT_HEADER_STYLES = ['business', 'technical'] as const;
export const exportHeaderStyleSchema = z.enum(EXPORT_HEADER_STYLES);
export type ExportHeaderStyle = z.infer<typeof exportHeaderStyleSchema>;
export const SPLIT_BY = ['rm_id', 'branch_id', 'arm'] as const;

export const exportedFileSchema = z.object({ path: z.string(), rows: z.number().int().nonnegative(), bytes: z.number().int().nonnegative(), sha256: z.string() });
export type ExportedFile = z.infer<typeof exportedFileSchema>;

export const campaignExportParamsSchema = z.object({
  target: campaignTargetSchema,
  /** Campaigns built together with the target in one priority waterfall (saved ids). */
  together: z.array(campaignIdSchema).max(20).default([]),
  format: exportFormatSchema,
  splitBy: z.enum(SPLIT_BY).nullable().default(null),
  /** A file (no split) or a folder (split: one file per value). */
  outPath: z.string().min(1).max(4_096),
  /** Personal columns in clear; the reason goes into the audit log. */
  unmask: z.object({ reason: z.string().trim().min(2).max(500) }).nullable().default(null),
  headerStyle: exportHeaderStyleSchema.optional(),
});

export const campaignExportResultSchema = z.object({ auditId: z.string(), rows: z.number().int().nonnegative(), files: z.array(exportedFileSchema), masked: z.boolean(), elapsedMs: z.number() });

export const auditVerifySchema = z.object({
  entries: z.array(
    z.object({ auditId: z.string(), at: z.string(), files: z.array(exportedFileSchema.extend({ status: z.enum(['ok', 'changed', 'missing']), actualSha256: z.string().nullable() })) }),
  ),
  ok: z.boolean(),
});

export const campaignSqlResultSchema = z.object({ dialect: sqlDialectSchema, sql: z.string(), asOf: isoDateSchema, warnings: z.array(z.string()) });

export const campaignMembersResultSchema = z.object({ table: tableRefSchema, rowCount: z.number().int().nonnegative(), columns: z.array(columnInfoSchema) });

export const campaignFinaliseResultSchema = z.object({ campaign: savedCampaignSchema, contactsWritten: z.number().int().nonnegative(), snapshotSegmentId: segmentIdSchema });
