import { z } from 'zod';
import { savedSegmentSchema } from './segment-types';
import {
  aumFlowParamsSchema,
  aumFlowResultSchema,
  churnDefinitionIdSchema,
  churnDefinitionInfoSchema,
  churnDefinitionSchema,
  churnPreviewResultSchema,
  churnSelectionSchema,
  LIFECYCLE_CATEGORIES,
  lifecycleParamsSchema,
  lifecycleResultSchema,
  payrollFlowParamsSchema,
  payrollFlowResultSchema,
  retentionParamsSchema,
  retentionResultSchema,
  survivalParamsSchema,
  survivalResultSchema,
  warningParamsSchema,
  warningResultSchema,
} from './survival-types';

const segmentName = z.object({ name: z.string().min(1).max(200), owner: z.string().max(200).default('') });

/**
 * Churn and retention (流失与留存): churn definitions, Kaplan–Meier survival with the log-rank test,
 * retention cohorts, lifecycle, payroll and AUM flows, and the early-warning list. All as of the
 * profile's analysis date; estimators and definitions in docs/churn.md.
 */
export const survivalMethods = {
  /** The churn definitions (seeds and user-added), each with its current version and its rule in words. */
  'churn.definitions': { params: z.object({}).default({}), result: z.array(churnDefinitionInfoSchema) },
  /** The live count of a definition being edited (or a saved one). */
  'churn.preview': { params: z.object({ churn: churnSelectionSchema }), result: churnPreviewResultSchema },
  /** Saves a new version of a definition (or a new definition under a new id). */
  'churn.save': { params: churnDefinitionSchema, result: churnDefinitionInfoSchema },
  /** Every saved version of a definition, newest first. */
  'churn.history': { params: z.object({ id: churnDefinitionIdSchema }), result: z.array(churnDefinitionInfoSchema) },
  /** Kaplan–Meier curves by group with 95 % bands, at-risk table, medians, survival at chosen months, log-rank. */
  'survival.run': { params: survivalParamsSchema, result: survivalResultSchema },
  /** The cohort × period retention matrix. */
  'retention.run': { params: retentionParamsSchema, result: retentionResultSchema },
  /** New / returning / resurrecting / dormant per period. */
  'lifecycle.run': { params: lifecycleParamsSchema, result: lifecycleResultSchema },
  /** The customers of one lifecycle bar as a static segment. */
  'lifecycle.segment': {
    params: lifecycleParamsSchema.and(segmentName).and(z.object({ periodStart: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), category: z.enum(LIFECYCLE_CATEGORIES) })),
    result: savedSegmentSchema,
  },
  /** Payroll customers, amount, stopped payroll and the outflow-ratio distribution per month. */
  'flows.payroll': { params: payrollFlowParamsSchema, result: payrollFlowResultSchema },
  /** AUM per month split into new money, growth, decline and churned money. */
  'flows.aum': { params: aumFlowParamsSchema, result: aumFlowResultSchema },
  /** The early-warning list with its tags, ranked by AUM at risk, and the back-test of a year ago. */
  'warning.run': { params: warningParamsSchema, result: warningResultSchema },
  /** Every flagged customer as a static segment. */
  'warning.segment': { params: warningParamsSchema.and(segmentName), result: savedSegmentSchema },
} as const;
