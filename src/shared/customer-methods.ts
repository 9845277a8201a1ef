import { z } from 'zod';
import {
  customerDetailParamsSchema,
  customerDetailResultSchema,
  profileBuildParamsSchema,
  profileBuildResultSchema,
  profileColumnSchema,
  profileDistributionParamsSchema,
  profileDistributionResultSchema,
  profileSummarySchema,
  ruleIdSchema,
  ruleInfoSchema,
  rulePreviewResultSchema,
  ruleVersionSchema,
  ruleWithDefinitionSchema,
  tagDistributionResultSchema,
  tagIdSchema,
  tagSchema,
  tagsListParamsSchema,
  tagsSaveParamsSchema,
} from './customer-types';
import { ruleNodeSchema } from './rule-language';

/**
 * Customer 360 methods (merged into the method table). The profile is the table
 * `customer_profile`: the grid pages it with `table.page` (masked unless `unmasked: true`).
 */
export const customerMethods = {
  /** Rebuilds customer_profile as of asOf (default: the latest date in the data); a job with progress, all-or-nothing. */
  'profile.build': { params: profileBuildParamsSchema, result: profileBuildResultSchema },
  /** Summary cards: customers, valid, invalid, dormant, VIP share, total AUM, counts by tier and lifecycle stage. */
  'profile.summary': { params: z.object({}).default({}), result: profileSummarySchema },
  /** Pre-aggregated buckets for a chart: AUM (log scale), age, tenure, tier, lifecycle, or any profile column. */
  'profile.distribution': { params: profileDistributionParamsSchema, result: profileDistributionResultSchema },
  /** The profile's columns, grouped (demographics, aum, activity, payroll, rules, source…). */
  'profile.columns': { params: z.object({}).default({}), result: z.array(profileColumnSchema) },
  /** The four rules with their current definition, version and the definition in words. */
  'rules.list': { params: z.object({}).default({}), result: z.array(ruleInfoSchema) },
  /** The live count while editing a rule: one filtered count on the profile (callers supersede). */
  'rules.preview': { params: ruleWithDefinitionSchema, result: rulePreviewResultSchema },
  /** Saves a new version (history kept in _sw_rules) and re-applies the rules to the profile. */
  'rules.save': { params: ruleWithDefinitionSchema, result: ruleInfoSchema },
  /** Every saved version of a rule, newest first. */
  'rules.history': { params: z.object({ rule: ruleIdSchema }), result: z.array(ruleVersionSchema) },
  /** Built-in and user tags with member counts; search matches names, description and owner. */
  'tags.list': { params: tagsListParamsSchema, result: z.array(tagSchema) },
  /** Creates or updates a user tag (rule language v1 over profile fields). */
  'tags.save': { params: tagsSaveParamsSchema, result: tagSchema },
  'tags.delete': { params: z.object({ id: tagIdSchema }), result: z.object({ deleted: z.boolean() }) },
  /** A tag's members by tier, lifecycle stage and age band (for its chart). */
  'tags.distribution': { params: z.object({ id: tagIdSchema }), result: tagDistributionResultSchema },
  /** Live count of a rule tree on the profile (tag editor). */
  'tags.preview': {
    params: z.object({ definition: ruleNodeSchema }),
    result: z.object({ count: z.number(), share: z.number(), aumShare: z.number(), elapsedMs: z.number() }),
  },
  /** One customer: profile row, accounts, balance history, recent transactions (paged), contacts; masked by default. */
  'customer.detail': { params: customerDetailParamsSchema, result: customerDetailResultSchema },
} as const;
