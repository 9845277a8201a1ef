import { z } from 'zod';
import { exportedFileSchema } from './campaign-types';

/**
 * The data dictionary (数据字典/口径) to an Excel workbook that consultants hand to the bank: every
 * profile field, source column, tag prefix and code value with both names, group, unit and
 * definition. Written to a path on the engine's machine, as the other exports are; recorded in
 * the audit log with the file's SHA-256.
 */
export const dictionaryExportParamsSchema = z.object({
  /** The .xlsx file to write (its folder must exist). */
  outPath: z.string().min(1).max(4_096),
});

export const dictionaryExportResultSchema = z.object({
  auditId: z.string(),
  rows: z.number().int().nonnegative(),
  files: z.array(exportedFileSchema),
  elapsedMs: z.number(),
});

export const dictionaryMethods = {
  'dictionary.export': { params: dictionaryExportParamsSchema, result: dictionaryExportResultSchema },
} as const;
