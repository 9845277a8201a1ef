import { z } from 'zod';
import {
  checkFilesParamsSchema,
  checkFilesResultSchema,
  detectParamsSchema,
  detectResultSchema,
  historyParamsSchema,
  historyResultSchema,
  importPresetSchema,
  presetsListResultSchema,
  presetSummarySchema,
  presetsSaveParamsSchema,
  profileParamsSchema,
  profileResultSchema,
  qualityParamsSchema,
  qualityResultSchema,
  runParamsSchema,
  runResultSchema,
  sheetsParamsSchema,
  sheetsResultSchema,
} from './import-types';

/** The import methods, shaped like the entries of `methods` (merged into the method table). */
export const importMethods = {
  /** Detects encoding, dialect, header and title lines, target table and mapping from a sample (CSV, .xlsx sheet, Parquet). */
  'import.detect': { params: detectParamsSchema, result: detectResultSchema },
  /**
   * Reads every selected file as the import would (detection with the overrides) and compares it with
   * the first file and the planned mapping: per file its encoding, delimiter, header, hash and what
   * does not fit. Reports progress (bytes hashed); cancellable.
   */
  'import.checkFiles': { params: checkFilesParamsSchema, result: checkFilesResultSchema },
  /** Loads one or many files (or sheets) into a table, all-or-nothing; runs the data-quality checks after. */
  'import.run': { params: runParamsSchema, result: runResultSchema },
  /** Lists a workbook's sheets with a row estimate and the first rows, without reading a sheet whole. */
  'import.sheets': { params: sheetsParamsSchema, result: sheetsResultSchema },
  /** Validates a preset (the UI reads and writes the file; the engine checks its shape). */
  'import.validatePreset': { params: z.object({ preset: z.unknown() }), result: importPresetSchema },
  /** Saved presets (beside the workspace) and the bundled built-ins. */
  'import.presets.list': { params: z.object({}).default({}), result: presetsListResultSchema },
  /** Saves a preset under a name (schema-validated; the error names the field). */
  'import.presets.save': { params: presetsSaveParamsSchema, result: presetSummarySchema },
  /** A profile of every column of a table (nulls, distinct, min/max, top values, histogram); personal data masked unless `unmasked`. */
  'import.profile': { params: profileParamsSchema, result: profileResultSchema },
  /** Past imports, newest first (file, table, mode, when, rows read/loaded/rejected) and their rejected rows; masked unless `unmasked`. */
  'import.history': { params: historyParamsSchema, result: historyResultSchema },
  /** Data-quality checks across the canonical tables that exist; example rows masked unless `unmasked`. */
  'data.quality': { params: qualityParamsSchema, result: qualityResultSchema },
} as const;
