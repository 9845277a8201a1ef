import { z } from 'zod';
import {
  auditVerifySchema,
  campaignBuildSchema,
  campaignDefinitionSchema,
  campaignExportParamsSchema,
  campaignExportResultSchema,
  campaignFinaliseResultSchema,
  campaignIdSchema,
  campaignMembersResultSchema,
  campaignSqlResultSchema,
  campaignSummarySchema,
  campaignTargetSchema,
  campaignVersionSchema,
  savedCampaignSchema,
} from './campaign-types';
import { sqlDialectSchema } from './segment-types';

/**
 * Campaign methods (issue 14). Errors are AppErrors with message keys (error.CAMPAIGN_NOT_FOUND,
 * error.CAMPAIGN_FINAL (a final campaign is not edited), error.CAMPAIGN_CELLS_NOT_100, error.SEGMENT_NOT_FOUND,
 * error.CAMPAIGN_CAPACITY_TABLE_MISSING, error.EXPORT_NOT_WRITABLE, error.EXPORT_DISK_FULL …).
 */
export const campaignMethods = {
  'campaign.list': { params: z.object({ search: z.string().max(200).optional() }).default({}), result: z.array(campaignSummarySchema) },
  'campaign.get': { params: z.object({ id: campaignIdSchema }), result: savedCampaignSchema },
  /** Creates (no id) or updates a draft; every save is a new version with what changed. */
  'campaign.save': { params: z.object({ definition: campaignDefinitionSchema }), result: savedCampaignSchema },
  'campaign.delete': { params: z.object({ id: campaignIdSchema }), result: z.object({ deleted: z.boolean() }) },
  'campaign.history': { params: z.object({ id: campaignIdSchema }), result: z.array(campaignVersionSchema) },
  /**
   * The waterfall, arms, balance table and RM load of one campaign, or of several built together as
   * a priority waterfall (`together`: saved campaigns sharing the customers; the result lists every
   * campaign, the target first). Callers supersede the previous call while the user edits.
   */
  'campaign.build': {
    params: z.object({
      target: campaignTargetSchema,
      together: z.array(campaignIdSchema).max(20).default([]),
      /** Unsaved definitions built in the same waterfall (a CLI file holding several campaigns); listed after `together`. */
      togetherDefinitions: z.array(campaignDefinitionSchema).max(20).default([]),
    }),
    result: z.object({ campaigns: z.array(campaignBuildSchema).min(1) }),
  },
  /** The list (one row per customer: arm, cell, channel, RM, rank, chosen columns) as a scratch table for the grid (masked unless unmasked). */
  'campaign.members': { params: z.object({ target: campaignTargetSchema, together: z.array(campaignIdSchema).max(20).default([]) }), result: campaignMembersResultSchema },
  /** Self-contained warehouse SQL producing the same members, arms and ranks. */
  'campaign.sql': { params: z.object({ target: campaignTargetSchema, dialect: sqlDialectSchema.default('duckdb'), schema: z.string().min(1).max(100).optional() }), result: campaignSqlResultSchema },
  /** Freezes the members (a static segment) and writes the planned contacts into `contacts`; the campaign becomes final. */
  'campaign.finalise': { params: z.object({ id: campaignIdSchema }), result: campaignFinaliseResultSchema },
} as const;

/**
 * Exports and the audit (issue 14 items 9, 11): a group of their own so their handlers
 * (createCampaignExportHandlers) are built beside the engine's without touching it.
 */
export const campaignExportMethods = {
  /** Streams the list to CSV (UTF-8 BOM / GBK), XLSX or Parquet, one file or one per RM / branch / arm; records the export in the audit log. */
  'campaign.export': { params: campaignExportParamsSchema, result: campaignExportResultSchema },
  /** Re-hashes every exported file of the audit log (or of one entry): ok, changed or missing. */
  'audit.verify': { params: z.object({ auditId: z.string().optional() }).default({}), result: auditVerifySchema },
} as const;
