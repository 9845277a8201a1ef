import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { EngineClient } from '../../shared/engine-client';
import { AppError, isCancellation, toAppError } from '../../shared/errors';
import { DATA_FILE_EXTENSIONS } from '../../shared/file-methods';
import { encodingSchema, importModeSchema, importPresetSchema, runParamsSchema, type ProfileRebuild, type QualityResult, type RunResult } from '../../shared/import-types';
import { readJsonFile, workspaceOption } from '../cli-options';
import { withEngine } from '../engine-session';
import { terminalProgress } from '../terminal-progress';

export const IMPORT_USAGE =
  'segment-workbench import FILE... --table TABLE [--mapping PRESET.json] [--encoding gbk] [--mode replace|append] [--force] [--no-profile] [--workspace PATH] [--json]\n' +
  '    After the import, the data-quality checks run and their failures are printed; a customer profile that was built before is rebuilt (same analysis date, with a progress bar); --no-profile leaves it marked out of date.';

/** Imports files with the same engine code as the wizard: detected settings and suggested mapping unless a preset says otherwise. */
export async function importCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      table: { type: 'string' },
      mapping: { type: 'string' },
      encoding: { type: 'string' },
      mode: { type: 'string' },
      workspace: { type: 'string' },
      json: { type: 'boolean' },
      force: { type: 'boolean' },
      'no-profile': { type: 'boolean' },
    },
  });
  if (positionals.length === 0) throw new AppError('INVALID_ARGUMENT', `no file given. Usage: ${IMPORT_USAGE}`);
  const preset = values.mapping ? readPreset(values.mapping) : null;
  const table = values.table ?? preset?.table;
  if (!table) throw new AppError('INVALID_ARGUMENT', `--table is required. Usage: ${IMPORT_USAGE}`, { option: 'table' });
  const encoding = values.encoding === undefined ? undefined : encodingSchema.safeParse(values.encoding.toLowerCase());
  if (encoding && !encoding.success) throw new AppError('INVALID_ARGUMENT', `--encoding must be one of ${encodingSchema.options.join(', ')}`, { option: 'encoding', value: values.encoding ?? '' });
  const mode = importModeSchema.safeParse(values.mode ?? 'replace');
  if (!mode.success) throw new AppError('INVALID_ARGUMENT', `--mode must be replace or append, got "${values.mode}"`, { option: 'mode', value: values.mode ?? '' });
  const params = (files: string[]) => runParamsSchema.safeParse({
    files,
    table,
    mode: mode.data,
    overrides: { ...(preset?.settings ?? {}), ...(encoding?.data ? { encoding: encoding.data } : {}) },
    ...(preset ? { mapping: preset.mapping, types: preset.types ?? {}, ...(preset.numericDirection ? { numericDirection: preset.numericDirection } : {}), valueMaps: preset.valueMaps ?? {}, lookups: preset.lookups ?? [] } : {}),
    allowReimport: values.force ?? false,
    // The engine rebuilds a profile the import made stale (its one policy, as for the app).
    rebuildProfile: !values['no-profile'],
  });
  const checked = params(positionals);
  if (!checked.success) throw new AppError('INVALID_ARGUMENT', checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));

  return withEngine(workspaceOption(values.workspace), async (client, signal) => {
    const parsed = params(await expandFolders(client, positionals, signal));
    if (!parsed.success) throw new AppError('INVALID_ARGUMENT', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    let bar = terminalProgress(`import ${table}`);
    let rebuilding = false;
    let result: RunResult;
    try {
      result = await client.call('import.run', parsed.data, {
        signal,
        onProgress: (p) => {
          if (!rebuilding && p.message?.key === 'progress.import.profile') {
            // The rows have committed; the engine now rebuilds the profile in the same job: a bar of its own.
            rebuilding = true;
            bar.done();
            bar = terminalProgress('rebuild customer profile');
          }
          bar.update(p);
        },
      });
    } finally {
      bar.done();
    }
    const skippedAll = result.files.every((f) => f.skipped);
    // The import has committed; the checks are their own job and cannot undo it.
    const quality = skippedAll ? null : await qualityChecks(client, signal);
    const profile = profileOutcome(result.profile);
    if (values.json) {
      const out = {
        table: result.table,
        rows_read: result.rowsRead,
        rows_loaded: result.rowsLoaded,
        rows_rejected: result.rowsRejected,
        rows_duplicate: result.rowsDuplicate,
        rejects: result.rejects.map((r) => ({ file: r.file, line: r.line, column: r.column, code: r.code, params: r.params, reason: r.reason })),
        ...(quality && 'checks' in quality ? { quality_failed: quality.checks.filter((c) => c.count > 0).map((c) => ({ check: c.id, table: c.table, column: c.column, count: c.count })) } : {}),
        ...(quality && 'error' in quality ? { quality_error: quality.error } : {}),
        profile_rebuilt: profile?.rebuilt ?? false,
        ...(profile?.rebuilt ? { profile_as_of: profile.asOf, profile_customers: profile.customers } : {}),
        ...(profile?.error ? { profile_error: profile.error } : {}),
      };
      process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    } else {
      process.stdout.write(formatSummary(result));
      if (quality) process.stdout.write(formatQuality(quality));
      if (profile?.rebuilt) process.stdout.write(`customer profile rebuilt as of ${profile.asOf}: ${profile.customers} customers (${(profile.elapsedMs / 1000).toFixed(1)} s)\n`);
    }
    if (skippedAll) {
      process.stderr.write('nothing loaded: every file was imported before (same content); use --force to import again\n');
      return 1;
    }
    if (profile?.error) {
      process.stderr.write(`the import succeeded, but the customer profile was not rebuilt: ${profile.error} (it stays marked out of date)\n`);
      return profile.cancelled ? 130 : 1;
    }
    return 0;
  });
}

/**
 * A folder among the files stands for its data files, sub-folders included, in natural order —
 * the wizard's folder pick (monthly exports in a folder per year).
 */
async function expandFolders(client: EngineClient, files: string[], signal: AbortSignal): Promise<string[]> {
  const expanded: string[] = [];
  for (const file of files) {
    if (!fs.statSync(file, { throwIfNoEntry: false })?.isDirectory()) {
      expanded.push(file);
      continue;
    }
    const listed = await client.call('files.dataFiles', { dir: path.resolve(file) }, { signal });
    if (listed.files.length === 0) {
      throw new AppError('INVALID_ARGUMENT', `the folder ${file} holds no data files (${DATA_FILE_EXTENSIONS.join(', ')})`, { file }, 'error.CLI_EMPTY_FOLDER');
    }
    process.stderr.write(`${file}: ${listed.files.length} data files\n`);
    expanded.push(...listed.files.map((f) => f.path));
  }
  return expanded;
}

/** The data-quality checks across the tables as they now are (what the wizard's summary shows). */
async function qualityChecks(client: EngineClient, signal: AbortSignal): Promise<QualityResult | { error: string }> {
  try {
    return await client.call('data.quality', { examples: 0, unmasked: false }, { signal });
  } catch (error) {
    // Cancelled too: the import has committed, and the summary must still say so.
    return { error: toAppError(error).message };
  }
}

function formatQuality(q: QualityResult | { error: string }): string {
  if ('error' in q) return `data-quality checks did not run: ${q.error}\n`;
  const failed = q.checks.filter((c) => c.count > 0);
  if (failed.length === 0) return `data quality: ${q.checks.length} checks passed\n`;
  const lines = [`data quality: ${failed.length} of ${q.checks.length} checks failed`];
  for (const c of failed) lines.push(`  ${c.id} ${c.table}${c.column ? `.${c.column}` : ''}: ${c.count}`);
  return `${lines.join('\n')}\n`;
}

type ProfileOutcome =
  | { rebuilt: true; asOf: string; customers: number; elapsedMs: number; error?: undefined; cancelled?: undefined }
  | { rebuilt: false; error: string; cancelled: boolean };

/** What the engine's rebuild after the import did, as the CLI reports it. null: nothing to rebuild. */
function profileOutcome(rebuild: ProfileRebuild | null): ProfileOutcome | null {
  if (rebuild === null) return null;
  if (rebuild.rebuilt) return { rebuilt: true, asOf: rebuild.asOf ?? '', customers: rebuild.customers ?? 0, elapsedMs: rebuild.elapsedMs };
  const error = rebuild.error;
  return { rebuilt: false, error: error?.message ?? 'unknown error', cancelled: error?.code === 'CANCELLED' || error?.code === 'SUPERSEDED' };
}

function readPreset(file: string) {
  const json = readJsonFile(file, 'the mapping preset');
  const parsed = importPresetSchema.safeParse(json);
  if (!parsed.success) {
    throw new AppError('INVALID_ARGUMENT', `${file} is not a valid import preset: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, { file }, 'error.IMPORT_PRESET_INVALID');
  }
  return parsed.data;
}

function formatSummary(r: RunResult): string {
  const lines = [
    `${r.table}: ${r.rowsRead} rows read, ${r.rowsLoaded} loaded, ${r.rowsRejected} rejected${r.rowsDuplicate ? `, ${r.rowsDuplicate} duplicates skipped` : ''} (${(r.elapsedMs / 1000).toFixed(1)} s)`,
  ];
  for (const f of r.files) if (f.skipped) lines.push(`  skipped ${f.file}: imported before (use --force)`);
  for (const x of r.rejects.slice(0, 20)) lines.push(`  rejected ${x.file}:${x.line ?? '?'}${x.column ? ` [${x.column}]` : ''}: ${x.reason}`);
  if (r.rowsRejected > 20) lines.push(`  … all rejected rows are in _sw_import_rejects (import_id ${r.importId})`);
  if (r.failedChecks.length) lines.push(`  checks failed: ${r.failedChecks.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
