import { z } from 'zod';
import {
  cutoffResultSchema,
  cutoffSchema,
  experimentReportSchema,
  modelCardSchema,
  modelNameSchema,
  modelSpecSchema,
  modelSummarySchema,
  sampleSizeParamsSchema,
  trainingSetSummarySchema,
} from './model-types';

/**
 * Models and experiments (issue 17): training sets built from the profile as it stood at each
 * label's start, L2 logistic regression, scores as profile columns, cut-offs, and campaign
 * read-outs against the control group. Errors: error.MODEL_NOT_FOUND {name},
 * error.MODEL_NO_TRAINING_ROWS, error.MODEL_ONE_CLASS, error.MODEL_NOT_SCORED {name},
 * error.EXPERIMENT_NO_CONTACTS {campaignId}, error.PROFILE_NOT_BUILT.
 */
export const modelMethods = {
  /** The training set a spec gives (dates, rows and label rate per date) without fitting. */
  'model.preview': { params: modelSpecSchema, result: trainingSetSummarySchema },
  'model.train': { params: modelSpecSchema, result: modelCardSchema },
  'model.list': { params: z.object({}).default({}), result: z.array(modelSummarySchema) },
  'model.get': { params: z.object({ name: modelNameSchema, version: z.number().int().positive().optional() }), result: modelCardSchema },
  /** Scores every customer of the current profile into customer_profile.score_<name>. */
  'model.score': {
    params: z.object({ name: modelNameSchema }),
    result: z.object({ column: z.string(), customers: z.number().int(), asOf: z.string(), version: z.number().int() }),
  },
  'model.cutoff': { params: z.object({ name: modelNameSchema, cutoff: cutoffSchema }), result: cutoffResultSchema },
  /** The customers above a cut-off as a static segment (ready for a campaign). */
  'model.cutoffSegment': {
    params: z.object({ name: modelNameSchema, cutoff: cutoffSchema, segmentName: z.string().min(1).max(200) }),
    result: z.object({ segmentId: z.string(), customers: z.number().int() }),
  },
  /** Campaigns in `contacts` with their arms and sizes, for choosing one to read out. */
  'experiment.campaigns': {
    params: z.object({}).default({}),
    result: z.array(z.object({ campaignId: z.string(), firstContact: z.string(), customers: z.number().int(), arms: z.array(z.object({ arm: z.string(), customers: z.number().int() })) })),
  },
  'experiment.report': {
    params: z.object({
      campaignId: z.string().min(1).max(200),
      /** Planned share per arm, e.g. {treatment: 0.8, control: 0.2}; without it there is no SRM check. */
      plannedShares: z.record(z.string().min(1).max(50), z.number().positive()).optional(),
      /** A profile field to break the uplift down by (value_tier, a tag column…) or `channel` (the contact's). */
      breakdown: z.string().min(1).max(100).optional(),
      /** Responses counted within this many days of the contact (default: any response recorded). */
      withinDays: z.number().int().min(1).max(365).optional(),
    }),
    result: experimentReportSchema,
  },
  'experiment.sampleSize': {
    params: sampleSizeParamsSchema,
    result: z.object({ treatment: z.number().int(), control: z.number().int(), total: z.number().int() }),
  },
} as const;
