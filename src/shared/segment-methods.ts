import { z } from 'zod';
import { MAX_IDS } from './id-list';
import { uploadIdSchema } from './upload-methods';
import {
  behaviourSourceSchema,
  compareResultSchema,
  fieldValuesResultSchema,
  fitReportSchema,
  matchReportSchema,
  membersResultSchema,
  overlapResultSchema,
  savedSegmentSchema,
  segmentCountResultSchema,
  segmentFileSchema,
  segmentIdSchema,
  segmentNodeSchema,
  segmentSaveParamsSchema,
  segmentSqlParamsSchema,
  segmentSqlResultSchema,
  segmentSummarySchema,
  segmentTargetSchema,
  segmentVersionSchema,
} from './segment-types';

/**
 * Segment builder methods (merged into the method table). Every method that evaluates a rule
 * reads `customer_profile` as of its as-of date; errors are AppErrors with message keys
 * (error.SEGMENT_NOT_FOUND, error.SEGMENT_CYCLE {cycle}, error.RULE_UNKNOWN_FIELD {field},
 * error.SEGMENT_SOURCE_MISSING {table}, error.PROFILE_NOT_BUILT …).
 */
export const segmentMethods = {
  /** Live count with the waterfall (callers supersede the previous call while the user edits). */
  'segment.count': { params: z.object({ rule: segmentNodeSchema }), result: segmentCountResultSchema },
  /**
   * A value picker's data: distinct values with counts (text, boolean), a histogram (numbers), min / max
   * (dates) — of a profile field, or with `source` of a behavioural source's filter column.
   */
  'segment.fieldValues': {
    params: z.object({
      field: z.string().min(1).max(200),
      source: behaviourSourceSchema.optional(),
      limit: z.number().int().min(1).max(1_000).default(100),
      bins: z.number().int().min(2).max(100).default(20),
      /** log: bins of equal width in log10 above the first positive value (heavy tails: AUM, balances); values below it share the first bin. */
      scale: z.enum(['linear', 'log']).default('linear'),
    }),
    result: fieldValuesResultSchema,
  },
  'segment.list': { params: z.object({ search: z.string().max(200).optional() }).default({}), result: z.array(segmentSummarySchema) },
  'segment.get': { params: z.object({ id: segmentIdSchema }), result: savedSegmentSchema },
  /** Creates (no id) or updates a dynamic segment; every save is a new version with what changed. */
  'segment.save': { params: segmentSaveParamsSchema, result: savedSegmentSchema },
  /** Refused (naming them) while other segments refer to it. */
  'segment.delete': { params: z.object({ id: segmentIdSchema }), result: z.object({ deleted: z.boolean() }) },
  /** Every version, newest first. */
  'segment.history': { params: z.object({ id: segmentIdSchema }), result: z.array(segmentVersionSchema) },
  /** Saves a new version equal to an old one (history is never rewritten). */
  'segment.revert': { params: z.object({ id: segmentIdSchema, version: z.number().int().positive() }), result: savedSegmentSchema },
  /** Freezes the current members of a segment (or a rule) into a new static segment. */
  'segment.snapshot': {
    params: segmentTargetSchema.and(z.object({ name: z.string().min(1).max(200).optional(), owner: z.string().max(200).optional() })),
    result: savedSegmentSchema,
  },
  /**
   * A static segment from a pasted / uploaded list of customer ids, with the match report. The ids
   * come inline (`ids`, for short lists) or as an upload (`upload`, from upload.*: the list's text,
   * split by the engine as the renderer's preview splits it) — a list of millions of ids is far
   * over one request's frame limit.
   */
  'segment.fromIds': {
    params: z
      .object({
        name: z.string().min(1).max(200),
        description: z.string().max(5_000).default(''),
        owner: z.string().max(200).default(''),
        ids: z.array(z.string().max(200)).max(MAX_IDS).optional(),
        upload: uploadIdSchema.optional(),
      })
      .refine((p) => (p.ids === undefined) !== (p.upload === undefined), 'give either ids or upload'),
    result: z.object({ segment: savedSegmentSchema, report: matchReportSchema }),
  },
  /** The segment's distribution of each attribute beside the base's, with lift, most different first. */
  'segment.compare': {
    params: segmentTargetSchema.and(z.object({ fields: z.array(z.string().min(1).max(200)).max(50).optional(), bins: z.number().int().min(2).max(50).default(10) })),
    result: compareResultSchema,
  },
  /** Every exact intersection's count of 2–8 segments, in one query. */
  'segment.overlap': { params: z.object({ ids: z.array(segmentIdSchema).min(2).max(8) }), result: overlapResultSchema },
  /** The members' profile rows as a scratch table for the grid (table.page masks personal data). */
  'segment.members': { params: segmentTargetSchema, result: membersResultSchema },
  /** The SQL for the bank's warehouse (values as literals escaped for the dialect). */
  'segment.sql': { params: segmentSqlParamsSchema, result: segmentSqlResultSchema },
  /** A saved segment as a definition file (JSON object). */
  'segment.export': { params: z.object({ id: segmentIdSchema }), result: segmentFileSchema },
  /**
   * Checks a definition file against this workspace (fields, types, tags, segments, source tables);
   * saves it as a new segment unless dryRun or it does not fit (errors; warnings do not block).
   */
  'segment.import': {
    params: z
      .object({
        file: z.unknown().optional(),
        /** The file's text as an upload (upload.*) instead of `file`: a static segment's members can be millions of ids. */
        upload: uploadIdSchema.optional(),
        dryRun: z.boolean().default(false),
        owner: z.string().max(200).optional(),
      })
      .refine((p) => (p.file === undefined) !== (p.upload === undefined), 'give either file or upload'),
    result: z.object({ fit: fitReportSchema, segment: savedSegmentSchema.nullable() }),
  },
} as const;
