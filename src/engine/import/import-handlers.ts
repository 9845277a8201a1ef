import { z } from 'zod';
import { AppError } from '../../shared/errors';
import type { importMethods } from '../../shared/import-methods';
import { importPresetSchema } from '../../shared/import-types';
import type { JobContext } from '../jobs/job-context';
import type { Workspace } from '../workspace';
import { findImportByHash } from './import-bookkeeping';
import { detectFile } from './import-detect';
import { runImport } from './import-run';
import { profileTable } from './column-profile';

type ImportMethods = typeof importMethods;
export type ImportHandlers = {
  [M in keyof ImportMethods]: (params: z.output<ImportMethods[M]['params']>, ctx: JobContext) => Promise<z.output<ImportMethods[M]['result']>>;
};

/** Handlers of the import methods, merged into the engine's handler table by the Engine. */
export function createImportHandlers(workspace: Workspace, onDataChanged: () => void): ImportHandlers {
  return {
    'import.detect': (params, ctx) =>
      workspace.withSession(ctx, (session) =>
        detectFile(params.path, { overrides: params.overrides, previewRows: params.previewRows, ...(params.table ? { table: params.table } : {}) }, ctx, (sha) => findImportByHash(session, sha)),
      ),
    'import.run': async (params, ctx) => {
      const result = await workspace.withSession(ctx, (session) => runImport(session, params, ctx));
      onDataChanged();
      return result;
    },
    'import.profile': (params, ctx) => workspace.withSession(ctx, (session) => profileTable(session, params.table, params)),
    'import.validatePreset': async (params) => {
      const parsed = importPresetSchema.safeParse(params.preset);
      if (!parsed.success) {
        throw new AppError('INVALID_ARGUMENT', `not a valid import preset: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, {}, 'error.IMPORT_PRESET_INVALID');
      }
      return parsed.data;
    },
  };
}
