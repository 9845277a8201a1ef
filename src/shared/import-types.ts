import { z } from 'zod';

/**
 * Import: the shapes that cross the protocol (detect, run, profile, quality) and the mapping
 * preset file format. DESIGN.md §2 names the canonical tables; everything a file has beyond them
 * is kept as extra columns.
 */
export const CANONICAL_TABLES = ['customers', 'accounts', 'transactions', 'balances', 'holdings', 'contacts', 'events'] as const;
export const canonicalTableSchema = z.enum(CANONICAL_TABLES);
export type CanonicalTable = z.infer<typeof canonicalTableSchema>;

export const ENCODINGS = ['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'gb18030', 'gbk', 'big5', 'latin1'] as const;
export const encodingSchema = z.enum(ENCODINGS);
export type ImportEncoding = z.infer<typeof encodingSchema>;

export const DELIMITERS = [',', ';', '|', '\t'] as const;
export const delimiterSchema = z.enum(DELIMITERS);

/** Column kinds the loader can convert to; a type override names one of them. */
export const COLUMN_KINDS = ['text', 'integer', 'decimal', 'double', 'date', 'timestamp', 'month', 'boolean', 'direction', 'json'] as const;
export const columnKindSchema = z.enum(COLUMN_KINDS);
export type ColumnKind = z.infer<typeof columnKindSchema>;

/** Where a table name goes into SQL it is quoted; still, keep names to something a person types. */
export const tableNameSchema = z.string().min(1).max(63).regex(/^[\p{L}_][\p{L}\p{N}_]*$/u, 'a table name is letters, digits and _').refine((n) => !n.startsWith('_sw_'), 'names starting with _sw_ are reserved');

/** How a CSV file is read. Every field is detected and every field can be overridden. */
export const csvSettingsSchema = z.object({
  encoding: encodingSchema,
  delimiter: delimiterSchema,
  quote: z.enum(['"', "'", '']),
  /** 0-based physical line of the header row (lines above it are title lines), or of the first data row without a header. */
  headerLine: z.number().int().min(0).max(1000),
  hasHeader: z.boolean(),
});
export type CsvSettings = z.infer<typeof csvSettingsSchema>;
export const csvSettingsOverrideSchema = csvSettingsSchema.partial();

/** Source column → canonical column (null: keep it as an extra column under its own name). */
export const columnMappingSchema = z.record(z.string(), z.string().min(1).max(63).nullable());
export type ColumnMapping = z.infer<typeof columnMappingSchema>;

/** A named, saved mapping (JSON file); offered again when the same header set appears. */
export const importPresetSchema = z.object({
  version: z.literal(1),
  name: z.string().min(1).max(200),
  table: tableNameSchema,
  /** The headers the preset was made for (matching is on this set, order ignored). */
  headers: z.array(z.string()).optional(),
  settings: csvSettingsOverrideSchema.optional(),
  mapping: columnMappingSchema,
  /** Source column → kind, overriding inference and the canonical type. */
  types: z.record(z.string(), columnKindSchema).optional(),
});
export type ImportPreset = z.infer<typeof importPresetSchema>;

const confidence = z.number().min(0).max(1);

export const detectedColumnSchema = z.object({
  index: z.number().int(),
  source: z.string(),
  /** Suggested canonical column, or null (kept as an extra column). */
  target: z.string().nullable(),
  confidence,
  /** Why: 'synonym', 'shape:id_number', 'shape:mobile', … */
  reason: z.string().nullable(),
  /** Kind suggested from the sample's values (the load re-infers over the whole file). */
  kind: columnKindSchema,
});
export type DetectedColumn = z.infer<typeof detectedColumnSchema>;

export const detectParamsSchema = z.object({
  path: z.string().min(1),
  overrides: csvSettingsOverrideSchema.default({}),
  /** Force the target table (the mapping is then suggested for it). */
  table: tableNameSchema.optional(),
  previewRows: z.number().int().min(1).max(1000).default(50),
});

export const detectResultSchema = z.object({
  path: z.string(),
  format: z.enum(['csv']),
  sizeBytes: z.number(),
  sha256: z.string(),
  /** A file with this content hash was imported before (the UI asks before importing again). */
  alreadyImported: z.object({ importId: z.string(), table: z.string(), at: z.string() }).nullable(),
  settings: csvSettingsSchema,
  encodingConfidence: confidence,
  /** Lines above the header (bank report title, export date…), decoded. */
  titleLines: z.array(z.string()),
  headers: z.array(z.string()),
  /** Decoded data rows of the sample, so mojibake is visible before anything is loaded. */
  preview: z.array(z.array(z.string())),
  suggestedTable: z.object({ table: z.string(), confidence }),
  /** Every canonical table with its score, best first. */
  tableScores: z.array(z.object({ table: z.string(), confidence })),
  columns: z.array(detectedColumnSchema),
});
export type DetectResult = z.infer<typeof detectResultSchema>;

export const importModeSchema = z.enum(['replace', 'append']);

export const runParamsSchema = z.object({
  files: z.array(z.string().min(1)).min(1).max(1000),
  table: tableNameSchema,
  mode: importModeSchema.default('replace'),
  /** Applied to every file on top of its detected settings. */
  overrides: csvSettingsOverrideSchema.default({}),
  /** Absent: the suggested mapping per file (as the wizard shows it). */
  mapping: columnMappingSchema.optional(),
  types: z.record(z.string(), columnKindSchema).default({}),
  /** Import files whose content hash was imported before (otherwise they are skipped and reported). */
  allowReimport: z.boolean().default(false),
  /** How many rejected rows the result lists (all are kept in _sw_import_rejects). */
  rejectSample: z.number().int().min(0).max(10_000).default(100),
});
export type RunParams = z.output<typeof runParamsSchema>;

export const rejectSchema = z.object({
  file: z.string(),
  /** 1-based physical line in the file. */
  line: z.number().nullable(),
  column: z.string().nullable(),
  reason: z.string(),
  raw: z.string().nullable(),
});
export type ImportReject = z.infer<typeof rejectSchema>;

export const fileSummarySchema = z.object({
  file: z.string(),
  sha256: z.string(),
  encoding: encodingSchema,
  alreadyImported: z.boolean(),
  skipped: z.boolean(),
  rowsRead: z.number(),
  rowsLoaded: z.number(),
  rowsRejected: z.number(),
  rowsDuplicate: z.number(),
});

export const runResultSchema = z.object({
  importId: z.string(),
  table: z.string(),
  mode: importModeSchema,
  rowsRead: z.number(),
  rowsLoaded: z.number(),
  rowsRejected: z.number(),
  /** Append: rows whose key was already in the table or earlier in the same import (not loaded). */
  rowsDuplicate: z.number(),
  duplicateKeys: z.array(z.string()),
  key: z.array(z.string()),
  files: z.array(fileSummarySchema),
  columns: z.array(z.object({ name: z.string(), source: z.string().nullable(), type: z.string() })),
  rejects: z.array(rejectSchema),
  /** Names of checks that failed (e.g. 'rejected_rows', 'duplicate_keys', 'already_imported'). */
  failedChecks: z.array(z.string()),
  elapsedMs: z.number(),
});
export type RunResult = z.infer<typeof runResultSchema>;

export const profileParamsSchema = z.object({
  table: tableNameSchema,
  topValues: z.number().int().min(1).max(50).default(5),
  bins: z.number().int().min(2).max(50).default(10),
});

export const columnProfileSchema = z.object({
  name: z.string(),
  type: z.string(),
  rows: z.number(),
  nulls: z.number(),
  distinct: z.number(),
  min: z.string().nullable(),
  max: z.string().nullable(),
  top: z.array(z.object({ value: z.string().nullable(), count: z.number() })),
  /** Numeric and date columns: equal-width bins over [min, max]. */
  histogram: z.array(z.object({ from: z.string(), to: z.string(), count: z.number() })),
});
export const profileResultSchema = z.object({ table: z.string(), rows: z.number(), columns: z.array(columnProfileSchema) });
export type ProfileResult = z.infer<typeof profileResultSchema>;

export const qualityParamsSchema = z.object({ examples: z.number().int().min(0).max(100).default(5) }).default({ examples: 5 });
export const qualityCheckSchema = z.object({
  check: z.string(),
  table: z.string(),
  column: z.string().nullable(),
  /** Offending rows (0: the check passed). */
  count: z.number(),
  examples: z.array(z.string()),
});
export const qualityResultSchema = z.object({
  asOf: z.string().nullable(),
  checks: z.array(qualityCheckSchema),
});
export type QualityResult = z.infer<typeof qualityResultSchema>;
