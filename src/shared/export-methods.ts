import { z } from 'zod';
import { campaignExportResultSchema, exportFormatSchema, exportHeaderStyleSchema } from './campaign-types';
import { columnFilterSchema, columnSortSchema, tableRefSchema } from './table-types';

/**
 * Exports of any table or result (a grid's table, a SQL console result, segment members) to the
 * same streamed files as campaign lists: CSV (UTF-8 with BOM, GBK), XLSX, Parquet, one file or one
 * per value of a column. Personal columns are masked unless `unmask` gives a reason; every export
 * is recorded in the audit log with its files' SHA-256.
 */
export const exportTableParamsSchema = z.object({
  table: tableRefSchema,
  format: exportFormatSchema,
  /** A column whose values split the rows into one file each; null: one file. */
  splitBy: z.string().min(1).max(200).nullable().default(null),
  outPath: z.string().min(1).max(4_096),
  unmask: z.object({ reason: z.string().trim().min(2).max(500) }).nullable().default(null),
  /** The files' header per column, over `headerStyle`'s. */
  headers: z.record(z.string(), z.string().max(200)).default({}),
  headerStyle: exportHeaderStyleSchema.optional(),
  /** The grid's view of the table: its rows filtered and in its order, as table.page shows them; null: the whole table. */
  view: z.object({ sort: columnSortSchema.nullable(), filters: z.array(columnFilterSchema).max(100) }).nullable().default(null),
});

export const exportMethods = {
  'export.table': { params: exportTableParamsSchema, result: campaignExportResultSchema },
} as const;
