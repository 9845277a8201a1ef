import {
  csvSettingsOverrideSchema,
  DEFAULT_NUMERIC_THRESHOLD,
  type CsvSettings,
  type DetectResult,
  type DuplicatePolicy,
  type ImportPreset,
  type InvalidValuePolicy,
  type Lookup,
  type NumericDirection,
  type RunParams,
  type ValueMaps,
} from '../../../shared/import-types';
import { canonicalColumn } from '../../../shared/canonical-model';
import type { MethodParams } from '../../../shared/methods';
import { duplicateTargets, NO_EDITS, toRunMapping, type MappingEdits, type MappingRow } from './mapping-draft';

/** Everything the analyst decided on the preview step; import.run is made from it. */
export interface ImportPlan {
  /** Reading settings the analyst set (the rest stay as detected). */
  overrides: Partial<CsvSettings>;
  /** The chosen target table; null: the suggested one. */
  table: string | null;
  mode: RunParams['mode'];
  edits: MappingEdits;
  /** The analyst confirmed importing a file whose content was imported before. */
  allowReimport: boolean;
  /** Excel: the sheets to import (the first is previewed); null: the detected sheet. */
  sheets: string[] | null;
  /** The preset last applied, if any (its suggestion is then not offered again). */
  preset: string | null;
  /** What the direction codes 1 and 2 mean in these files. */
  numericDirection: NumericDirection;
  /** Value checks (issue 11): the share of numbers that keeps a column numeric, and what becomes of the other values. */
  numericThreshold: number;
  invalidValues: InvalidValuePolicy;
  /** Missing-value tokens the analyst accepted (offered by the preview). */
  nullTokens: string[];
  /** Two-digit years: 00…pivot are 20xx; null: chosen from the file's dates. */
  centuryPivot: number | null;
  duplicates: DuplicatePolicy;
  /** From a preset: code maps and lookups. */
  valueMaps: ValueMaps;
  lookups: Lookup[];
}

export const INITIAL_PLAN: ImportPlan = {
  overrides: {},
  table: null,
  mode: 'replace',
  edits: NO_EDITS,
  allowReimport: false,
  sheets: null,
  preset: null,
  numericDirection: '1_debit',
  numericThreshold: DEFAULT_NUMERIC_THRESHOLD,
  invalidValues: 'reject-row',
  nullTokens: [],
  centuryPivot: null,
  duplicates: 'keep-first',
  valueMaps: {},
  lookups: [],
};

/** Whether a column is read as a direction (mapped to one, or typed so): then the 1/2 convention matters. */
export function readsDirection(table: string, rows: readonly MappingRow[]): boolean {
  return rows.some((r) => r.typeOverride === 'direction' || (r.typeOverride === null && r.target !== null && canonicalColumn(table, r.target)?.kind === 'direction'));
}

/** How many rejected rows the summary lists and the download holds (all are kept in the workspace). */
export const REJECT_SAMPLE = 10_000;

export function effectiveTable(plan: ImportPlan, detected: Pick<DetectResult, 'suggestedTable'>): string {
  return plan.table ?? detected.suggestedTable.table;
}

/** Another target table: its own suggested mapping, so the analyst's column choices are dropped. */
export function withTable(plan: ImportPlan, table: string): ImportPlan {
  return { ...plan, table, edits: NO_EDITS };
}

export type BlockReason = 'duplicate-targets' | 'reimport-unconfirmed' | 'no-files' | 'checking-files' | 'files-flagged';

/** What the multi-file check says of the files about to be imported (absent: one file, no check). */
export interface FilesVerdict {
  /** The check is still running (the analyst may stop it, and then start). */
  checking: boolean;
  /** Files that cannot be imported as planned (to be dropped first). */
  flagged: number;
}

/**
 * Why Start is disabled, if it is. One file imported before waits for "import it again"; among
 * several, such files are listed and skipped unless the analyst ticks it (import.run's own rule),
 * so the new month of a folder imports without dropping the old ones.
 */
export function blockReasons(
  plan: ImportPlan,
  detected: Pick<DetectResult, 'alreadyImported'>,
  rows: readonly MappingRow[],
  fileCount: number,
  files: FilesVerdict = { checking: false, flagged: 0 },
): BlockReason[] {
  const reasons: BlockReason[] = [];
  if (fileCount === 0) reasons.push('no-files');
  if (duplicateTargets(rows).length > 0) reasons.push('duplicate-targets');
  if (fileCount === 1 && detected.alreadyImported !== null && !plan.allowReimport) reasons.push('reimport-unconfirmed');
  if (files.checking) reasons.push('checking-files');
  if (files.flagged > 0) reasons.push('files-flagged');
  return reasons;
}

export function runParamsFor(
  plan: ImportPlan,
  detected: Pick<DetectResult, 'suggestedTable' | 'format' | 'sheet'>,
  rows: readonly MappingRow[],
  files: readonly string[],
): MethodParams<'import.run'> {
  const { mapping, types } = toRunMapping(rows);
  const sheets = detected.format === 'xlsx' ? selectedSheets(plan, detected) : [];
  return {
    ...(sheets.length > 0 ? { sheets } : {}),
    files: [...files],
    table: effectiveTable(plan, detected),
    mode: plan.mode,
    overrides: plan.overrides,
    mapping,
    types,
    numericDirection: plan.numericDirection,
    allowReimport: plan.allowReimport,
    rejectSample: REJECT_SAMPLE,
    numericThreshold: plan.numericThreshold,
    invalidValues: plan.invalidValues,
    nullTokens: [...plan.nullTokens],
    ...(plan.centuryPivot !== null ? { centuryPivot: plan.centuryPivot } : {}),
    duplicates: plan.duplicates,
    valueMaps: plan.valueMaps,
    lookups: [...plan.lookups],
  };
}

/** What import.checkFiles is asked for the files about to be imported: the plan import.run would get, without hashing said. */
export type CheckRequest = Omit<MethodParams<'import.checkFiles'>, 'hash'>;

export function checkRequestFor(
  plan: ImportPlan,
  detected: Pick<DetectResult, 'suggestedTable' | 'format' | 'sheet'>,
  rows: readonly MappingRow[],
  files: readonly string[],
): CheckRequest {
  const run = runParamsFor(plan, detected, rows, files);
  return { files: run.files, overrides: plan.overrides, ...(run.sheets ? { sheets: run.sheets } : {}), table: run.table, ...(run.mapping ? { mapping: run.mapping } : {}) };
}

/** Excel: the sheets chosen, or the one detection showed. */
export function selectedSheets(plan: Pick<ImportPlan, 'sheets'>, detected: Pick<DetectResult, 'sheet'>): string[] {
  return plan.sheets ?? (detected.sheet !== undefined ? [detected.sheet] : []);
}

/**
 * Ticks or unticks a sheet. A newly ticked sheet goes first, so the preview shows it; the last
 * one cannot be unticked (something must be imported).
 */
export function toggleSheet(plan: ImportPlan, detected: Pick<DetectResult, 'sheet'>, sheet: string): ImportPlan {
  const current = selectedSheets(plan, detected);
  const next = current.includes(sheet) ? current.filter((s) => s !== sheet) : [sheet, ...current];
  return next.length === 0 ? plan : { ...plan, sheets: next };
}

/**
 * A saved preset applied to the plan: its table, reading settings, column choices and types.
 * The choices are kept as edits, so detection re-runs for the preset's table and they win.
 */
export function applyPreset(plan: ImportPlan, preset: ImportPreset): ImportPlan {
  return {
    ...plan,
    table: preset.table,
    overrides: { ...(preset.settings ?? {}) },
    edits: { targets: { ...preset.mapping }, types: { ...(preset.types ?? {}) } },
    preset: preset.name,
    numericDirection: preset.numericDirection ?? '1_debit',
    valueMaps: preset.valueMaps ?? {},
    lookups: preset.lookups ?? [],
  };
}

/** The plan as a preset file: version 1, for exactly these headers. */
export function presetFromPlan(name: string, plan: ImportPlan, detected: Pick<DetectResult, 'suggestedTable' | 'headers'>, rows: readonly MappingRow[]): ImportPreset {
  const { mapping, types } = toRunMapping(rows);
  const settings = csvSettingsOverrideSchema.parse(plan.overrides);
  return {
    version: 1,
    name,
    table: effectiveTable(plan, detected),
    headers: [...detected.headers],
    ...(Object.keys(settings).length > 0 ? { settings } : {}),
    mapping,
    ...(Object.keys(types).length > 0 ? { types } : {}),
    ...(plan.numericDirection !== '1_debit' ? { numericDirection: plan.numericDirection } : {}),
    ...(Object.keys(plan.valueMaps).length > 0 ? { valueMaps: plan.valueMaps } : {}),
    ...(plan.lookups.length > 0 ? { lookups: plan.lookups } : {}),
  };
}
