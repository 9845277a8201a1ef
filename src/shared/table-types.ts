import { z } from 'zod';

/** Where a table lives: the workspace's own tables, or scratch results (SQL console). */
export const tableSchemaNameSchema = z.enum(['main', 'scratch']);

export const tableRefSchema = z.object({
  schema: tableSchemaNameSchema.default('main'),
  name: z.string().min(1).max(200),
});
export type TableRef = z.infer<typeof tableRefSchema>;

export const columnInfoSchema = z.object({ name: z.string(), type: z.string() });
export type ColumnInfo = z.infer<typeof columnInfoSchema>;

export const tableInfoSchema = z.object({
  schema: tableSchemaNameSchema,
  name: z.string(),
  rowCount: z.number().int().nonnegative(),
  columns: z.array(columnInfoSchema),
});
export type TableInfo = z.infer<typeof tableInfoSchema>;

export const FILTER_OPERATORS = ['=', '!=', '<', '<=', '>', '>=', 'contains', 'starts_with', 'is_null', 'not_null'] as const;
export const filterOperatorSchema = z.enum(FILTER_OPERATORS);
export type FilterOperator = z.infer<typeof filterOperatorSchema>;

export const columnFilterSchema = z.object({
  column: z.string().min(1),
  op: filterOperatorSchema,
  /** Compared as text cast to the column's type by DuckDB; always a bound parameter. */
  value: z.string().max(10_000).nullable().default(null),
});
export type ColumnFilter = z.infer<typeof columnFilterSchema>;

export const columnSortSchema = z.object({ column: z.string().min(1), descending: z.boolean().default(false) });
export type ColumnSort = z.infer<typeof columnSortSchema>;

export const pageRequestSchema = z.object({
  table: tableRefSchema,
  offset: z.number().int().nonnegative(),
  limit: z.number().int().positive().max(5_000),
  sort: columnSortSchema.nullable().default(null),
  filters: z.array(columnFilterSchema).max(20).default([]),
  /**
   * Personal data (names, ID numbers, mobile numbers) is masked in the engine unless this is true:
   * by canonical column name and, for any text column, by value shape (18-char ID, 11-digit mobile).
   */
  unmasked: z.boolean().default(false),
});
export type PageRequest = z.input<typeof pageRequestSchema>;

export const arrowBytesSchema = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'expected Arrow IPC bytes');

export const pageResultSchema = z.object({
  /** Apache Arrow IPC stream bytes of the requested window. */
  arrow: arrowBytesSchema,
  offset: z.number().int().nonnegative(),
  /** Rows matching the filters, so the grid knows how far it can scroll. */
  totalRows: z.number().int().nonnegative(),
});
export type PageResult = z.infer<typeof pageResultSchema>;
