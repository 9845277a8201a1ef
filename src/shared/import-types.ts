import { z } from 'zod';
import { rejectCodeSchema, rejectParamsSchema } from './reject-codes';
import { errorPayloadSchema } from './errors';

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
/**
 * What the numeric direction codes 1 and 2 mean. Banks differ: many core systems write 1 = debit
 * (借) and 2 = credit (贷), others the reverse; letters and characters (D/C, DR/CR, 借/贷, 收/支)
 * mean the same everywhere and are not affected.
 */
export const NUMERIC_DIRECTIONS = ['1_debit', '1_credit'] as const;
export const numericDirectionSchema = z.enum(NUMERIC_DIRECTIONS);
export type NumericDirection = z.infer<typeof numericDirectionSchema>;

/**
 * Real extracts: value maps and lookups (docs/import-presets.md). A value map rewrites a source
 * column's codes before conversion (a code not in the map is read as it is); a lookup fills an output
 * column, where the file left it empty, from a table already in the workspace, matched by key.
 */
export const valueMapsSchema = z.record(z.string(), z.record(z.string(), z.string().max(200)));
export type ValueMaps = z.infer<typeof valueMapsSchema>;
const columnNameSchema = z.string().min(1).max(63);
export const lookupSchema = z.object({
  /** The column of the imported table to fill (e.g. customer_id). */
  column: columnNameSchema,
  /** A table already loaded (e.g. disp, the link table of accounts and clients). */
  table: tableNameSchema,
  /** The imported table's column to match (e.g. account_id) … */
  on: columnNameSchema,
  /** … with this column of the lookup table (e.g. account_id) … */
  key: columnNameSchema,
  /** … whose row gives this value (e.g. client_id). With several matching rows, the smallest value. */
  value: columnNameSchema,
  /** Only the lookup table's rows with these values (e.g. { "type": "OWNER" }). */
  where: z.record(columnNameSchema, z.string().max(200)).optional(),
});
export type Lookup = z.infer<typeof lookupSchema>;

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
  /** What the direction codes 1 and 2 mean in this bank's files (absent: 1 = debit). */
  numericDirection: numericDirectionSchema.optional(),
  /** Source column → (code in the file → canonical value), applied before conversion: PRIJEM → credit. */
  valueMaps: z.lazy(() => valueMapsSchema).optional(),
  /** Columns filled from a table already loaded (an account's customer through a link table). */
  lookups: z.lazy(() => z.array(lookupSchema).max(20)).optional(),
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

/** Excel: 0-based sheet row of the header (Excel's row number − 1); rows above it are title rows. */
const sheetHeaderLineSchema = z.number().int().min(0).max(1_048_575);
/** Excel: the sheets to read (by name); absent: the first sheet. */
const sheetNamesSchema = z.array(z.string().min(1)).min(1).max(100);

export const detectParamsSchema = z.object({
  path: z.string().min(1),
  overrides: csvSettingsOverrideSchema.default({}),
  /** Excel: the sheet shown is the first one listed (default: the workbook's first sheet). */
  sheets: sheetNamesSchema.optional(),
  /** Excel: the header row chosen by the user (CSV: same as overrides.headerLine). */
  headerLine: sheetHeaderLineSchema.optional(),
  /** Force the target table (the mapping is then suggested for it). */
  table: tableNameSchema.optional(),
  previewRows: z.number().int().min(1).max(1000).default(50),
  /** The preview, mapping samples and examples in clear (only while the user has unmasked); else personal columns masked. */
  unmasked: z.boolean().default(false),
});

/** A file with this content hash was imported before: which import, into which table, when. */
export const alreadyImportedSchema = z.object({ importId: z.string(), table: z.string(), at: z.string() });

export const detectResultSchema = z.object({
  path: z.string(),
  format: z.enum(['csv', 'xlsx', 'parquet']),
  /** Excel: the sheet detected, and every sheet of the workbook. */
  sheet: z.string().optional(),
  sheets: z.array(z.object({ name: z.string(), index: z.number().int() })).optional(),
  /** A saved preset made for exactly this header set (order and case ignored), if any. */
  matchingPreset: z.lazy(() => presetSummarySchema).nullable().optional(),
  sizeBytes: z.number(),
  sha256: z.string(),
  /** A file with this content hash was imported before (the UI asks before importing again). */
  alreadyImported: alreadyImportedSchema.nullable(),
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
  /** Values of the sample that look like missing-value tokens (?, -, --, —) the import does not read as missing unless accepted. */
  missingTokens: z.array(z.object({ token: z.string(), count: z.number(), columns: z.array(z.string()) })).default([]),
  /** Columns of the sample that are numbers but for a few values (the threshold decides). */
  nearNumeric: z.array(z.object({ column: z.string(), numbers: z.number(), others: z.number(), examples: z.array(z.string()) })).default([]),
  /** Columns with two-digit years, and the century the import will choose. */
  centuries: z.array(z.object({ column: z.string(), reference: z.string(), source: z.enum(['data', 'today', 'user']) })).default([]),
  /** The last line of the file, when it is a trailer (合计、共N条、EOF…). */
  trailer: z.object({ text: z.string(), statedRows: z.number().nullable() }).nullable().default(null),
  /** Which line endings the sample has (mixed ones are normalised before the load). */
  lineEndings: z.enum(['lf', 'crlf', 'cr', 'mixed', 'none']).default('none'),
});
export type DetectResult = z.infer<typeof detectResultSchema>;

/**
 * import.checkFiles: before a multi-file import, every selected file is read as the import will
 * read it (the same detection, with the same overrides) and compared with the first file and with
 * the planned mapping, so a file that does not fit is seen — and dropped — before anything loads.
 */
export const checkFilesParamsSchema = z.object({
  files: z.array(z.string().min(1)).min(1).max(1000),
  /** As import.run: applied to every file on top of its detected settings. */
  overrides: csvSettingsOverrideSchema.default({}),
  sheets: sheetNamesSchema.optional(),
  headerLine: sheetHeaderLineSchema.optional(),
  /** The target table; absent: the one suggested for the first readable file. */
  table: tableNameSchema.optional(),
  /** The planned mapping (source header → target, null: kept); absent: the first readable file's suggested mapping (for `table`). */
  mapping: columnMappingSchema.optional(),
  /**
   * Hash every file (sha256 of its bytes, as import.run records it) to say whether it was imported
   * before. false: a quick check of the layouts only (sha256 and alreadyImported stay null).
   */
  hash: z.boolean().default(true),
});
export type CheckFilesParams = z.output<typeof checkFilesParamsSchema>;

/**
 * What a file check found. error: the file cannot be imported as planned (drop it); warning: it
 * imports, but not quite like the others; info: a difference the import handles by itself.
 */
export const FILE_ISSUE_CODES = [
  // error
  'unreadable',
  'empty',
  'no-header',
  'unexpected-header',
  'missing-mapped',
  'sheet-missing',
  // warning
  'missing-columns',
  'extra-columns',
  'encoding-override',
  'no-rows',
  'already-imported',
  'same-content',
  // info
  'format',
  'encoding',
  'delimiter',
  'quote',
  'header-line',
  'column-order',
] as const;
export const fileIssueCodeSchema = z.enum(FILE_ISSUE_CODES);
export type FileIssueCode = z.infer<typeof fileIssueCodeSchema>;
export const issueSeveritySchema = z.enum(['info', 'warning', 'error']);
export type IssueSeverity = z.infer<typeof issueSeveritySchema>;

export const fileIssueSchema = z.object({
  code: fileIssueCodeSchema,
  severity: issueSeveritySchema,
  /** Source columns the issue is about (missing, extra), in the file's or the first file's order. */
  columns: z.array(z.string()).optional(),
  /** missing-mapped: the target of each column in `columns`. */
  targets: z.array(z.string()).optional(),
  /** Flat values the message interpolates: this file's (value) and the first file's (expected), a sheet, another file… */
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).default({}),
  /** unreadable: the error the import would stop with. */
  error: errorPayloadSchema.optional(),
});
export type FileIssue = z.infer<typeof fileIssueSchema>;

export const fileCheckSchema = z.object({
  path: z.string(),
  /** null: not even its format could be told (unreadable). */
  format: z.enum(['csv', 'xlsx', 'parquet']).nullable(),
  sizeBytes: z.number().nullable(),
  /** How the file is read (CSV: every field; a workbook: the header row). null when unreadable. */
  settings: csvSettingsSchema.nullable(),
  /** Excel: the sheet checked (the first planned one). */
  sheet: z.string().optional(),
  headers: z.array(z.string()),
  /** null: not hashed (a quick check, or an unreadable file). */
  sha256: z.string().nullable(),
  alreadyImported: alreadyImportedSchema.nullable(),
  /** The worst issue's severity; ok: none above info. */
  status: z.enum(['ok', 'warning', 'error']),
  issues: z.array(fileIssueSchema),
});
export type FileCheck = z.infer<typeof fileCheckSchema>;

export const checkFilesResultSchema = z.object({
  /** The file every other one is compared with: the first one that could be read (null: none could). */
  reference: z.string().nullable(),
  /** Whether the files were hashed (alreadyImported is then known for every readable file). */
  hashed: z.boolean(),
  files: z.array(fileCheckSchema),
});
export type CheckFilesResult = z.infer<typeof checkFilesResultSchema>;

export const importModeSchema = z.enum(['replace', 'append']);
export const DEFAULT_NUMERIC_THRESHOLD = 0.999;
export const INVALID_VALUE_POLICIES = ['reject-row', 'set-null'] as const;
export type InvalidValuePolicy = (typeof INVALID_VALUE_POLICIES)[number];
export const DUPLICATE_POLICIES = ['keep-first', 'keep-last', 'reject-all'] as const;
export type DuplicatePolicy = (typeof DUPLICATE_POLICIES)[number];

export const runParamsSchema = z.object({
  files: z.array(z.string().min(1)).min(1).max(1000),
  table: tableNameSchema,
  mode: importModeSchema.default('replace'),
  /** Applied to every file on top of its detected settings. */
  overrides: csvSettingsOverrideSchema.default({}),
  /** Excel: the sheets to import (each like one file); absent: the first sheet. */
  sheets: sheetNamesSchema.optional(),
  /** Excel: the header row (0-based sheet row); absent: detected. CSV: same as overrides.headerLine. */
  headerLine: sheetHeaderLineSchema.optional(),
  /** Absent: the suggested mapping per file (as the wizard shows it). */
  mapping: columnMappingSchema.optional(),
  types: z.record(z.string(), columnKindSchema).default({}),
  /** What the direction codes 1 and 2 mean (see NUMERIC_DIRECTIONS). */
  numericDirection: numericDirectionSchema.default('1_debit'),
  /** Import files whose content hash was imported before (otherwise they are skipped and reported). */
  allowReimport: z.boolean().default(false),
  /** How many rejected rows the result lists (all are kept in _sw_import_rejects). */
  rejectSample: z.number().int().min(0).max(10_000).default(100),
  /**
   * After the rows committed, rebuild a customer profile this import made stale (same analysis date
   * when the analyst chose it, else the latest date in the data), in the same queued write. false:
   * the profile only stays marked stale.
   */
  rebuildProfile: z.boolean().default(true),
  /** A column stays numeric (or a date) when at least this share of its values are numbers (dates); the others are invalid values. */
  numericThreshold: z.number().min(0.5).max(1).default(DEFAULT_NUMERIC_THRESHOLD),
  /** An invalid value rejects its row, or is loaded as NULL (and still recorded as a reject). */
  invalidValues: z.enum(INVALID_VALUE_POLICIES).default('reject-row'),
  /** Missing-value tokens the analyst accepted beyond the built-in ones (e.g. ?, -, --). */
  nullTokens: z.array(z.string().min(1).max(20)).max(20).default([]),
  /** Two-digit years: 00…pivot are 20xx, the rest 19xx. Absent: chosen from the file's latest date. */
  centuryPivot: z.number().int().min(0).max(99).optional(),
  /** Rows of a canonical table whose key occurs more than once in the file. */
  duplicates: z.enum(DUPLICATE_POLICIES).default('keep-first'),
  valueMaps: valueMapsSchema.default({}),
  lookups: z.array(lookupSchema).max(20).default([]),
});
export type RunParams = z.output<typeof runParamsSchema>;

export const rejectSchema = z.object({
  file: z.string(),
  /** 1-based physical line in the file. */
  line: z.number().nullable(),
  column: z.string().nullable(),
  /** Why, as a code the UI translates (`reject.<code>`) with its parameters (value, expected, found). */
  code: rejectCodeSchema,
  params: rejectParamsSchema,
  /** The reader's own text (DuckDB's, in English): a detail for experts. */
  reason: z.string(),
  raw: z.string().nullable(),
});
export type ImportReject = z.infer<typeof rejectSchema>;

export const trailerCheckSchema = z.object({
  file: z.string(),
  line: z.number(),
  text: z.string(),
  /** The count the trailer states (共N条, 合计:N), or null when it states none (EOF). */
  statedRows: z.number().nullable(),
  rowsRead: z.number(),
  /** Whether the stated count equals the rows read; null when none is stated. */
  matches: z.boolean().nullable(),
});
export const duplicateKeySchema = z.object({ file: z.string(), key: z.string(), lines: z.array(z.number()), kept: z.number().nullable() });
export const centuryResultSchema = z.object({
  file: z.string(),
  column: z.string(),
  /** Latest date a two-digit year may stand for (ISO): 20yy when not after it, else 19yy. */
  reference: z.string(),
  source: z.enum(['data', 'today', 'user']),
  /** Birth dates that are as possible a century earlier (an age of 0–10 or of 100–110): read as 20yy, flagged. */
  undecided: z.number(),
  undecidedLines: z.array(z.number()),
});
export const valueRejectSchema = z.object({
  file: z.string(),
  column: z.string(),
  kind: columnKindSchema,
  count: z.number(),
  examples: z.array(z.object({ line: z.number().nullable(), value: z.string() })),
});
export type ValueReject = z.infer<typeof valueRejectSchema>;

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

/**
 * A rebuild of the customer profile after an import. A failed or cancelled rebuild does not undo
 * the committed import: `error` says why, and the profile stays marked stale.
 */
export const profileRebuildSchema = z.object({
  rebuilt: z.boolean(),
  asOf: z.string().nullable(),
  customers: z.number().nullable(),
  elapsedMs: z.number(),
  error: errorPayloadSchema.nullable(),
});
export type ProfileRebuild = z.infer<typeof profileRebuildSchema>;

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
  /** The profile rebuild after the import (rebuildProfile): null when there was nothing to rebuild. */
  profile: profileRebuildSchema.nullable().default(null),
  /** Trailer lines (合计:N条, EOF…): not rows; a stated count checked against the rows read. */
  trailers: z.array(trailerCheckSchema).default([]),
  /** Keys that occur more than once in a file, with every line they occur on (first 20 keys). */
  duplicates: z.array(duplicateKeySchema).default([]),
  /** Two-digit years: the century chosen per column, and the rows it could not decide. */
  centuries: z.array(centuryResultSchema).default([]),
  /** Per column, the values that did not convert to its kind ("账户余额: 2 values are not numbers"). */
  valueRejects: z.array(valueRejectSchema).default([]),
  /** Lookups applied: rows filled and rows left without a match. */
  lookups: z.array(z.object({ file: z.string(), column: z.string(), table: z.string(), filled: z.number(), missing: z.number() })).default([]),
});
export type RunResult = z.infer<typeof runResultSchema>;

/**
 * Personal data in what these methods return (top values, min/max, example rows, rejected rows'
 * raw text) is masked in the engine unless `unmasked` is true — sent only when the user has
 * flipped the visible unmask switch (as table.page).
 */
const unmaskedSchema = z.boolean().default(false);

export const profileParamsSchema = z.object({
  table: tableNameSchema,
  topValues: z.number().int().min(1).max(50).default(5),
  bins: z.number().int().min(2).max(50).default(10),
  unmasked: unmaskedSchema,
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

export const qualityParamsSchema = z
  .object({ examples: z.number().int().min(0).max(100).default(5), unmasked: unmaskedSchema })
  .default({ examples: 5, unmasked: false });

/** A JSON-safe cell of an example row (dates and timestamps as ISO text, big integers as text when unsafe). */
export const jsonCellSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const QUALITY_CHECK_IDS = ['duplicate_key', 'missing_key', 'account_without_customer', 'transaction_without_account', 'future_date', 'date_before_1900', 'negative_balance'] as const;
export const qualityCheckSchema = z.object({
  /** Which check: one of QUALITY_CHECK_IDS. */
  id: z.enum(QUALITY_CHECK_IDS),
  severity: z.enum(['error', 'warning']),
  table: z.string(),
  /** The column checked (date checks, negative balance), or null for row-level checks. */
  column: z.string().nullable(),
  /** i18n key of the description, e.g. 'quality.duplicate_key'; details are the other fields. */
  descriptionKey: z.string(),
  /** Offending rows (for duplicate_key: key values that occur more than once). 0: the check passed. */
  count: z.number(),
  examples: z.array(z.record(z.string(), jsonCellSchema)),
});
export type QualityCheck = z.infer<typeof qualityCheckSchema>;
export const qualityResultSchema = z.object({
  /** The data's latest activity date (ISO), what "in the future" is measured against; never the wall clock. */
  asOf: z.string().nullable(),
  /** Every check that ran (tables that exist, with the columns it needs), passed ones with count 0. */
  checks: z.array(qualityCheckSchema),
});
export type QualityResult = z.infer<typeof qualityResultSchema>;

/**
 * import.history: the past imports, newest first, from the workspace's bookkeeping tables
 * (`_sw_imports`, one row per file loaded; `_sw_import_rejects`, every row not loaded).
 */
export const historyParamsSchema = z
  .object({
    /** Only this import (e.g. to list or download its rejected rows). */
    importId: z.string().min(1).max(200).optional(),
    /** How many imports, newest first. */
    limit: z.number().int().min(1).max(1000).default(100),
    /** How many rejected rows to list per import (file order, then line); 0: none, only the counts. */
    rejects: z.number().int().min(0).max(100_000).default(0),
    unmasked: unmaskedSchema,
  })
  .default({ limit: 100, rejects: 0, unmasked: false });
export const historyFileSchema = z.object({
  file: z.string(),
  sha256: z.string(),
  encoding: z.string(),
  sizeBytes: z.number(),
  rowsRead: z.number(),
  rowsLoaded: z.number(),
  rowsRejected: z.number(),
  rowsDuplicate: z.number(),
});
export const historyImportSchema = z.object({
  importId: z.string(),
  /** When it was committed, workspace-local time as DuckDB prints it ('2024-07-01 09:30:12'). */
  at: z.string(),
  table: z.string(),
  mode: z.string(),
  rowsRead: z.number(),
  rowsLoaded: z.number(),
  rowsRejected: z.number(),
  rowsDuplicate: z.number(),
  files: z.array(historyFileSchema),
  /** The first `rejects` rejected rows of the import (rowsRejected says how many there are). */
  rejects: z.array(rejectSchema),
});
export type ImportHistoryEntry = z.infer<typeof historyImportSchema>;
export const historyResultSchema = z.object({
  /** Imports in the workspace (the list may hold fewer: `limit`). */
  total: z.number(),
  imports: z.array(historyImportSchema),
  /** Whether personal data in `rejects` is masked. */
  masked: z.boolean(),
});
export type ImportHistory = z.infer<typeof historyResultSchema>;

/** import.sheets: the sheets of a workbook, without reading them whole. */
export const sheetsParamsSchema = z.object({ path: z.string().min(1), previewRows: z.number().int().min(0).max(100).default(10) });
export const sheetInfoSchema = z.object({
  name: z.string(),
  index: z.number().int(),
  /** From the sheet's declared extent (null when the file does not declare it). */
  rowsEstimate: z.number().nullable(),
  columnsEstimate: z.number().nullable(),
  /** The first non-empty rows, with their sheet row numbers (1-based, as Excel shows them). */
  preview: z.array(z.object({ row: z.number().int(), values: z.array(z.string()) })),
});
export type SheetInfo = z.infer<typeof sheetInfoSchema>;
export const sheetsResultSchema = z.object({ path: z.string(), sheets: z.array(sheetInfoSchema) });

/** Presets: JSON files in the workspace's presets folder, and read-only built-ins bundled in resources/presets. */
export const presetNameSchema = z.string().min(1).max(200).refine((n) => n.trim() === n && !/[\\/:*?"<>|\u0000-\u001f]/.test(n), 'a preset name cannot hold / \\ : * ? " < > | or start/end with spaces');
export const presetSummarySchema = z.object({
  name: z.string(),
  /** 'workspace': saved beside the workspace; 'builtin': bundled, read-only. */
  source: z.enum(['workspace', 'builtin']),
  file: z.string(),
  preset: importPresetSchema,
});
export type PresetSummary = z.infer<typeof presetSummarySchema>;
export const presetsListResultSchema = z.object({
  folder: z.string().nullable(),
  presets: z.array(presetSummarySchema),
  /** Files in the folders that are not valid presets (never silently ignored). */
  invalid: z.array(z.object({ file: z.string(), message: z.string() })),
});
export const presetsSaveParamsSchema = z.object({
  name: presetNameSchema,
  /** Validated by importPresetSchema in the handler (so the error names the field). */
  preset: z.unknown(),
  overwrite: z.boolean().default(true),
});
