import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { AppError } from '../../shared/errors';
import { importPresetSchema, type ImportPreset, type PresetSummary } from '../../shared/import-types';
import { normalizeHeader } from './header-synonyms';

/**
 * Mapping presets: JSON files validated by importPresetSchema. Saved ones live in a folder beside
 * the workspace (`<workspace>.presets/`); built-ins (read-only) in a bundled folder. A preset is
 * offered for a file whose header set equals the preset's (order, case, spacing ignored).
 */
export interface PresetFolders {
  /** null for an in-memory workspace (nothing can be saved). */
  workspace: string | null;
  builtin: string | null;
}

export function presetFoldersFor(workspacePath: string, builtinDir?: string | null): PresetFolders {
  return { workspace: workspacePath === ':memory:' ? null : `${path.resolve(workspacePath)}.presets`, builtin: builtinDir ?? null };
}

/** "mapping.客户号: expected string, received number; table: …" — every failing field, by its path. */
export function presetIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(preset)'}: ${i.message}`).join('; ');
}

export function parsePreset(value: unknown, origin: string): ImportPreset {
  const parsed = importPresetSchema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new AppError(
      'INVALID_ARGUMENT',
      `${origin} is not a valid import preset: ${presetIssues(parsed.error)}`,
      { field: first ? first.path.join('.') || '(preset)' : null, origin, message: presetIssues(parsed.error) },
      'error.IMPORT_PRESET_INVALID',
    );
  }
  return parsed.data;
}

function readFolder(folder: string | null, source: PresetSummary['source'], presets: PresetSummary[], invalid: Array<{ file: string; message: string }>): void {
  if (!folder || !fs.existsSync(folder)) return;
  for (const name of fs.readdirSync(folder).filter((f) => f.toLowerCase().endsWith('.json')).sort()) {
    const file = path.join(folder, name);
    try {
      const preset = parsePreset(JSON.parse(fs.readFileSync(file, 'utf8')), name);
      presets.push({ name: preset.name, source, file, preset });
    } catch (error) {
      invalid.push({ file, message: error instanceof Error ? error.message : String(error) });
    }
  }
}

export function listPresets(folders: PresetFolders): { folder: string | null; presets: PresetSummary[]; invalid: Array<{ file: string; message: string }> } {
  const presets: PresetSummary[] = [];
  const invalid: Array<{ file: string; message: string }> = [];
  readFolder(folders.workspace, 'workspace', presets, invalid);
  readFolder(folders.builtin, 'builtin', presets, invalid);
  return { folder: folders.workspace, presets, invalid };
}

export function savePreset(folders: PresetFolders, name: string, value: unknown, overwrite: boolean): PresetSummary {
  if (!folders.workspace) throw new AppError('INVALID_ARGUMENT', 'an in-memory workspace has no presets folder', {}, 'error.IMPORT_PRESET_NO_FOLDER');
  const named = value !== null && typeof value === 'object' && !Array.isArray(value) ? { ...(value as Record<string, unknown>), name } : value;
  const preset = parsePreset(named, `preset "${name}"`);
  fs.mkdirSync(folders.workspace, { recursive: true });
  const file = path.join(folders.workspace, `${name}.json`);
  if (!overwrite && fs.existsSync(file)) throw new AppError('INVALID_ARGUMENT', `a preset named "${name}" exists`, { name }, 'error.IMPORT_PRESET_EXISTS');
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify(preset, null, 2)}\n`, 'utf8');
  fs.renameSync(temp, file);
  return { name, source: 'workspace', file, preset };
}

/** The header set a preset was made for: its headers, or (older presets) its mapping's sources. */
function headerSet(headers: string[]): string {
  return JSON.stringify([...new Set(headers.map(normalizeHeader))].sort());
}

export function matchPreset(folders: PresetFolders, headers: string[]): PresetSummary | null {
  const wanted = headerSet(headers);
  const { presets } = listPresets(folders);
  return presets.find((p) => headerSet(p.preset.headers ?? Object.keys(p.preset.mapping)) === wanted) ?? null;
}
