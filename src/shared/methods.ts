import { z } from 'zod';
import { customerMethods } from './customer-methods';
// Exports and audit (issue 14): any table or result to CSV / XLSX / Parquet.
import { exportMethods } from './export-methods';
import { fileMethods } from './file-methods';
import { funnelMethods } from './funnel-methods';
import { importMethods } from './import-methods';
import { modelMethods } from './model-methods';
// Hardening (issue 12): masking as a control, the audit log.
import { privacyMethods } from './privacy-methods';
import { segmentMethods } from './segment-methods';
// Hardening (issue 12): large inputs in chunks.
import { uploadMethods } from './upload-methods';
// Churn and retention (issue 16)
import { survivalMethods } from './survival-methods';
// Campaigns (issue 14): the engine's methods (build, members, sql, finalise, store).
import { campaignExportMethods, campaignMethods } from './campaign-methods';
// Data dictionary (issue 13): the dictionary to Excel.
import { dictionaryMethods } from './dictionary-methods';
import { pageRequestSchema, pageResultSchema, tableInfoSchema, columnInfoSchema, tableRefSchema } from './table-types';

/**
 * The method table: every call a UI or the CLI can make of the engine, with the schema of its
 * params and of its result. Both ends validate against it; nothing else crosses the boundary.
 */
const coreMethods = {
  'app.info': {
    params: z.object({}).default({}),
    result: z.object({
      version: z.string(),
      workspacePath: z.string(),
      duckdbVersion: z.string(),
      hasData: z.boolean(),
    }),
  },
  'tables.list': {
    params: z.object({}).default({}),
    result: z.array(tableInfoSchema),
  },
  'table.page': {
    params: pageRequestSchema,
    result: pageResultSchema,
  },
  'sql.run': {
    // `unmasked`: the console reads the base tables (needs privacy.unmask); otherwise masked views.
    params: z.object({ sql: z.string().min(1).max(1_000_000), unmasked: z.boolean().default(false) }),
    result: z.discriminatedUnion('kind', [
      z.object({
        kind: z.literal('rows'),
        /** The result is kept as a scratch table that the grid pages through like any other. */
        table: tableRefSchema,
        rowCount: z.number().int().nonnegative(),
        columns: z.array(columnInfoSchema),
        elapsedMs: z.number(),
      }),
      z.object({ kind: z.literal('statement'), message: z.string(), elapsedMs: z.number() }),
    ]),
  },
  'demo.generate': {
    params: z.object({
      customers: z.number().int().min(100).max(5_000_000).default(50_000),
      months: z.number().int().min(3).max(60).default(24),
      seed: z.number().int().min(0).max(2 ** 31 - 1).default(42),
      /** Customer-initiated postings per customer over the period; payroll, interest and fees come on top. */
      transactionsPerCustomer: z.number().int().min(1).max(200).default(30),
      /**
       * false (default): the bank arrives as a user's data does — generated, written as bank-style
       * export files (GBK, BOM, `|`, YYYYMMDD, 1,234.50) and imported with the bundled presets.
       * true: the generator writes the tables directly (the issue-2 demo_generate benchmark).
       */
      direct: z.boolean().default(false),
      /** Keep the export files in `<workspace>.demo-exports/` after the import (default: removed). */
      keepExports: z.boolean().default(false),
    }),
    result: z.object({
      customers: z.number(),
      tables: z.array(z.object({ name: z.string(), rows: z.number() })),
      elapsedMs: z.number(),
      /** How the tables were made: 'import' (export files + import path) or 'direct'. */
      via: z.enum(['import', 'direct']).optional(),
      /** The export folder (kept only with keepExports). */
      exportDir: z.string().optional(),
      /** Milliseconds per phase of an import-path load. */
      timings: z.object({ generateMs: z.number(), exportMs: z.number(), importMs: z.number() }).optional(),
    }),
  },
  /** What the demo generator planted (rules, parameters, exact counts); null if no demo was generated. */
  'demo.truth': {
    params: z.object({}).default({}),
    result: z.record(z.string(), z.unknown()).nullable(),
  },
} as const;

/** Each capability adds its group of methods; the table is their union. */
export const methods = { ...coreMethods, ...importMethods, ...fileMethods, ...customerMethods, ...segmentMethods, ...funnelMethods, ...modelMethods, ...survivalMethods, ...uploadMethods, ...privacyMethods, ...campaignMethods, ...campaignExportMethods, ...exportMethods, ...dictionaryMethods } as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodParams<M extends MethodName> = z.input<Methods[M]['params']>;
export type MethodParsedParams<M extends MethodName> = z.output<Methods[M]['params']>;
export type MethodResult<M extends MethodName> = z.output<Methods[M]['result']>;

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}
