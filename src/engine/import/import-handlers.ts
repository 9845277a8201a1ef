import fs from 'node:fs';
import path from 'node:path';
import { isParquet, parquetLayout } from './parquet-source';
import { z } from 'zod';
import type { importMethods } from '../../shared/import-methods';
import type { DetectResult, ImportReject } from '../../shared/import-types';
import type { JobContext } from '../jobs/job-context';
import type { Workspace } from '../workspace';
import { backupBeforeReplace } from '../workspace-backup';
import { runQualityChecks } from './data-quality';
import { cachedFileHash } from './file-hash-cache';
import { findImportByHash, listImports, rawLineKey, rawLineLayouts } from './import-bookkeeping';
import { maskDetectResult, maskLooseText, maskProfile, maskQualityResult, maskReject } from '../privacy/mask-reports';
import { checkFiles } from './import-check';
import { describeLayout, detectFile } from './import-detect';
import { listPresets, matchPreset, parsePreset, presetFoldersFor, savePreset } from './import-presets';
import { runImport, withRowEstimates } from './import-run';
import { rebuildStaleProfile } from '../profile/rebuild-stale-profile';
import { profileTable } from './column-profile';
import { detectXlsx, isXlsx, listSheets, sheetHash } from './xlsx-source';

type ImportMethods = typeof importMethods;
export type ImportHandlers = {
  [M in keyof ImportMethods]: (params: z.output<ImportMethods[M]['params']>, ctx: JobContext) => Promise<z.output<ImportMethods[M]['result']>>;
};

export interface ImportHandlerOptions {
  /** Bundled, read-only presets (resources/presets); none when absent. */
  builtinPresetsDir?: string | null;
}

/** Handlers of the import methods, merged into the engine's handler table by the Engine. */
export function createImportHandlers(workspace: Workspace, options: ImportHandlerOptions = {}): ImportHandlers {
  const folders = () => presetFoldersFor(workspace.path, options.builtinPresetsDir);
  return {
    'import.detect': (params, ctx) =>
      workspace.withSession(ctx, async (session) => {
        const lookup = (sha: string) => findImportByHash(session, sha);
        const table = params.table ? { table: params.table } : {};
        let result: DetectResult;
        if (isXlsx(params.path)) {
          const file = path.resolve(params.path);
          const headerLine = params.headerLine ?? params.overrides.headerLine;
          const { layout, sheet, sheets } = await detectXlsx(file, params.sheets?.[0], { headerLine, hasHeader: params.overrides.hasHeader }, ctx);
          const sha = sheetHash(await cachedFileHash(file, ctx), sheet);
          result = { ...(await describeLayout(file, layout, sha, { ...table, previewRows: params.previewRows }, lookup, 'xlsx')), sheet, sheets: sheets.map((s) => ({ name: s.name, index: s.index })) };
        } else if (isParquet(params.path)) {
          const file = path.resolve(params.path);
          const layout = await parquetLayout(session, file, (await fs.promises.stat(file)).size);
          result = await describeLayout(file, layout, await cachedFileHash(file, ctx), { ...table, previewRows: params.previewRows }, lookup, 'parquet');
        } else {
          const overrides = params.headerLine !== undefined && params.overrides.headerLine === undefined ? { ...params.overrides, headerLine: params.headerLine } : params.overrides;
          result = await detectFile(params.path, { overrides, previewRows: params.previewRows, ...table }, ctx, lookup);
        }
        // Shown on screen: personal columns of the sample masked unless the user has unmasked.
        const shown = params.unmasked ? result : maskDetectResult(result);
        return { ...shown, matchingPreset: matchPreset(folders(), result.headers) };
      }),
    'import.checkFiles': (params, ctx) => workspace.withSession(ctx, (session) => checkFiles(session, params, ctx, (sha) => findImportByHash(session, sha))),
    'import.run': async (params, jobCtx) => {
      const ctx = withRowEstimates(jobCtx);
      // The data-quality checks are not run here: the import is done when its rows are committed,
      // and its summary asks data.quality next (the wizard with examples, the CLI for the counts).
      // One queued write: the import, then (its own transaction) the profile rebuild it calls for,
      // so no other write lands between them. Each announces itself once it committed.
      return workspace.write(ctx, async (session, publish) => {
        // Replacing a large table: a backup of the workspace first (workspace-backup.ts).
        await backupBeforeReplace(workspace.path, session, params);
        const run = await runImport(session, params, ctx);
        publish(['tables.changed', 'imports.changed']);
        // The result is shown on screen (the wizard's summary): rejected rows leave masked. Clear
        // values are in _sw_import_rejects, through import.history with `unmasked`.
        const layouts = await rawLineLayouts(session, [run.importId]);
        const rejects = run.rejects.map((r) => maskReject(r, layouts.get(rawLineKey(run.importId, r.file)) ?? null));
        // The values that did not convert are quoted as the rejects' reasons are: masked by shape.
        const valueRejects = run.valueRejects.map((v) => ({ ...v, examples: v.examples.map((e) => ({ ...e, value: maskLooseText(e.value) })) }));
        const profile = params.rebuildProfile && !run.files.every((f) => f.skipped) ? await rebuildStaleProfile(session, ctx, new Date()) : null;
        if (profile?.rebuilt) publish(['profile.rebuilt', 'tables.changed']);
        return { ...run, rejects, valueRejects, profile };
      });
    },
    'import.sheets': async (params, ctx) => {
      const file = path.resolve(params.path);
      return { path: file, sheets: await listSheets(file, params.previewRows, ctx) };
    },
    'import.profile': async (params, ctx) => {
      const profile = await workspace.withSession(ctx, (session) => profileTable(session, params.table, params));
      return params.unmasked ? profile : maskProfile(profile);
    },
    'import.history': async (params, ctx) => {
      const masked = !params.unmasked;
      return workspace.withSession(ctx, async (session) => {
        const history = await listImports(session, params);
        if (!masked) return { ...history, masked };
        const layouts = await rawLineLayouts(session, history.imports.map((i) => i.importId));
        const maskOne = (importId: string) => (r: ImportReject) => maskReject(r, layouts.get(rawLineKey(importId, r.file)) ?? null);
        return { ...history, masked, imports: history.imports.map((i) => ({ ...i, rejects: i.rejects.map(maskOne(i.importId)) })) };
      });
    },
    'import.validatePreset': async (params) => parsePreset(params.preset, 'the preset'),
    'import.presets.list': async () => listPresets(folders()),
    'import.presets.save': async (params) => savePreset(folders(), params.name, params.preset, params.overwrite),
    'data.quality': async (params, ctx) => {
      const result = await workspace.withSession(ctx, (session) => runQualityChecks(session, params));
      return params.unmasked ? result : maskQualityResult(result);
    },
  };
}
