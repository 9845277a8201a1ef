import { z } from 'zod';
import {
  detectParamsSchema,
  detectResultSchema,
  importPresetSchema,
  profileParamsSchema,
  profileResultSchema,
  runParamsSchema,
  runResultSchema,
} from './import-types';

/** The import methods, shaped like the entries of `methods` (merged into the method table). */
export const importMethods = {
  /** Detects encoding, dialect, header and title lines, target table and mapping from a sample. */
  'import.detect': { params: detectParamsSchema, result: detectResultSchema },
  /** Loads one or many files into a table, all-or-nothing. */
  'import.run': { params: runParamsSchema, result: runResultSchema },
  /** Validates a preset (the UI reads and writes the file; the engine checks its shape). */
  'import.validatePreset': { params: z.object({ preset: z.unknown() }), result: importPresetSchema },
  'import.profile': { params: profileParamsSchema, result: profileResultSchema },
} as const;
